"""A small US-dollar TikTok Shop export the channel tests convert through the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from catalog_migrate.cli import cli
from tests.tiktok_builder import write_tiktok_xlsx

TEE = "1729000000000000001"  # two colours at one price: a ladder
DRESS = "1729000000000000002"  # two sizes at two prices: priced per SKU
SOCKS = "1729000000000000003"  # a pack of 12 pairs

_PARCEL = {"parcel_weight": 200, "parcel_length": 30, "parcel_width": 20, "parcel_height": 5}


def _row(product: str, number: int, **cells: Any) -> dict[str, Any]:
    return {
        "product_id": product,
        "sku_id": f"{product}{number}",
        "category": "Fashion/Tops",
        "main_image": f"https://img.example/{product}.jpg",
        "quantity": 500,
        **_PARCEL,
        **cells,
    }


ROWS: list[dict[str, Any]] = [
    _row(
        TEE,
        1,
        product_name='Cotton T-Shirt "Oversize" Plain',
        product_description="<p>Soft cotton; breathable.</p><p>Material: Cotton</p>",
        image_2="https://img.example/tee-2.jpg",
        property_name_1="Color",
        property_value_1="Black",
        price="12.90",
        seller_sku="+KPS-1",
    ),
    _row(
        TEE,
        2,
        product_name='Cotton T-Shirt "Oversize" Plain',
        product_description="<p>Soft cotton; breathable.</p><p>Material: Cotton</p>",
        image_2="https://img.example/tee-2.jpg",
        property_name_1="Color",
        property_value_1="White, Ivory",
        price="12.90",
        seller_sku="=cmd|' /C calc'!A0",
    ),
    _row(
        DRESS,
        1,
        product_name="Floral Midi Dress 漢字 ñ",
        product_description="Line one\nLine two",
        property_name_1="Size",
        property_value_1="M",
        price="20.00",
        seller_sku="DRS-M",
    ),
    _row(
        DRESS,
        2,
        product_name="Floral Midi Dress 漢字 ñ",
        product_description="Line one\nLine two",
        property_name_1="Size",
        property_value_1="XL",
        price="24.00",
        seller_sku="DRS-XL",
        quantity=0,
    ),
    _row(
        SOCKS,
        1,
        product_name="Ankle Socks 12 Pairs",
        product_description="<ul><li>Cotton</li><li>One size</li></ul>",
        price="18.00",
        seller_sku="SOCK-12",
    ),
]


def write_export(folder: Path) -> Path:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    return write_tiktok_xlsx(folder / "shop.xlsx", ROWS, created=created)


def convert(export: Path, target: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["convert", str(export), "--to", target, "--currency", "USD", "--origin", "ID", *args],
    )
