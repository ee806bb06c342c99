"""Main images: every distinct image of the product, in order; a target keeps as many as its
channel takes (`ImageRules.max_count`)."""

from __future__ import annotations

from catalog_migrate.mapping.notes import Notes

CODES = {
    "images.missing": "the product has no image; a listing needs at least one (warning)",
}


def main_images(images: list[str], notes: Notes) -> list[str]:
    distinct = list(dict.fromkeys(url.strip() for url in images if url.strip()))
    if not distinct:
        notes.warning("images.missing", "the product has no image", field="images")
        return []
    notes.trace("images", len(distinct), f"images.distinct {len(distinct)} in the product's order")
    return distinct
