"""A small catalog for the review tests, built in memory, and sessions over it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from catalog_migrate import pipeline
from catalog_migrate import profile as profiles
from catalog_migrate.decisions import DecisionsFile, load_decisions
from catalog_migrate.model import (
    Attribute,
    Decision,
    Issue,
    Money,
    RetailProduct,
    RetailVariant,
)
from catalog_migrate.profile import Profile
from catalog_migrate.review.session import Mapper, ReviewSession
from catalog_migrate.targets import get_target

TOYS = "Mainan & Hobi/Boneka/Boneka Kain"


def idr(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="IDR")


def product(
    key: str, title: str, price: str, category: str, row: int, **extra: object
) -> RetailProduct:
    base = RetailProduct(
        key=key,
        product_id=key,
        title=title,
        description="<p>Bahan adem, jahitan rapi.</p>",
        category=category,
        brand="Kirana",
        images=[f"https://img.example/{key}.jpg"],
        attributes=[Attribute(name="Bahan", value="Katun"), Attribute(name="Motif", value="Polos")],
        variation_names=["Warna"],
        variants=[
            RetailVariant(
                sku_id=f"{key}1",
                seller_sku=f"SKU-{key}",
                options={"Warna": "Hitam"},
                price=idr(price),
                source_row=row,
            )
        ],
        weight_g=Decimal("200"),
        length_cm=Decimal("20"),
        width_cm=Decimal("15"),
        height_cm=Decimal("3"),
        source_format="tiktok",
        source_rows=[row],
    )
    return base.model_copy(update=extra)


def catalog() -> list[RetailProduct]:
    return [
        product("1001", "Kaos Polos Wanita Katun Combed", "49000", "Pakaian Wanita/Atasan/Kaos", 6),
        product("1002", "Dress Midi Motif Bunga", "129000", "Pakaian Wanita/Dress", 7),
        product("1003", "Boneka Kain Kelinci", "75000", TOYS, 8),
        product(
            "1004",
            "Boneka Kain Beruang",
            "85000",
            TOYS,
            9,
            attributes=[Attribute(name="Bahan Isi", value="Dakron")],
        ),
        product("1005", "Sandal Jepit Wanita", "35000", "Sepatu Wanita/Sandal", 10),
        product("1006", "Kaos Oversize Unisex [PROMO]", "59000", "Pakaian Wanita/Atasan/Kaos", 11),
    ]


def shipped_profile() -> Profile:
    return profiles.load("default").model_copy(
        update={
            "defaults": profiles.load("default").defaults.model_copy(
                update={"place_of_origin": "Indonesia"}
            )
        }
    )


def mapper_for(target_name: str = "alibaba") -> Mapper:
    target = get_target(target_name)

    def mapper(
        item: RetailProduct, profile: Profile, decision: Decision | None
    ) -> pipeline.MappedProduct:
        return pipeline.map_one(item, profile, target, decision)

    return mapper


def make_session(
    folder: Path,
    products: Iterable[RetailProduct | Issue] | None = None,
    decisions: DecisionsFile | None = None,
    profile: Profile | None = None,
) -> ReviewSession:
    input_path = folder / "shop.xlsx"
    if decisions is None:
        decisions = load_decisions(
            folder / "shop.decisions.json", "alibaba", input_name="shop.xlsx"
        )
    session = ReviewSession(
        products if products is not None else catalog(),
        profile or shipped_profile(),
        decisions,
        mapper_for(),
        input_path=input_path,
    )
    return session
