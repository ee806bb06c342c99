"""Target platforms: the registry that maps a `--to` name to its writer."""

from __future__ import annotations

from catalog_migrate.errors import UserError
from catalog_migrate.targets.alibaba import AlibabaTarget
from catalog_migrate.targets.amazon_business import AmazonBusinessTarget
from catalog_migrate.targets.base import Target
from catalog_migrate.targets.faire import FaireTarget
from catalog_migrate.targets.generic import GenericTarget
from catalog_migrate.targets.shopify import ShopifyTarget
from catalog_migrate.targets.woocommerce import WooCommerceTarget

TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        AlibabaTarget(),
        FaireTarget(),
        WooCommerceTarget(),
        ShopifyTarget(),
        AmazonBusinessTarget(),
        GenericTarget(),
    )
}


def get_target(name: str) -> Target:
    """The target registered as `name` (case-insensitive); UserError lists the known ones."""
    try:
        return TARGETS[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(TARGETS))
        raise UserError(f"unknown target {name!r}; known targets: {known}") from None
