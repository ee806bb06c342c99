"""The run report: what was read, converted, rejected and skipped, and every Issue raised.

The CLI's `--json` output is `RunReport.to_json()`, the summary table is rendered from it, and the
report workbook carries its issues.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from catalog_migrate.model import Issue, Severity


class RunReport(BaseModel):
    input: str
    format: str
    target: str
    currency: str
    profile: str
    dry_run: bool = False
    products_read: int = 0
    skus_read: int = 0
    products_converted: int = 0
    skus_converted: int = 0
    products_rejected: int = 0
    skus_rejected: int = 0
    products_skipped_by_review: int = 0
    skus_skipped_by_review: int = 0
    output: str | None = None
    report: str | None = None
    decisions: str | None = None
    issues: list[Issue] = Field(default_factory=list)

    @property
    def warnings(self) -> int:
        return sum(1 for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def exit_code(self) -> int:
        """0: every product converted (or skipped by review); 1: some SKUs or products rejected."""
        return 1 if self.products_rejected or self.skus_rejected else 0

    def top_codes(self, count: int = 5) -> list[tuple[str, int]]:
        tally = Counter(issue.code for issue in self.issues)
        return sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:count]

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "format": self.format,
            "target": self.target,
            "currency": self.currency,
            "profile": self.profile,
            "dry_run": self.dry_run,
            "products_read": self.products_read,
            "skus_read": self.skus_read,
            "products_converted": self.products_converted,
            "skus_converted": self.skus_converted,
            "products_rejected": self.products_rejected,
            "skus_rejected": self.skus_rejected,
            "products_skipped_by_review": self.products_skipped_by_review,
            "skus_skipped_by_review": self.skus_skipped_by_review,
            "warnings": self.warnings,
            "errors": self.errors,
            "output": self.output,
            "report": self.report,
            "decisions": self.decisions,
            "issues": [issue_json(issue) for issue in self.issues],
        }


def issue_json(issue: Issue) -> dict[str, Any]:
    return {
        "code": issue.code,
        "severity": issue.severity.value,
        "message": issue.message,
        "product_id": issue.product_key,
        "seller_sku": issue.sku,
        "field": issue.field,
        "source_row": issue.source_row,
    }
