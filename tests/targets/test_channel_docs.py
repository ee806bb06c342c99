"""The README documents every column each channel writes, and every file it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_migrate.targets import amazon_business, faire, shopify, woocommerce

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"### {title}")
    ends = [README.find(mark, start + 1) for mark in ("\n### ", "\n## ")]
    return README[start : min(end for end in ends if end != -1)]


@pytest.mark.parametrize(
    ("title", "headers"),
    [
        ("Faire: `<stem>.faire.xlsx`", faire.LABELS),
        ("WooCommerce: `<stem>.woocommerce.csv`", woocommerce.HEADERS),
        ("Shopify: `<stem>.shopify.csv`", shopify.HEADERS),
        ("Amazon Business: `<stem>.amazon-business.txt`", amazon_business.HEADERS),
    ],
)
def test_every_channel_column_is_in_its_readme_section(
    title: str, headers: tuple[str, ...]
) -> None:
    section = _section(title)
    # A numbered run is documented by its first and last column, `Attribute 1 global` …
    between = ("Attribute 2 ", "Attribute 3 ", "quantity_lower_bound", "quantity_price")
    ends = ("Attribute 3 global", "1", "5")
    for header in headers:
        if header.startswith(between) and not header.endswith(ends):
            continue
        assert f"`{header}`" in section, header


def test_every_channel_file_is_named_in_the_readme() -> None:
    for target, name in (
        (woocommerce.WooCommerceTarget(), "shop.woocommerce.csv"),
        (shopify.ShopifyTarget(), "shop.shopify.csv"),
    ):
        for path in target.outputs(Path(name)):
            assert f"`<stem>{path.name.removeprefix('shop')}`" in README, path.name
