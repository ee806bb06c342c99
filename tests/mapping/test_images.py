"""Main images: every distinct one, in order; a channel's count is the target's to fit."""

from __future__ import annotations

from catalog_migrate.mapping.fit import first_images
from catalog_migrate.mapping.images import main_images
from tests.mapping.builders import notes


def test_every_distinct_image_in_order() -> None:
    urls = [f"https://img.example/{n}.jpg" for n in range(9)]
    collected = notes()

    assert main_images([urls[0], " ", urls[0], *urls[1:]], collected) == urls
    assert collected.issues == []


def test_a_channel_takes_the_first_images() -> None:
    urls = [f"https://img.example/{n}.jpg" for n in range(9)]
    collected = notes()

    assert first_images(urls, 6, "Alibaba", collected) == urls[:6]
    assert [issue.code for issue in collected.issues] == ["images.truncated"]
    assert collected.provenance[0].rule == "images.first 6 of 9 (Alibaba takes at most 6)"


def test_no_images_is_a_warning() -> None:
    collected = notes()

    assert main_images([], collected) == []
    [issue] = collected.issues
    assert (issue.code, issue.severity, issue.field) == ("images.missing", "warning", "images")
