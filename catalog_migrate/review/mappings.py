"""The rules that cover many listings at once: source category -> target category, source attribute
name -> target name, and the unit each category sells in.

`*_rows` describe them as the current listings show them, unmapped and guessed ones first;
`with_mapping` gives the profile with one of them changed, and `affected` the products it covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from catalog_migrate.model import RetailProduct
from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.profile import Profile, normalise_category


class Kind(StrEnum):
    CATEGORY = "category"
    ATTRIBUTE = "attribute"
    UNIT = "unit"


# Sort order: what needs the seller first.
_RANK = {"unmapped": 0, "guessed": 1, "inferred": 1, "mapped": 2, "set": 2}


@dataclass(frozen=True)
class MappingRow:
    kind: Kind
    key: str  # as the profile keys it (a normalised category path, or an attribute name)
    source: str  # as the export writes it
    target: str
    state: str  # unmapped | guessed | mapped (categories, attributes); inferred | set (units)
    count: int  # products (categories, units) or occurrences (attributes)


def category_key(product: RetailProduct) -> str | None:
    return normalise_category(product.category) if product.category else None


def _by_category(rows: Sequence[MappedProduct]) -> dict[str, list[MappedProduct]]:
    groups: dict[str, list[MappedProduct]] = {}
    for row in rows:
        key = category_key(row.product)
        if key:
            groups.setdefault(key, []).append(row)
    return groups


def category_rows(rows: Sequence[MappedProduct], profile: Profile) -> list[MappingRow]:
    found: list[MappingRow] = []
    for key, group in _by_category(rows).items():
        source = group[0].product.category or key
        if key in profile.category_map:
            target, state = profile.category_map[key], "mapped"
        else:
            guesses = Counter(
                row.listing.category for row in group if row.listing and row.listing.category_mapped
            )
            target, state = (
                (guesses.most_common(1)[0][0], "guessed") if guesses else ("", "unmapped")
            )
        found.append(MappingRow(Kind.CATEGORY, key, source, target, state, len(group)))
    return _ordered(found)


def attribute_rows(rows: Sequence[MappedProduct], profile: Profile) -> list[MappingRow]:
    names = Counter(attribute.name for row in rows for attribute in row.product.attributes)
    table = profile.attributes.names
    folded = {name.casefold(): target for name, target in table.items()}
    found = []
    for name, count in names.items():
        target = table.get(name) or folded.get(name.casefold(), "")
        found.append(
            MappingRow(
                Kind.ATTRIBUTE, name, name, target, "mapped" if target else "unmapped", count
            )
        )
    return _ordered(found)


def unit_rows(rows: Sequence[MappedProduct], profile: Profile) -> list[MappingRow]:
    found = []
    for key, group in _by_category(rows).items():
        source = group[0].product.category or key
        if key in profile.units.by_category:
            found.append(
                MappingRow(
                    Kind.UNIT, key, source, profile.units.by_category[key], "set", len(group)
                )
            )
            continue
        units = Counter(row.listing.unit for row in group if row.listing is not None)
        unit = units.most_common(1)[0][0] if units else profile.units.default
        found.append(MappingRow(Kind.UNIT, key, source, unit, "inferred", len(group)))
    return _ordered(found)


def _ordered(found: list[MappingRow]) -> list[MappingRow]:
    return sorted(found, key=lambda row: (_RANK[row.state], -row.count, row.source.casefold()))


def with_mapping(
    profile: Profile, kind: Kind, key: str, target: str | None
) -> tuple[Profile, str | None]:
    """The profile with one mapping set (or removed, for None), and the value it replaced."""
    if kind is Kind.CATEGORY:
        categories = dict(profile.category_map)
        previous = _put(categories, key, target)
        return profile.model_copy(update={"category_map": categories}), previous
    if kind is Kind.ATTRIBUTE:
        names = dict(profile.attributes.names)
        previous = _put(names, key, target)
        attributes = profile.attributes.model_copy(update={"names": names})
        return profile.model_copy(update={"attributes": attributes}), previous
    units = dict(profile.units.by_category)
    previous = _put(units, key, target)
    return profile.model_copy(
        update={"units": profile.units.model_copy(update={"by_category": units})}
    ), previous


def _put(table: dict[str, str], key: str, value: str | None) -> str | None:
    previous = table.get(key)
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value
    return previous


def affected(products: Sequence[RetailProduct], kind: Kind, key: str) -> list[int]:
    """The products a mapping covers: those in the category, or with an attribute of that name."""
    if kind is Kind.ATTRIBUTE:
        folded = key.casefold()
        return [
            index
            for index, product in enumerate(products)
            if any(attribute.name.casefold() == folded for attribute in product.attributes)
        ]
    return [index for index, product in enumerate(products) if category_key(product) == key]
