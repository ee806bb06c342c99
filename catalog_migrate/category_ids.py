"""The optional third column of the category map: the channel's own category id.

`source_category,target_category,target_category_id`: publishing through a channel's API needs
the leaf category's id, which a bulk-upload workbook does not (alibaba-open-platform.md §1.2:
`cat_id`, leaf categories only). Two-column rows stay valid; they simply give no id. Ids are
looked up by the target category a listing ends with, so a category chosen in review or mapped by
a parent path finds its id too.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from catalog_migrate.profile import Profile, ProfileError
from catalog_migrate.spreadsheet.formula_guard import restore_formula_text

ID_COLUMN = "target_category_id"


def category_key(category: str) -> str:
    return " ".join(category.split()).casefold()


def map_path(profile: Profile) -> Path | None:
    if profile.path is None:
        return None
    return profile.path.parent / profile.categories.map_file


def read_category_ids(path: Path) -> dict[str, str]:
    """target category (compared without case or extra spaces) -> id, from the map's third
    column. The map itself was read and checked when the profile was loaded."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}  # the profile loader already said what is wrong with it
    ids: dict[str, str] = {}
    where: dict[str, int] = {}
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None) or []
        if len(header) < 3 or header[2].strip() != ID_COLUMN:
            return {}
        for line_number, row in enumerate(reader, start=2):
            if len(row) < 3 or not row[2].strip() or len(row) < 2:
                continue
            target = category_key(restore_formula_text(row[1]))
            found = restore_formula_text(row[2]).strip()
            if not found.isascii() or not found.isdigit():
                raise ProfileError(
                    f"category map {path.name} line {line_number}: {ID_COLUMN} must be the "
                    f"channel's numeric category id, not {found!r}"
                )
            if target in ids and ids[target] != found:
                raise ProfileError(
                    f"category map {path.name} line {line_number}: {row[1].strip()!r} has id "
                    f"{found} here and {ids[target]} on line {where[target]}; give one id"
                )
            ids[target] = found
            where.setdefault(target, line_number)
    return ids


def category_id_for(category: str, ids: dict[str, str]) -> str | None:
    return ids.get(category_key(category)) if category.strip() else None
