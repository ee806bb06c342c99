"""The interface every target platform implements."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from catalog_migrate.model import Issue, WholesaleListing


class TargetWriter(Protocol):
    def write(self, listing: WholesaleListing) -> None: ...


class Target(Protocol):
    """A writer of one platform's bulk-upload file.

    `check` applies the platform's rules (target-formats §5) and returns Issues: an error drops the
    listing (or, when it names a SKU row, that SKU), a warning keeps it. `open_writer` returns a
    context manager that writes to a temporary file beside `path` and renames it into place only
    when the block ends without an exception.
    """

    name: str
    description: str
    suffix: str  # ".xlsx"
    currency: str  # the ISO 4217 code every price in the upload file is in
    buyer_language: str  # ISO 639-1: the language the channel's buyers search in

    def check(self, listing: WholesaleListing) -> list[Issue]: ...

    def open_writer(self, path: Path) -> AbstractContextManager[TargetWriter]: ...
