"""Every image is decoded safely and fitted to the target's rules (alibaba-open-platform.md §4)."""

from __future__ import annotations

import io
import tracemalloc
from dataclasses import replace
from fractions import Fraction

import pytest
from PIL import Image

from catalog_migrate.images.normalise import normalise
from catalog_migrate.targets.alibaba import AlibabaTarget
from tests.images import pictures

RULES = AlibabaTarget.images
MAX_PIXELS = 50_000_000


def _open(data: bytes | None) -> Image.Image:
    assert data is not None
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "JPEG"
    return picture


def test_alibaba_declares_its_image_rules() -> None:
    assert (RULES.min_side, RULES.max_bytes, RULES.min_count, RULES.max_count) == (
        640,
        5 * 1024 * 1024,
        4,
        6,
    )
    assert (RULES.min_aspect, RULES.max_aspect, RULES.cell) == (
        Fraction(3, 4),
        Fraction(4, 3),
        "file",
    )


def test_a_good_image_is_kept_as_a_jpeg_of_the_same_size() -> None:
    found = normalise(pictures.jpeg(800, 800), RULES, MAX_PIXELS)
    assert (found.code, found.width, found.height, found.changes) == ("", 800, 800, [])
    assert _open(found.jpeg).size == (800, 800)


def test_a_wide_banner_is_padded_with_white_not_cropped() -> None:
    found = normalise(pictures.jpeg(2000, 500, (0, 0, 200)), RULES, MAX_PIXELS)
    assert found.code == ""
    picture = _open(found.jpeg)
    assert picture.size == (2000, 1500)
    assert picture.getpixel((1000, 10)) == (255, 255, 255)  # the padding
    red, green, blue = picture.getpixel((1000, 750))  # the banner, whole
    assert blue > 150 and red < 60 and green < 60
    assert found.changes == ["padded from 2000x500 to 2000x1500"]


def test_a_tall_image_is_padded_on_the_sides() -> None:
    found = normalise(pictures.jpeg(700, 1400), RULES, MAX_PIXELS)
    assert (found.code, found.width, found.height) == ("", 1050, 1400)


def test_a_tiny_image_is_reported_never_enlarged() -> None:
    found = normalise(pictures.jpeg(100, 100), RULES, MAX_PIXELS)
    assert found.code == "image.too_small"
    assert found.problem == "is 100x100; the channel wants at least 640 a side"
    assert _open(found.jpeg).size == (100, 100)


def test_transparency_is_flattened_on_white() -> None:
    found = normalise(pictures.png_with_alpha(800, 800), RULES, MAX_PIXELS)
    picture = _open(found.jpeg)
    assert picture.mode == "RGB"
    assert picture.getpixel((5, 5)) == (255, 255, 255)
    red, green, blue = picture.getpixel((400, 400))
    assert red > 240 and green < 20 and blue < 20
    assert "transparency on white" in found.changes


@pytest.mark.parametrize(
    "data",
    [
        pictures.webp(800, 800),
        pictures.cmyk_jpeg(800, 800),
        pictures.jpeg(800, 800, progressive=True),
    ],
    ids=["webp", "cmyk", "progressive"],
)
def test_other_formats_become_baseline_rgb_jpeg(data: bytes) -> None:
    found = normalise(data, RULES, MAX_PIXELS)
    picture = _open(found.jpeg)
    assert (found.code, picture.mode, picture.size) == ("", "RGB", (800, 800))
    assert "progressive" not in picture.info


def test_exif_orientation_is_applied_and_metadata_stripped() -> None:
    found = normalise(pictures.rotated_jpeg(1000, 800), RULES, MAX_PIXELS)
    picture = _open(found.jpeg)
    assert picture.size == (800, 1000)  # shown upright
    assert not picture.getexif()
    assert b"SecretCam" not in (found.jpeg or b"")


def test_a_decompression_bomb_is_refused_with_little_memory() -> None:
    bomb = pictures.bomb_png(60_000, 60_000)
    assert len(bomb) < 200
    tracemalloc.start()
    try:
        found = normalise(bomb, RULES, MAX_PIXELS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (found.code, found.jpeg) == ("image.too_large", None)
    assert found.problem.startswith("claims so many pixels, more than [images] max_pixels")
    assert peak < 5_000_000


def test_an_image_above_max_pixels_is_refused_before_it_is_decoded() -> None:
    found = normalise(pictures.bomb_png(9_000, 9_000), RULES, MAX_PIXELS)
    assert found.code == "image.too_large"
    assert found.problem.startswith("claims 9000x9000 pixels, more than [images] max_pixels")


def test_html_served_as_an_image_is_not_an_image() -> None:
    found = normalise(b"<!DOCTYPE html><html><body>Access Denied</body></html>", RULES, MAX_PIXELS)
    assert (found.code, found.problem) == ("image.not_image", "is a web page, not an image")


def test_a_truncated_image_is_not_an_image() -> None:
    found = normalise(pictures.jpeg(800, 800)[:400], RULES, MAX_PIXELS)
    assert found.code == "image.not_image"


def test_an_image_above_the_byte_limit_is_re_encoded_under_it() -> None:
    data = pictures.noisy_jpeg(900, 900)
    rules = replace(RULES, max_bytes=len(data) // 3)
    found = normalise(data, rules, MAX_PIXELS)
    assert found.code == ""
    assert found.jpeg is not None and len(found.jpeg) <= rules.max_bytes
    assert min(found.width, found.height) >= rules.min_side
    assert found.changes and found.changes[0].startswith("re-encoded to ")


def test_an_image_that_cannot_get_under_the_limit_is_too_large() -> None:
    rules = replace(RULES, max_bytes=2_000)
    found = normalise(pictures.noisy_jpeg(700, 700), rules, MAX_PIXELS)
    assert (found.code, found.jpeg) == ("image.too_large", None)


def test_the_same_bytes_give_the_same_file() -> None:
    data = pictures.png_with_alpha(700, 900)
    assert normalise(data, RULES, MAX_PIXELS).jpeg == normalise(data, RULES, MAX_PIXELS).jpeg
