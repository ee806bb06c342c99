"""Filling a template the seller downloaded from a channel (`convert --template FILE`)."""

from __future__ import annotations

from collections.abc import Sequence

from catalog_migrate.model import Issue

UNFILLED = "template.column_unfilled"
DUPLICATE = "template.column_duplicate"

CODES: dict[str, str] = {
    "template.column_duplicate": "a column of the --template names a field an earlier column "
    "already takes; it is left as the template has it (warning)",
    "template.column_unfilled": "a column of the --template matches no field the tool fills; it "
    "is left as the template has it: fill it by hand, or name its field under "
    "[template.columns] in the profile (warning)",
}


def template_lines(issues: Sequence[Issue]) -> list[str]:
    """The summary's line naming the template columns left as they were (none without any)."""
    labels = [repr(issue.field) for issue in issues if issue.code in (UNFILLED, DUPLICATE)]
    if not labels:
        return []
    shown = ", ".join(labels[:_SHOWN]) + (
        f", ... ({len(labels) - _SHOWN} more)" if len(labels) > _SHOWN else ""
    )
    columns = "column" if len(labels) == 1 else "columns"
    return [f"template: {len(labels)} {columns} not filled (see the report's Issues): {shown}"]


_SHOWN = 8
