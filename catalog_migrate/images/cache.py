"""Downloaded images, kept by content in the user cache folder (XDG_CACHE_HOME honoured).

`urls.sqlite3` maps each source address to the sha256 of the bytes it answered; the bytes are kept
once per sha256 under `blobs/`, so two addresses of the same picture take the room of one. A run
that finds an address here sends no request for it at all, not even a conditional one: retail CDN
images do not change behind an address, and an expiring address could not be asked again anyway.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from platformdirs import user_cache_path

_SCHEMA = "CREATE TABLE IF NOT EXISTS urls (url TEXT PRIMARY KEY, sha256 TEXT NOT NULL)"


def default_cache_folder() -> Path:
    return user_cache_path("catalog-migrate") / "images"


class ImageCache:
    def __init__(self, folder: Path) -> None:
        self._blobs = folder / "blobs"
        self._blobs.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(folder / "urls.sqlite3", check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._db.commit()
        self._lock = threading.Lock()

    def get(self, url: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT sha256 FROM urls WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        try:
            return self._blob(row[0]).read_bytes()
        except OSError:
            return None  # the blob was cleaned away: download it again

    def put(self, url: str, body: bytes) -> str:
        sha = hashlib.sha256(body).hexdigest()
        blob = self._blob(sha)
        if not blob.is_file():
            blob.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=blob.parent, prefix=".part-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(body)
                os.replace(temp, blob)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO urls VALUES (?, ?)", (url, sha))
            self._db.commit()
        return sha

    def blob_count(self) -> int:
        return sum(1 for path in self._blobs.glob("*/*") if not path.name.startswith("."))

    def close(self) -> None:
        self._db.close()

    def _blob(self, sha: str) -> Path:
        return self._blobs / sha[:2] / sha
