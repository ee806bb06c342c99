"""What a publish run is asked to do, and what it did: its options and its report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr

from catalog_migrate import pipeline
from catalog_migrate.model import Issue
from catalog_migrate.report import issue_json

Mode = Literal["draft", "live", "dry-run"]
LANGUAGE = "en_US"
XML_SUFFIX = ".alibaba.publish.xml"


@dataclass(frozen=True)
class PublishOptions:
    convert: pipeline.ConvertOptions = field(default_factory=pipeline.ConvertOptions)
    live: bool = False
    dry_run: bool = False
    language: str = LANGUAGE
    concurrency: int = 4  # calls in flight at once
    timeout_s: float = 60.0  # per call and attempt
    attempts: int = 5
    backoff_s: float = 0.5


class PublishReport(BaseModel):
    input: str
    target: str = "alibaba"
    mode: Mode = "draft"
    state_file: str | None = None
    report: str | None = None
    xml_folder: str | None = None
    products_read: int = 0
    products_rejected: int = 0
    products_skipped_by_review: int = 0
    skus_read: int = 0
    skus_rejected: int = 0
    listings: int = 0  # listings convert would write
    drafts_created: int = 0
    published: int = 0
    updated: int = 0
    skipped_unchanged: int = 0
    not_updated: int = 0
    failed: int = 0  # the platform refused it or could not be reached
    not_published: int = 0  # no category id, or the document has errors
    xml_written: int = 0
    images_uploaded: int = 0
    images_reused: int = 0
    possible_duplicates: int = 0
    issues: list[Issue] = Field(default_factory=list)
    # Listings not published for want of a category id, per category: the console says it once
    # per category, the report per product.
    _missing_ids: Counter[str] = PrivateAttr(default_factory=Counter)

    @property
    def missing_ids(self) -> Counter[str]:
        return self._missing_ids

    @property
    def done(self) -> int:
        return (
            self.drafts_created
            + self.published
            + self.updated
            + self.skipped_unchanged
            + self.xml_written
        )

    @property
    def exit_code(self) -> int:
        """0 all done; 1 some listings failed or were not published; 2 nothing done."""
        unfinished = self.failed + self.not_published + self.products_rejected + self.skus_rejected
        if self.done == 0 and (self.failed or self.not_published or not self.listings):
            return 2
        return 1 if unfinished else 0

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"issues"})
        data["issues"] = [issue_json(issue) for issue in self.issues]
        return data

    def summary_items(self) -> dict[str, object]:
        return {key: value for key, value in self.to_json().items() if key != "issues"}
