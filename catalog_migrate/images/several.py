"""The images stage of a run with several targets: each address downloaded once, then checked
and normalised by every target's rules that needs it.

Each target keeps its own `ImageStage` (its rules, its results, its folder when its workbook
names files); the stages share one downloader and one cache, and the work on an address is one
task: download (or read from the cache), then judge by each stage in turn, so no downloaded
bytes outlive their task.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from catalog_migrate.images.stage import ImageProgress, ImageResult, ImageStage, listing_urls
from catalog_migrate.model import Issue, WholesaleListing

Batch = list[tuple[str, int | None, WholesaleListing]]


@dataclass
class ImageStages:
    """One stage per target, in the run's order; `progress` counts each address once."""

    stages: list[ImageStage]
    names: list[str]
    concurrency: int = 8
    on_progress: Callable[[ImageProgress], None] | None = None
    progress: ImageProgress = field(default_factory=ImageProgress)
    _seen: set[str] = field(default_factory=set)
    _flagged: set[str] = field(default_factory=set)  # addresses some target found an issue with
    # Addresses that gave no image: a target needing one later is told so without a new request.
    _failed: dict[str, ImageResult] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, batches: Sequence[Batch]) -> list[list[tuple[WholesaleListing, list[Issue]]]]:
        """Each target's listings with their image cells rewritten and the issues raised; the
        issues name their target."""
        needs: dict[str, list[ImageStage]] = {}
        for stage, batch in zip(self.stages, batches, strict=True):
            wanted = (url for _, _, listing in batch for url in listing_urls(listing))
            for url in dict.fromkeys(wanted):
                if not stage.known(url):
                    needs.setdefault(url, []).append(stage)
        # An address a target needs after another target had it is counted once, and read from
        # the cache the first target filled.
        new = {url for url in needs if url not in self._seen}
        self._seen.update(new)
        self.progress.total += len(new)
        items = [(url, stages, url in new) for url, stages in needs.items()]
        if needs:
            pool = ThreadPoolExecutor(max_workers=min(self.concurrency, len(needs)))
            try:
                for stages, results in zip(
                    needs.values(), pool.map(self._resolve, items), strict=True
                ):
                    for stage, result in zip(stages, results, strict=True):
                        stage.keep(result)
            except BaseException:  # Ctrl-C, SIGTERM: start nothing more, wait for nothing
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
        return [
            [_tagged(stage.rewrite(key, row, listing), name) for key, row, listing in batch]
            for stage, name, batch in zip(self.stages, self.names, batches, strict=True)
        ]

    def with_issues(self) -> int:
        """Addresses with an issue for at least one target."""
        return len(self._flagged)

    def _resolve(self, item: tuple[str, list[ImageStage], bool]) -> list[ImageResult]:
        url, stages, first = item
        failed = self._failed.get(url)
        # The stages share the downloader and the cache.
        body, cached = (failed, False) if failed is not None else stages[0].fetch(url)
        if isinstance(body, ImageResult):
            results = [body for _ in stages]
        else:
            results = [stage.judge(url, body) for stage in stages]
        size = 0 if cached or isinstance(body, ImageResult) else len(body)
        with self._lock:
            if isinstance(body, ImageResult):
                self._failed[url] = body
            if any(result.code for result in results):
                self._flagged.add(url)
            progress = self.progress
            if first:
                progress.done += 1
                progress.from_cache += cached
                progress.downloaded += bool(size)
                progress.bytes += size
                progress.with_issues = len(self._flagged)
                if self.on_progress is not None:
                    self.on_progress(progress)
        return results


def _tagged(
    checked: tuple[WholesaleListing, list[Issue]], name: str
) -> tuple[WholesaleListing, list[Issue]]:
    listing, issues = checked
    return listing, [issue.model_copy(update={"target": name}) for issue in issues]
