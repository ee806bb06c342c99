"""Every engine translation, kept in SQLite in the user cache folder (XDG_CACHE_HOME honoured).

Keyed by engine, model, source and target language and the text itself, so a second run of the
same export asks the engine nothing, and another model's answers are never mixed in.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from platformdirs import user_cache_path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    engine TEXT NOT NULL,
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL
)
"""


def default_cache_path() -> Path:
    return user_cache_path("catalog-migrate") / "translations.sqlite3"


class TranslationCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def get_many(
        self, engine: str, model: str, source: str, target: str, texts: Iterable[str]
    ) -> dict[str, str]:
        found: dict[str, str] = {}
        for text in texts:
            row = self._db.execute(
                "SELECT translation FROM translations WHERE key = ?",
                (_key(engine, model, source, target, text),),
            ).fetchone()
            if row is not None:
                found[text] = row[0]
        return found

    def put_many(
        self, engine: str, model: str, source: str, target: str, pairs: dict[str, str]
    ) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    _key(engine, model, source, target, text),
                    engine,
                    model,
                    source,
                    target,
                    text,
                    out,
                )
                for text, out in pairs.items()
            ],
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()


def _key(engine: str, model: str, source: str, target: str, text: str) -> str:
    material = "\x1f".join((engine, model, source, target, text))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()
