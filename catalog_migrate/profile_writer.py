"""Save a seller's own profile: the TOML file and its category map CSV.

The review app's mappings view edits the category map, the attribute-name table and the unit per
category; the result is written into the profile file the seller gave with `--profile` (and its
category map), or, for a shipped profile, as `<input stem>.profile.toml` plus
`<input stem>.categories.csv` beside the export, which the next `convert` of it uses.

The TOML is written by hand for the few structures a profile has (tables, arrays of tables,
arrays of scalars, strings, numbers, booleans); decimals are written as strings so they are
read back exactly. Dictionary keys are sorted so saving the same profile twice gives the same
bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog_migrate.profile import Profile, shipped_dir
from catalog_migrate.spreadsheet.atomic import atomic_outputs
from catalog_migrate.spreadsheet.formula_guard import neutralise_formula

PROFILE_SUFFIX = ".profile.toml"
CATEGORIES_SUFFIX = ".categories.csv"


def seller_profile_path(input_path: Path) -> Path:
    """Where the seller's own profile for an export lives: `<input stem>.profile.toml` beside it."""
    return input_path.with_name(input_path.stem + PROFILE_SUFFIX)


def is_shipped(path: Path) -> bool:
    """A file of the profiles shipped with the tool: never written, a copy is saved instead."""
    try:
        return path.resolve().is_relative_to(shipped_dir().resolve())
    except OSError:
        return False


def where_to_save(profile: Profile, input_path: Path) -> Path:
    """Where review saves mapping edits: the profile file the seller gave, when it is the seller's
    own, else `<input stem>.profile.toml` beside the export."""
    if profile.path is not None and not is_shipped(profile.path):
        return profile.path
    return seller_profile_path(input_path)


def map_to_save(profile: Profile, path: Path) -> Path:
    """The category map saved with the profile at `path`: the seller's own map file when the
    profile was read from `path` and names one, else `<stem>.categories.csv` beside it."""
    if profile.path is not None and profile.path == path:
        current = path.parent / profile.categories.map_file
        if not is_shipped(current):
            return current
    return category_map_path(path)


def category_map_path(profile_path: Path) -> Path:
    name = profile_path.name
    stem = name[: -len(PROFILE_SUFFIX)] if name.endswith(PROFILE_SUFFIX) else profile_path.stem
    return profile_path.with_name(stem + CATEGORIES_SUFFIX)


def save_seller_profile(
    profile: Profile,
    path: Path,
    *,
    category_map: Mapping[str, str],
    attribute_names: Mapping[str, str],
    units_by_category: Mapping[str, str],
) -> Path:
    """Write `profile` with these three tables to `path` and its category map beside it.

    Returns the category map's path. The two files are replaced as one pair (both or neither), so
    the TOML never points to a map that is not there yet or is an older one.
    """
    map_path = map_to_save(profile, path)
    updated = profile.model_copy(
        update={
            "attributes": profile.attributes.model_copy(update={"names": dict(attribute_names)}),
            "units": profile.units.model_copy(update={"by_category": dict(units_by_category)}),
            "categories": profile.categories.model_copy(
                update={"map_file": _relative_name(map_path, path, profile)}
            ),
        }
    )
    with atomic_outputs(map_path, path) as staged:
        map_temp, profile_temp = staged.temps
        map_temp.write_text(category_map_csv(category_map), encoding="utf-8", newline="\n")
        profile_temp.write_text(profile_toml(updated), encoding="utf-8", newline="\n")
    return map_path


def _relative_name(map_path: Path, profile_path: Path, profile: Profile) -> str:
    if map_path == profile_path.parent / profile.categories.map_file:
        return profile.categories.map_file  # the seller's own map, named as the seller named it
    return map_path.name


def category_map_csv(category_map: Mapping[str, str]) -> str:
    """The map as CSV; a cell a spreadsheet would run as a formula gets a guarding apostrophe.

    `profile.read_category_map` removes exactly the guards added here, so the map reads back as
    it was saved.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source_category", "target_category"])
    for source, target in sorted(category_map.items()):
        writer.writerow([neutralise_formula(source), neutralise_formula(target)])
    return buffer.getvalue()


def profile_toml(profile: Profile) -> str:
    data = profile.model_dump(exclude={"category_map", "path"})
    lines = ["# A seller's catalog-migrate profile, saved by `catalog-migrate review`."]
    lines.extend(_table_body(data))
    lines.extend(_subtables((), data))
    return "\n".join(lines) + "\n"


def _table_body(table: Mapping[str, Any]) -> list[str]:
    """The `key = value` lines of a table: its scalars and arrays of scalars."""
    return [
        f"{_key(key)} = {_value(value)}"
        for key, value in sorted(table.items())
        if not _is_table(value) and not _is_table_array(value) and value is not None
    ]


def _subtables(prefix: tuple[str, ...], table: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for key, value in sorted(table.items()):
        name = (*prefix, key)
        header = ".".join(_key(part) for part in name)
        if _is_table(value):
            lines.extend(["", f"[{header}]", *_table_body(value)])
            lines.extend(_subtables(name, value))
        elif _is_table_array(value):
            for item in value:
                lines.extend(["", f"[[{header}]]", *_table_body(item)])
                lines.extend(_subtables(name, item))
    return lines


def _is_table(value: object) -> bool:
    return isinstance(value, dict)


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _key(key: str) -> str:
    if key and all(char.isascii() and (char.isalnum() or char in "-_") for char in key):
        return key
    return _string(key)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _string(format(value, "f"))
    if isinstance(value, date):
        return _string(value.isoformat())
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"a profile value of type {type(value).__name__} cannot be written as TOML")


def _string(text: str) -> str:
    escaped: list[str] = []
    for char in text:
        if char == '"':
            escaped.append('\\"')
        elif char == "\\":
            escaped.append("\\\\")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
