"""The images stage: every image a batch of listings uses, fetched once, checked, normalised.

Distinct addresses are resolved on a thread pool (downloads wait on the network, Pillow releases
the GIL while it decodes and encodes). Each listing then keeps, in its image cells, only the
images whose status is `ok`, written as the target's rules say (a file name or the address), and
gets one warning per image it loses and one when too few are left.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from catalog_migrate.images.cache import ImageCache
from catalog_migrate.images.fetch import Downloader
from catalog_migrate.images.folder import ImageFolder
from catalog_migrate.images.normalise import normalise
from catalog_migrate.model import Issue, WholesaleListing, warning
from catalog_migrate.targets.base import ImageRules

CODES = {
    "image.count_low": "fewer usable main images than the target wants (Alibaba.com: 4-6); "
    "the listing is written with those it has (warning)",
    "image.not_image": "the address answered something that is not an image (an HTML page, a "
    "broken file); it is left out of the listing (warning)",
    "image.too_large": "the image is above [images] max_bytes or max_pixels (a decompression "
    "bomb), or cannot be brought under the target's byte limit; it is left out (warning)",
    "image.too_small": "the image is smaller than the target's minimum side (Alibaba.com: 640 "
    "px); it is left out of the listing, never enlarged (warning)",
    "image.unreachable": "the image could not be downloaded (HTTP error, timeout, not an http(s) "
    "address); it is left out of the listing (warning)",
}

_STATUS = {
    "": "ok",
    "image.unreachable": "unreachable",
    "image.not_image": "not_image",
    "image.too_small": "too_small",
    "image.too_large": "too_large",
}
_URL_SHOWN = 200  # an address this long is cut in messages; the manifest keeps it whole


@dataclass(frozen=True)
class ImageResult:
    url: str
    code: str = ""
    problem: str = ""
    file: str = ""
    sha256: str = ""
    width: int = 0
    height: int = 0
    size: int = 0
    note: str = ""

    @property
    def status(self) -> str:
        return _STATUS[self.code]

    def manifest_row(self) -> dict[str, object]:
        return {
            "source_url": self.url,
            "file": self.file,
            "sha256": self.sha256,
            "width": self.width or "",
            "height": self.height or "",
            "bytes": self.size or "",
            "status": self.status,
            "issue": self.code,
            "note": self.problem or self.note,
        }


@dataclass
class ImageProgress:
    total: int = 0  # distinct addresses seen so far
    done: int = 0
    downloaded: int = 0
    from_cache: int = 0
    bytes: int = 0
    with_issues: int = 0


@dataclass
class ImageStage:
    rules: ImageRules
    downloader: Downloader
    max_pixels: int
    concurrency: int = 8
    cache: ImageCache | None = None
    folder: ImageFolder | None = None  # None on a dry run: checked, nothing written
    on_progress: Callable[[ImageProgress], None] | None = None
    progress: ImageProgress = field(default_factory=ImageProgress)
    _results: dict[str, ImageResult] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(
        self, listings: Iterable[tuple[str, int | None, WholesaleListing]]
    ) -> list[tuple[WholesaleListing, list[Issue]]]:
        """Each listing with its image cells rewritten, and the issues its images raised."""
        batch = list(listings)
        wanted = [url for _, _, listing in batch for url in listing_urls(listing)]
        new = [url for url in dict.fromkeys(wanted) if url not in self._results]
        self.progress.total += len(new)
        if new:
            pool = ThreadPoolExecutor(max_workers=min(self.concurrency, len(new)))
            try:
                for result in pool.map(self._resolve, new):
                    self._results[result.url] = result
            except BaseException:  # Ctrl-C, SIGTERM: start nothing more, wait for nothing
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
        return [self.rewrite(key, row, listing) for key, row, listing in batch]

    def manifest(self) -> list[dict[str, object]]:
        return [result.manifest_row() for result in self._results.values()]

    def results(self) -> list[ImageResult]:
        return list(self._results.values())

    def _resolve(self, url: str) -> ImageResult:
        body, cached = self.fetch(url)
        if isinstance(body, ImageResult):
            return self._done(body, cached, 0)
        return self._done(self.judge(url, body), cached, 0 if cached else len(body))

    def fetch(self, url: str) -> tuple[bytes | ImageResult, bool]:
        """The bytes at `url` (or why there are none), and whether the cache had them."""
        body = self.cache.get(url) if self.cache is not None else None
        if body is not None:
            return body, True
        fetched = self.downloader.fetch(url)
        if fetched.body is None:
            code = "image.too_large" if fetched.too_large else "image.unreachable"
            return ImageResult(url, code, fetched.problem), False
        if self.cache is not None:
            self.cache.put(url, fetched.body)
        return fetched.body, False

    def judge(self, url: str, body: bytes) -> ImageResult:
        """The bytes checked and normalised by this stage's rules, stored in its folder."""
        try:
            found = normalise(body, self.rules, self.max_pixels)
        except Exception as exc:  # a hostile file may trip the decoder in ways not listed
            return ImageResult(url, "image.not_image", f"cannot be decoded ({type(exc).__name__})")
        result = ImageResult(url, found.code, found.problem, note="; ".join(found.changes))
        if found.jpeg is not None:
            sha = hashlib.sha256(found.jpeg).hexdigest()
            # alibaba-open-platform.md §4.1: photobank file names take letters and digits only.
            name = f"img{sha[:32]}.jpg"
            if self.folder is not None:
                self.folder.store(name, found.jpeg)
            result = ImageResult(
                url,
                found.code,
                found.problem,
                name,
                sha,
                found.width,
                found.height,
                len(found.jpeg),
                result.note,
            )
        return result

    def known(self, url: str) -> bool:
        return url in self._results

    def keep(self, result: ImageResult) -> None:
        self._results[result.url] = result

    def _done(self, result: ImageResult, cached: bool, size: int) -> ImageResult:
        with self._lock:
            progress = self.progress
            progress.done += 1
            progress.from_cache += cached
            progress.downloaded += not cached and bool(size)
            progress.bytes += size
            progress.with_issues += bool(result.code)
            if self.on_progress is not None:
                self.on_progress(progress)
        return result

    def rewrite(
        self, key: str, row: int | None, listing: WholesaleListing
    ) -> tuple[WholesaleListing, list[Issue]]:
        issues: list[Issue] = []
        said: set[str] = set()

        def usable(url: str, field_name: str) -> str | None:
            result = self._results[url]
            if result.code == "":
                return result.file if self.rules.cell == "file" else url
            if url not in said:
                said.add(url)
                issues.append(_issue(result, key, row, field_name))
            return None

        # The same picture at two addresses is one file: uploaded, and shown, once.
        cells = (usable(url, "images") for url in listing.images)
        images = list(dict.fromkeys(cell for cell in cells if cell is not None))
        skus = [
            sku.model_copy(update={"image": usable(sku.image, "image")}) if sku.image else sku
            for sku in listing.skus
        ]
        if len(images) < self.rules.min_count:
            issues.append(
                warning(
                    "image.count_low",
                    f"{len(images)} usable main image{'' if len(images) == 1 else 's'}; the "
                    f"channel wants {self.rules.min_count}-{self.rules.max_count}",
                    product_key=key,
                    field="images",
                    source_row=row,
                )
            )
        return listing.model_copy(update={"images": images, "skus": skus}), issues


def listing_urls(listing: WholesaleListing) -> list[str]:
    return [*listing.images, *(sku.image for sku in listing.skus if sku.image)]


def _issue(result: ImageResult, key: str, row: int | None, field_name: str) -> Issue:
    url = result.url if len(result.url) <= _URL_SHOWN else result.url[:_URL_SHOWN] + "..."
    return warning(
        result.code,
        f"image {url} {result.problem}; left out of the listing",
        product_key=key,
        field=field_name,
        source_row=row,
    )
