"""Listing images in the seller's photobank: each distinct picture uploaded once, ever.

The images stage (`catalog_migrate.images`, as `convert --images fetch` runs it) fetches and
normalises every image to the target's rules; its files are staged here, in a scratch folder that
is removed at the end. Each file is uploaded by content hash (`alibaba.icbu.photobank.upload`,
alibaba-open-platform.md §1.2, §4.2) and its `file_id` remembered in `photobank.sqlite3` in the
user cache folder, per seller account, so a later run (or another listing with the same picture)
references it without uploading again.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_path

from catalog_migrate.images.folder import ImageFolder
from catalog_migrate.publish.client import (
    PHOTOBANK_UPLOAD,
    OpenPlatformClient,
    PlatformError,
    find_value,
)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS uploads (account TEXT NOT NULL, sha256 TEXT NOT NULL, "
    "file_id TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (account, sha256))"
)


def default_store_folder() -> Path:
    return user_cache_path("catalog-migrate")


class ScratchImages(ImageFolder):
    """The images stage's folder for a publish run: files kept only until they are uploaded."""

    def __init__(self, parent: Path | None = None) -> None:
        parent = parent or default_store_folder()
        parent.mkdir(parents=True, exist_ok=True)
        # In the cache folder, not /tmp: a large catalog's normalised images take gigabytes.
        self.path = Path(tempfile.mkdtemp(dir=parent, prefix="scratch-"))
        self._staging = self.path
        self._lock = threading.Lock()

    def file(self, name: str) -> Path:
        return self._staging / name

    def commit(self, rows: list[dict[str, object]]) -> None:
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self._staging, ignore_errors=True)


class UploadStore:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(folder / "photobank.sqlite3", check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._db.commit()
        self._lock = threading.Lock()

    def get(self, account: str, sha: str) -> tuple[str, str] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT file_id, url FROM uploads WHERE account = ? AND sha256 = ?", (account, sha)
            ).fetchone()
        return (str(row[0]), str(row[1])) if row is not None else None

    def put(self, account: str, sha: str, file_id: str, url: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO uploads VALUES (?, ?, ?, ?)", (account, sha, file_id, url)
            )
            self._db.commit()

    def close(self) -> None:
        self._db.close()


@dataclass(frozen=True)
class Uploaded:
    name: str  # the normalised file's name, as the listing's image cell holds it
    sha256: str
    file_id: str
    url: str


class ImageRefused(Exception):
    """The photobank refused one image (its code and message); the listing goes on without it."""

    def __init__(self, name: str, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.name = name
        self.code = code
        self.message = message


@dataclass
class Photobank:
    client: OpenPlatformClient | None  # None on a dry run: nothing is uploaded
    store: UploadStore
    account: str
    files: ScratchImages
    uploaded: int = 0
    reused: int = 0
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def upload(self, name: str, *, send: bool = True) -> Uploaded | None:
        """The photobank entry of one normalised file: remembered, or uploaded now. None on a dry
        run (or with `send` false) for a picture never uploaded. Raises ImageRefused, CallFailed,
        CredentialsError."""
        body = self.files.file(name).read_bytes()
        sha = hashlib.sha256(body).hexdigest()
        with self._guard:
            lock = self._locks.setdefault(sha, threading.Lock())
        with lock:  # the same picture in two listings at once: one upload
            known = self.store.get(self.account, sha)
            if known is not None:
                if send:
                    with self._guard:
                        self.reused += 1
                return Uploaded(name, sha, *known)
            if self.client is None or not send:
                return None
            try:
                reply = self.client.call(
                    PHOTOBANK_UPLOAD,
                    {"file_name": name},
                    files={"image_bytes": (name, body, "image/jpeg")},
                )
            except PlatformError as exc:
                if type(exc) is not PlatformError:
                    raise  # no answer: the listing fails and a re-run tries again
                raise ImageRefused(name, exc.code, exc.message) from None
            file_id = find_value(reply.data, "file_id")
            url = find_value(reply.data, "photobank_url") or find_value(reply.data, "url") or ""
            if file_id in (None, ""):
                raise ImageRefused(name, "invalid_response", "the answer has no file_id")
            self.store.put(self.account, sha, str(file_id), str(url))
            with self._guard:
                self.uploaded += 1
            return Uploaded(name, sha, str(file_id), str(url))
