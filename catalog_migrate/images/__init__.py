"""The images stage (`convert --images fetch`): download, check, normalise, write a manifest.

One of the only places with network I/O; mapping never downloads. `build_image_stage` turns the
profile's `[images]` section and the target's image rules into a stage; the caller closes it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from catalog_migrate.images.cache import ImageCache, default_cache_folder
from catalog_migrate.images.fetch import Downloader, FetchSettings
from catalog_migrate.images.folder import ImageFolder, images_folder_for
from catalog_migrate.images.stage import CODES, ImageProgress, ImageResult, ImageStage
from catalog_migrate.profile import Images
from catalog_migrate.targets.base import ImageRules

__all__ = [
    "CODES",
    "ImageFolder",
    "ImageProgress",
    "ImageResult",
    "ImageSetupError",
    "ImageStage",
    "build_image_stage",
    "close_image_stage",
    "images_folder_for",
]


class ImageSetupError(Exception):
    """The stage cannot start (the cache folder cannot be opened); the message is safe to show."""


def build_image_stage(
    settings: Images,
    rules: ImageRules,
    *,
    folder: Path | None,
    cache_folder: Path | None = None,
    on_progress: Callable[[ImageProgress], None] | None = None,
) -> ImageStage:
    where = cache_folder or default_cache_folder()
    try:
        cache = ImageCache(where)
    except (OSError, sqlite3.Error) as exc:
        raise ImageSetupError(
            f"cannot open the image cache {where}: {exc}; set XDG_CACHE_HOME to a writable folder"
        ) from None
    downloader = Downloader(
        FetchSettings(
            timeout_s=float(settings.timeout_s),
            retries=settings.retries,
            backoff_s=float(settings.backoff_s),
            max_bytes=settings.max_bytes,
            max_redirects=settings.max_redirects,
            per_host=settings.per_host,
        )
    )
    return ImageStage(
        rules,
        downloader,
        settings.max_pixels,
        concurrency=settings.concurrency,
        cache=cache,
        folder=ImageFolder(folder) if folder is not None else None,
        on_progress=on_progress,
    )


def close_image_stage(stage: ImageStage, *, commit: bool) -> None:
    """Put the folder in place (commit) or remove what was staged; close the client and cache."""
    stage.downloader.close()
    if stage.cache is not None:
        stage.cache.close()
    if stage.folder is not None:
        if commit:
            stage.folder.commit(stage.manifest())
        else:
            stage.folder.discard()
