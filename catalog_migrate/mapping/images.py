"""Main images: Alibaba takes at most 6 (scImages_0..5, target-formats §1.3)."""

from __future__ import annotations

from catalog_migrate.mapping.notes import Notes

CODES = {
    "images.missing": "the product has no image; Alibaba listings need at least one",
    "images.truncated": "the product has more than 6 images; only the first 6 are used",
}

MAX_IMAGES = 6


def main_images(images: list[str], notes: Notes) -> list[str]:
    distinct = list(dict.fromkeys(url.strip() for url in images if url.strip()))
    if not distinct:
        notes.warning("images.missing", "the product has no image", field="images")
        return []
    kept = distinct[:MAX_IMAGES]
    if len(distinct) > MAX_IMAGES:
        notes.warning(
            "images.truncated",
            f"the product has {len(distinct)} images; the first {MAX_IMAGES} are used",
            field="images",
        )
    rule = f"images.first {len(kept)} of {len(distinct)} (Alibaba takes at most {MAX_IMAGES})"
    notes.trace("images", len(kept), rule)
    return kept
