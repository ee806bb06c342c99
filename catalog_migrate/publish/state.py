"""The state file `<input stem>.alibaba.publish.json`: what a publish run created, per listing.

It is rewritten whole and atomically after every listing (a temporary file beside it, then a
rename), so an interrupted or killed run leaves the last consistent state and the next run resumes
from it. A write about to be sent is recorded first (`pending`): found so on the next run, it may
or may not have been carried out, and the run says so. It holds no secret: ids, fingerprints and
titles only.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from catalog_migrate.errors import UserError
from catalog_migrate.model import WholesaleListing
from catalog_migrate.spreadsheet.atomic import describe_write_error

FORMAT = "catalog-migrate alibaba publish state"
VERSION = 1

Status = Literal["", "draft", "published"]  # "": nothing confirmed on the platform yet


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: Status = ""
    pending: str = ""  # the write sent and not yet answered (an API name); "" when none
    draft_id: str = ""
    product_id: str = ""
    category_id: str = ""
    fingerprint: str = ""
    fields: dict[str, str] = Field(default_factory=dict)  # field -> hash, to say what changed
    image_ids: list[str] = Field(default_factory=list)
    title: str = ""  # how the seller finds it in the back office
    updated: str = ""  # ISO 8601 UTC


def state_path(input_path: Path) -> Path:
    return input_path.with_name(f"{input_path.stem}.alibaba.publish.json")


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def listing_fields(listing: WholesaleListing, category_id: str) -> dict[str, str]:
    """A hash per listing field: what the platform is sent, not where it came from (source rows
    and provenance move when the export is re-sorted and change nothing on the platform)."""
    data = listing.model_dump(
        mode="json",
        exclude={"provenance": True, "source_rows": True, "skus": {"__all__": {"source_row"}}},
    )
    fields = {name: _digest(value) for name, value in data.items()}
    fields["category_id"] = _digest(category_id)
    return fields


def fingerprint(fields: dict[str, str]) -> str:
    return _digest(fields)


def changed_fields(before: dict[str, str], now: dict[str, str]) -> list[str]:
    return sorted(name for name in set(before) | set(now) if before.get(name) != now.get(name))


class PublishState:
    def __init__(self, path: Path, listings: dict[str, Record] | None = None) -> None:
        self.path = path
        self.listings = listings or {}
        self._lock = threading.Lock()
        # Each record's JSON, made once when it changes: the file is rewritten after every
        # listing, and re-encoding thousands of unchanged records each time would cost more than
        # the write itself.
        self._encoded = {key: _encode(key, value) for key, value in self.listings.items()}

    @classmethod
    def load(cls, path: Path) -> PublishState:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a publish state file")
            listings = {
                str(key): Record.model_validate(value)
                for key, value in dict(data.get("listings", {})).items()
            }
        except (OSError, UnicodeDecodeError, ValueError, ValidationError, TypeError) as exc:
            problem = exc.strerror if isinstance(exc, OSError) else "it is not a publish state file"
            raise UserError(
                f"state file {path.name} cannot be read ({problem}); move it away to start "
                "afresh (what it recorded would then be created again)"
            ) from None
        return cls(path, listings)

    def get(self, key: str) -> Record | None:
        with self._lock:
            return self.listings.get(key)

    def record(self, key: str, record: Record) -> None:
        stamped = record.model_copy(
            update={"updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        )
        with self._lock:
            self.listings[key] = stamped
            self._encoded[key] = _encode(key, stamped)
            self._save()

    def restore(self, key: str, record: Record | None) -> None:
        """Put back what was recorded before a write that was certainly not carried out."""
        with self._lock:
            if record is None:
                self.listings.pop(key, None)
                self._encoded.pop(key, None)
            else:
                self.listings[key] = record
                self._encoded[key] = _encode(key, record)
            self._save()

    def _save(self) -> None:
        records = ",\n".join(self._encoded[key] for key in sorted(self._encoded))
        text = (
            f'{{"format": {json.dumps(FORMAT)}, "version": {VERSION}, "listings": {{\n'
            f"{records}\n}}}}\n"
        )
        try:
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        except OSError as exc:
            raise UserError(describe_write_error(exc, self.path)) from None
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o644)
            os.replace(temp, self.path)
        except OSError as exc:
            Path(temp).unlink(missing_ok=True)
            raise UserError(describe_write_error(exc, self.path)) from None
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def check_writable(self) -> None:
        """Before any call: a state file that cannot be written would lose what is created."""
        with self._lock:
            self._save()


def _encode(key: str, record: Record) -> str:
    """One listing's line of the state file: `"<key>": {...}`."""
    value = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return f"{json.dumps(key, ensure_ascii=False)}: {value}"
