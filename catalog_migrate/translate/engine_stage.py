"""Send what the glossary cannot translate to an engine: batched, concurrent, cached, fail-soft.

Strings are looked up in the cache first; the rest go out in batches of the engine's size, a few
requests in flight at once. An engine that stays down after its retries is not asked again in
this run: the rest of the run uses the glossary alone, and one warning says so.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from catalog_migrate.model import Issue, warning
from catalog_migrate.translate.cache import TranslationCache
from catalog_migrate.translate.engines import Engine
from catalog_migrate.translate.http import EngineError


@dataclass
class EngineStage:
    engine: Engine
    cache: TranslationCache | None = None
    concurrency: int = 4
    requests: int = 0  # requests sent this run (cache hits send none)
    down: str = ""  # why the engine was given up on, once it was
    _answers: dict[tuple[str, str, str], str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _fresh: bool = False  # skip the cache on the next resolve

    @property
    def name(self) -> str:
        return self.engine.name

    def forget_answers(self) -> None:
        """Ask the engine again from now on (a seller's re-translate): this run's answers and the
        cache are passed over until the next answer replaces them."""
        self._answers.clear()
        self._fresh = True

    def get(self, source: str, target: str, text: str) -> str | None:
        return self._answers.get((source, target, text))

    def resolve(self, source: str, target: str, texts: Sequence[str]) -> None:
        """Make the translation of every text available to `get` (unless the engine is down)."""
        wanted = [
            text for text in dict.fromkeys(texts) if (source, target, text) not in self._answers
        ]
        if not wanted or self.down:
            return
        fresh, self._fresh = self._fresh, False
        if self.cache is not None and not fresh:
            cached = self.cache.get_many(self.name, self.engine.model, source, target, wanted)
            for text, translation in cached.items():
                self._answers[(source, target, text)] = translation
            wanted = [text for text in wanted if text not in cached]
        size = max(1, self.engine.batch_size)
        batches = [wanted[start : start + size] for start in range(0, len(wanted), size)]
        if not batches:
            return
        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            for batch, answer in zip(
                batches, pool.map(lambda b: self._ask(b, source, target), batches), strict=True
            ):
                if answer is None:
                    continue
                pairs = dict(zip(batch, answer, strict=True))
                for text, translation in pairs.items():
                    self._answers[(source, target, text)] = translation
                if self.cache is not None:
                    self.cache.put_many(self.name, self.engine.model, source, target, pairs)

    def _ask(self, batch: list[str], source: str, target: str) -> list[str] | None:
        if self.down:
            return None
        with self._lock:
            self.requests += 1
        try:
            return self.engine.translate(batch, source, target)
        except EngineError as exc:
            with self._lock:
                self.down = self.down or str(exc)
            return None

    def issues(self) -> list[Issue]:
        if not self.down:
            return []
        return [
            warning(
                "translate.engine_unavailable",
                f"{self.down}; the rest of the run was translated with the glossary alone",
            )
        ]
