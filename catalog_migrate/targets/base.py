"""The interface every target platform implements."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Literal, Protocol

from catalog_migrate.model import Issue, WholesaleListing


@dataclass(frozen=True)
class ImageRules:
    """What a channel accepts as a listing image; the images stage fits every image to it.

    `cell` says what the workbook's image cells hold once images are fetched: `file` (the name of
    the normalised file, for a channel whose bulk upload takes files it hosts itself) or `url`
    (the source address, for a channel that downloads each image itself).
    """

    min_side: int  # pixels; a smaller image is reported, never enlarged
    max_bytes: int  # an image file above it is re-encoded down
    min_aspect: Fraction  # width / height
    max_aspect: Fraction
    min_count: int  # fewer images than this per listing is reported
    max_count: int
    cell: Literal["file", "url"] = "file"


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
    images: ImageRules

    def check(self, listing: WholesaleListing) -> list[Issue]: ...

    def open_writer(self, path: Path) -> AbstractContextManager[TargetWriter]: ...
