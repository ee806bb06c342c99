"""Every Issue code the tool can raise, with its meaning and the stage that raises it.

The sources and targets are read from their registries (each declares its `codes`), so a new
format or channel's codes are listed without editing this file. The README's table of issue codes
is checked against this catalogue by the tests, so a new code cannot ship undocumented.
"""

from __future__ import annotations

from catalog_migrate.images import CODES as IMAGE_CODES
from catalog_migrate.mapping import ISSUE_CODES as MAPPING_CODES
from catalog_migrate.mapping.overrides import CODES as OVERRIDE_CODES
from catalog_migrate.publish import CODES as PUBLISH_CODES
from catalog_migrate.publish.item_schema import CODES as PUBLISH_DOCUMENT_CODES
from catalog_migrate.sources import SOURCES
from catalog_migrate.targets import TARGETS
from catalog_migrate.template_fill import CODES as TEMPLATE_CODES
from catalog_migrate.translate import CODES as TRANSLATE_CODES

PIPELINE_CODES: dict[str, str] = {
    "decisions.other_export": "the decisions file was saved while reviewing another export; "
    "only decisions on products with the same ID are applied (warning)",
    "profile.not_from_review": "--profile names another file than the profile review saved for "
    "this export: the mapping edits made in review are not applied (warning)",
    "review.stale": "the product changed since it was reviewed; its decision was not applied and "
    "the listing shows as pending (warning)",
}


def stages() -> dict[str, dict[str, str]]:
    """Stage -> its codes: `read` (every source), the pipeline's own stages, one per target."""
    read: dict[str, str] = {}
    for source in SOURCES.values():
        read.update(source.codes)
    return {
        "read": read,
        "map": MAPPING_CODES,
        "translate": TRANSLATE_CODES,
        "images": IMAGE_CODES,
        "review": {**OVERRIDE_CODES, **PIPELINE_CODES},
        "template": TEMPLATE_CODES,
        "publish": {**PUBLISH_CODES, **PUBLISH_DOCUMENT_CODES},
        **{name: dict(target.codes) for name, target in TARGETS.items()},
    }


# As the registries stand at import; `all_codes()` reads them anew.
STAGES: dict[str, dict[str, str]] = stages()


def all_codes() -> dict[str, list[tuple[str, str]]]:
    """code -> [(stage, meaning), ...]; a code may be raised by more than one stage."""
    catalogue: dict[str, list[tuple[str, str]]] = {}
    for stage, codes in stages().items():
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
