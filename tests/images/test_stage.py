"""The stage over listings: cells as the target documents them, one decoder failure is one image."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from catalog_migrate.images import build_image_stage, close_image_stage, stage
from catalog_migrate.mapping import map_product
from catalog_migrate.model import WholesaleListing
from catalog_migrate.profile import Images
from catalog_migrate.targets.alibaba import AlibabaTarget
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
