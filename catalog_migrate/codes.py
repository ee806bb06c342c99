"""Every Issue code the tool can raise, with its meaning and the stage that raises it.

The README's table of issue codes is checked against this catalogue by the tests, so a new code
cannot ship undocumented.
"""

from __future__ import annotations

from catalog_migrate.images import CODES as IMAGE_CODES
from catalog_migrate.mapping import ISSUE_CODES as MAPPING_CODES
from catalog_migrate.mapping.overrides import CODES as OVERRIDE_CODES
from catalog_migrate.publish import CODES as PUBLISH_CODES
from catalog_migrate.sources.dianxiaomi_export import CODES as DIANXIAOMI_EXPORT_CODES
from catalog_migrate.sources.dianxiaomi_import import CODES as DIANXIAOMI_IMPORT_CODES
from catalog_migrate.sources.tiktok_sheet import CODES as SOURCE_CODES
from catalog_migrate.targets.alibaba_rules import CODES as ALIBABA_CODES
from catalog_migrate.translate import CODES as TRANSLATE_CODES

PIPELINE_CODES: dict[str, str] = {
    "decisions.other_export": "the decisions file was saved while reviewing another export; "
    "only decisions on products with the same ID are applied (warning)",
    "profile.not_from_review": "--profile names another file than the profile review saved for "
    "this export: the mapping edits made in review are not applied (warning)",
    "review.stale": "the product changed since it was reviewed; its decision was not applied and "
    "the listing shows as pending (warning)",
}

STAGES: dict[str, dict[str, str]] = {
    "read": {**SOURCE_CODES, **DIANXIAOMI_IMPORT_CODES, **DIANXIAOMI_EXPORT_CODES},
    "map": MAPPING_CODES,
    "translate": TRANSLATE_CODES,
    "images": IMAGE_CODES,
    "review": {**OVERRIDE_CODES, **PIPELINE_CODES},
    "alibaba": ALIBABA_CODES,
    "publish": PUBLISH_CODES,
}


def all_codes() -> dict[str, list[tuple[str, str]]]:
    """code -> [(stage, meaning), ...]; a code may be raised by more than one stage."""
    catalogue: dict[str, list[tuple[str, str]]] = {}
    for stage, codes in STAGES.items():
        for code, meaning in codes.items():
            catalogue.setdefault(code, []).append((stage, meaning))
    return dict(sorted(catalogue.items()))


def markdown_table() -> str:
    lines = ["| Code | Stage | Meaning |", "|---|---|---|"]
    for code, entries in all_codes().items():
        for stage, meaning in entries:
            lines.append(f"| `{code}` | {stage} | {meaning.replace('|', '/')} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
