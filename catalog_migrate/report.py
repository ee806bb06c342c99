"""The run report: what was read, converted, rejected and skipped, and every Issue raised.

The CLI's `--json` output is `RunReport.to_json()`, the summary table is rendered from it, and the
report workbook carries its issues.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from catalog_migrate.model import Issue, Severity


class NotReady(BaseModel):
    """Why some listings are not ready: an Issue code, how many listings it names, the fix."""

    code: str
    listings: int
    remedy: str


class TargetImages(BaseModel):
    """What one target's rules made of the images, in a run with several targets."""

    name: str
    ok: int = 0
    with_issues: int = 0
    files: int = 0  # 0 for a target whose cells keep the source URLs: no folder is written
    folder: str | None = None

    def part(self) -> str:
        written = (
            f"{self.files} files; folder {self.folder}"
            if self.folder
            else f"{self.files} files"
            if self.files
            else "URLs kept"
        )
        return f"{self.name}: {self.ok} ok, {self.with_issues} with issues, {written}"


class ImagesSummary(BaseModel):
    """What `--images fetch` found; `checked` is false when images were not looked at.

    With several targets, `ok` counts the addresses every target took, `with_issues` those any
    target left out, `files` the files of every folder, and `targets` says it per target.
    """

    checked: bool = False
    folder: str | None = None  # None on a dry run or when not checked (or with several targets)
    images: int = 0  # distinct image addresses the listings use
    ok: int = 0
    with_issues: int = 0
    downloaded: int = 0
    from_cache: int = 0
    bytes_downloaded: int = 0
    files: int = 0  # distinct normalised files (the same picture at two addresses is one)
    targets: list[TargetImages] = Field(default_factory=list)

    def line(self) -> str:
        if not self.checked:
            return "not checked: the image cells hold the source URLs (--images fetch checks them)"
        fetched = (
            f"{self.downloaded} downloaded ({self.bytes_downloaded:,} bytes), "
            f"{self.from_cache} from the cache"
        )
        if self.targets:
            parts = "; ".join(each.part() for each in self.targets)
            return f"{self.images} checked: {fetched}; {parts}"
        where = f"; folder {self.folder}" if self.folder else ""
        return (
            f"{self.images} checked: {self.ok} ok, {self.with_issues} with issues; "
            f"{fetched}; {self.files} files{where}"
        )

    def to_json(self) -> dict[str, Any]:
        # With one target the summary keeps the keys it always had.
        return self.model_dump(exclude=None if self.targets else {"targets"})


class TargetReport(BaseModel):
    """What one target of the run wrote: its counts, readiness, currency and files.

    With `dry_run`, `files` are the files it would have written.
    """

    name: str
    currency: str  # the currency its files price in
    currency_note: str  # the currency, and the exchange rate used when it is not the listings'
    products_converted: int = 0
    skus_converted: int = 0
    products_rejected: int = 0
    skus_rejected: int = 0
    products_skipped_by_review: int = 0
    skus_skipped_by_review: int = 0
    listings_ready: int = 0
    ready_rate: float = 0.0
    not_ready: list[NotReady] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"name"})
        data["not_ready"] = [reason.model_dump() for reason in self.not_ready]
        return data


class RunReport(BaseModel):
    input: str
    format: str
    target: str
    currency: str
    profile: str
    profile_file: str | None = None  # the profile file used; None for a shipped profile
    dry_run: bool = False
    would_write: list[str] = Field(default_factory=list)  # a dry run: output and report paths
    products_read: int = 0
    skus_read: int = 0
    products_converted: int = 0
    skus_converted: int = 0
    products_rejected: int = 0
    skus_rejected: int = 0
    products_skipped_by_review: int = 0
    skus_skipped_by_review: int = 0
    # Written with no Issue of any severity naming the product (see readiness.py).
    listings_ready: int = 0
    ready_rate: float = 0.0  # listings_ready / (products read - skipped by review)
    not_ready: list[NotReady] = Field(default_factory=list)  # most listings first
    output: str | None = None
    report: str | None = None
    decisions: str | None = None
    images: ImagesSummary = Field(default_factory=ImagesSummary)
    # Each target of the run, in the order given; with one, its counts equal the top-level ones.
    targets: list[TargetReport] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)

    @property
    def warnings(self) -> int:
        return sum(1 for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def exit_code(self) -> int:
        """0: every product converted (or skipped by review); 1: some SKUs or products rejected
        (by any target)."""
        rejected = any(each.products_rejected or each.skus_rejected for each in self.targets)
        return 1 if rejected or self.products_rejected or self.skus_rejected else 0

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
            "profile_file": self.profile_file,
            "dry_run": self.dry_run,
            "would_write": list(self.would_write),
            "products_read": self.products_read,
            "skus_read": self.skus_read,
            "products_converted": self.products_converted,
            "skus_converted": self.skus_converted,
            "products_rejected": self.products_rejected,
            "skus_rejected": self.skus_rejected,
            "products_skipped_by_review": self.products_skipped_by_review,
            "skus_skipped_by_review": self.skus_skipped_by_review,
            "listings_ready": self.listings_ready,
            "ready_rate": self.ready_rate,
            "not_ready": [reason.model_dump() for reason in self.not_ready],
            "warnings": self.warnings,
            "errors": self.errors,
            "output": self.output,
            "report": self.report,
            "decisions": self.decisions,
            "images": self.images.to_json(),
            "targets": {each.name: each.to_json() for each in self.targets},
            "issues": [issue_json(issue) for issue in self.issues],
        }

    def summary_items(self) -> dict[str, object]:
        """The report's Summary sheet: the JSON's items, with each reason listings are not
        ready on a row of its own right after the ready count."""
        items: dict[str, object] = {}
        for key, value in self.to_json().items():
            if key == "issues":
                continue
            if key == "images":
                items[key] = self.images.line()
                continue
            if key == "targets":
                for each in self.targets:
                    items.update(target_summary_items(each))
                continue
            if key == "not_ready":
                for reason in self.not_ready:
                    listings = "listing" if reason.listings == 1 else "listings"
                    items[f"not ready: {reason.code}"] = (
                        f"{reason.listings} {listings}; {reason.remedy}"
                    )
                continue
            items[key] = f"{self.ready_rate:.1%}" if key == "ready_rate" else value
        return items


def target_summary_items(each: TargetReport) -> dict[str, object]:
    """The Summary sheet's rows of one target, each item named `<target>: <item>`."""
    items: dict[str, object] = {}
    for key, value in each.to_json().items():
        name = f"{each.name}: {key}"
        if key == "not_ready":
            for reason in each.not_ready:
                listings = "listing" if reason.listings == 1 else "listings"
                items[f"{each.name}: not ready: {reason.code}"] = (
                    f"{reason.listings} {listings}; {reason.remedy}"
                )
        elif key == "ready_rate":
            items[name] = f"{each.ready_rate:.1%}"
        elif key == "files":
            items[name] = "\n".join(each.files)
        else:
            items[name] = value
    return items


def issue_json(issue: Issue) -> dict[str, Any]:
    return {
        "code": issue.code,
        "severity": issue.severity.value,
        "message": issue.message,
        "product_id": issue.product_key,
        "seller_sku": issue.sku,
        "field": issue.field,
        "source_row": issue.source_row,
        "target": issue.target,
    }
