"""The stage over listings: cells as the target documents them, one decoder failure is one image."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from catalog_migrate.images import build_image_stage, close_image_stage, stage
from catalog_migrate.images.run import close_image_stages, open_image_stages
from catalog_migrate.mapping import map_product
from catalog_migrate.model import WholesaleListing
from catalog_migrate.profile import Images
from catalog_migrate.targets.alibaba import AlibabaTarget
from catalog_migrate.targets.faire import FaireTarget
from tests.images import pictures
from tests.images.image_server import ImageServer, image_server
from tests.mapping.builders import default_profile, kaos_product


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def _listing(urls: list[str]) -> WholesaleListing:
    listing, _ = map_product(kaos_product(images=urls), default_profile())
    assert listing is not None
    return listing


def test_a_channel_that_downloads_images_itself_keeps_the_urls(
    tmp_path: Path, server: ImageServer
) -> None:
    urls = [server.add(f"/{n}.jpg", pictures.jpeg(700 + n, 700)) for n in range(4)]
    urls.append(server.url + "/gone.jpg")
    rules = replace(AlibabaTarget.images, cell="url")
    images = build_image_stage(Images(), rules, folder=None, cache_folder=tmp_path / "cache")
    try:
        [(listing, issues)] = images.check([("P1", 5, _listing(urls))])
    finally:
        close_image_stage(images, commit=False)
    assert listing.images == urls[:4]
    assert [(issue.code, issue.product_key, issue.source_row) for issue in issues] == [
        ("image.unreachable", "P1", 5)
    ]


def test_an_unexpected_decoder_failure_is_one_image_not_the_run(
    tmp_path: Path, server: ImageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(data: bytes, rules: object, max_pixels: int) -> object:
        raise IndexError("tile out of range")

    monkeypatch.setattr(stage, "normalise", explode)
    url = server.add("/odd.jpg", pictures.jpeg(700, 700))
    images = build_image_stage(
        Images(), AlibabaTarget.images, folder=None, cache_folder=tmp_path / "cache"
    )
    try:
        [(listing, issues)] = images.check([("P1", 5, _listing([url]))])
    finally:
        close_image_stage(images, commit=False)
    assert listing.images == []
    assert issues[0].message == (
        f"image {url} cannot be decoded (IndexError); left out of the listing"
    )


def test_several_targets_share_each_download_across_batches(
    tmp_path: Path, server: ImageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    good = server.add("/good.jpg", pictures.jpeg(800, 800))
    gone = server.url + "/gone.jpg"
    targets = [("alibaba", AlibabaTarget.images, None), ("faire", FaireTarget.images, None)]
    with open_image_stages(Images(), targets, None) as several:
        # Alibaba.com needs the picture first; Faire needs it (and a dead address) a batch later.
        [[(first, _)], []] = several.check([[("P1", 5, _listing([good]))], []])
        [[(_, alibaba)], [(second, faire)]] = several.check(
            [[("P2", 6, _listing([gone]))], [("P1", 5, _listing([good, gone]))]]
        )
        close_image_stages(several, commit=False)
    assert dict(server.requests) == {"/good.jpg": 1, "/gone.jpg": 1}
    assert first.images[0] != good and second.images == [good]  # a file name; the address
    assert [(issue.code, issue.target) for issue in faire] == [("image.unreachable", "faire")]
    assert [(issue.code, issue.target) for issue in alibaba] == [
        ("image.unreachable", "alibaba"),
        ("image.count_low", "alibaba"),
    ]
    progress = several.progress
    assert (progress.total, progress.done, progress.downloaded, progress.from_cache) == (2, 2, 1, 0)
