"""Each category's rules (`schema.get`) kept on disk per account, category and language.

A busy category's rule XML is ~100 KB (alibaba-open-platform.md §1.2) and the same for every
listing in it, so a run asks once per category and later runs not at all while the copy is fresh
(a week: categories change rarely, and a stale copy only costs a refused draft that says why).
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_cache_path

from catalog_migrate.publish.schema import CategorySchema, parse_schema

MAX_AGE_S = 7 * 86_400
_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def default_schema_folder() -> Path:
    return user_cache_path("catalog-migrate") / "alibaba-schemas"


class SchemaCache:
    def __init__(
        self,
        folder: Path,
        account: str,
        fetch: Callable[[str, str], str],
        max_age_s: float = MAX_AGE_S,
    ) -> None:
        self._root = folder
        self._folder = folder / _SAFE.sub("_", account) if account else None
        self._fetch = fetch  # (category id, language) -> rule XML, from the platform
        self._max_age_s = max_age_s
        self._loaded: dict[tuple[str, str], CategorySchema] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()
        self.fetched = 0

    def get(self, category_id: str, language: str, *, ask: bool = False) -> CategorySchema:
        """Parsed once per run; read from disk when fresh, else asked for (one call per key even
        when several listings of the category want it at once). `ask`: ask even when fresh."""
        key = (category_id, language)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key in self._loaded:
                return self._loaded[key]
            name = f"{_SAFE.sub('_', category_id)}.{_SAFE.sub('_', language)}.xml"
            text = None if ask else self._cached(name)
            if text is None:
                text = self._fetch(category_id, language)
                parsed = parse_schema(text, category_id, language)  # never cache what fails
                if self._folder is not None:
                    self._store(self._folder / name, text)
                self.fetched += 1
            else:
                parsed = parse_schema(text, category_id, language)
            self._loaded[key] = parsed
            return parsed

    def _cached(self, name: str) -> str | None:
        """This account's copy; with no account (a dry run without credentials), any account's
        fresh copy: good enough to inspect a document, never used to send one."""
        if self._folder is not None:
            return self._fresh(self._folder / name)
        for path in sorted(self._root.glob(f"*/{name}")):
            text = self._fresh(path)
            if text is not None:
                return text
        return None

    def _fresh(self, path: Path) -> str | None:
        try:
            if time.time() - path.stat().st_mtime > self._max_age_s:
                return None
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _store(self, path: Path, text: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temp, path)
        except OSError:
            pass  # a cache that cannot be written costs a call next run, nothing more
