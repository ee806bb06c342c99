"""Specifications, place of origin and brand, from attribute columns and the description.

Category attributes (Alibaba.com's icbuCatProp: Place of Origin, Brand Name, Material, ...) and
custom properties (target-formats §1.3, §5); a value longer than the profile's
`attributes.max_value_length` is cut (a target cuts to its own limit too). The description is read
from two-cell table rows and `Key: Value` lines. Names from attribute columns and from the
description go through one normalisation (`SpecRules.target_name`, the profile's per-language
`attributes.names`). When both give a value: the more specific one is kept when one holds the
other (`Stainless Steel` < `Stainless Steel 304`); otherwise the attribute column's, with a warning.
A value that differs by SKU (an axis of the variations) is never claimed for every SKU.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from catalog_migrate.mapping.description import ParsedDescription, read_text
from catalog_migrate.mapping.fit import cut_spec_value
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import (
    collapse_spaces,
    is_size,
    is_unspaced,
    recase_word,
)
from catalog_migrate.model import RetailProduct
from catalog_migrate.profile import Profile

CODES = {
    "spec.conflict": "an attribute column and the description (or the SKUs) give different values "
    "for one specification; the column's (or the SKUs') value is kept",
    "origin.missing": "no place of origin in the product or the profile; most categories need one",
}

PLACE_OF_ORIGIN = "Place of Origin"
BRAND_NAME = "Brand Name"
# A description line is a specification only when its key looks like a name, not prose.
MAX_KEY_LENGTH = 30  # longer than this, a `Key: Value` line's key is a sentence, not a name
MAX_KEY_WORDS = 4
_MAX_REMEMBERED_NAMES = 10_000

_URL = re.compile(r"https?:|//|\bwww\.", re.IGNORECASE)
# `Ukuran / Size`, `Bahan (Material)`, `材质 | Material`: either part, if the whole is unknown.
_NAME_PARTS = re.compile(r"(?<!\s)\s*+[/|()（）]\s*+")  # a run of spaces is tried once
_NAME_EDGES = " :：*-•·.、"
_SPEC_LINE = re.compile(
    r"^\W*+(?:\d{1,2}[.)]\s++)?(?P<key>[^:：]*[^\s:：])\s*[:：]\s*(?P<value>(?:.*\S)?)\s*$"
)
# TikTok brand cells read `Name (id)` (source-formats §2): the id is not part of the brand.
_BRAND_ID = re.compile(r"(?<!\s)\s*\(\d+\)\s*$")


@dataclass(frozen=True)
class SpecRules:
    """The profile's attribute and default rules, compiled once."""

    names: dict[str, str]  # casefolded source name -> target name
    max_value_length: int | None  # None: as long as the channel takes
    keep_upper: frozenset[str]
    place_of_origin: str
    brand_policy: str
    brand_name: str
    no_brand_words: frozenset[str]  # casefolded
    # Source name -> target name, remembered: the same few names recur on every product.
    _target_names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def rename(self, name: str) -> str | None:
        """The target name the profile gives a source attribute name (`Bahan` -> `Material`).

        Case, spaces, a trailing colon or asterisk don't matter; a name written in two languages
        (`Ukuran / Size`, `Bahan (Material)`) is known by either part.
        """
        key = _key(name).strip(_NAME_EDGES)
        found = self.names.get(key)
        if found is None and _NAME_PARTS.search(key):
            parts = (part.strip(_NAME_EDGES) for part in _NAME_PARTS.split(key))
            found = next((self.names[part] for part in parts if part in self.names), None)
        return found

    def target_name(self, written: str) -> str:
        """The profile's name for `written`, else `written` in Title Case (Latin words)."""
        known = self._target_names.get(written)
        if known is None:
            known = self.rename(written) or " ".join(
                recase_word(word, self.keep_upper, lower_too=True) for word in written.split()
            )
            if len(self._target_names) < _MAX_REMEMBERED_NAMES:
                self._target_names[written] = known
        return known


def compile_spec_rules(profile: Profile) -> SpecRules:
    defaults = profile.defaults
    return SpecRules(
        names={_key(source): target for source, target in profile.attributes.names.items()},
        max_value_length=profile.attributes.max_value_length,
        keep_upper=frozenset(word.upper() for word in profile.titles.keep_upper),
        place_of_origin=defaults.place_of_origin.strip(),
        brand_policy=defaults.brand_policy,
        brand_name=defaults.brand_name.strip(),
        no_brand_words=frozenset(_key(word) for word in defaults.no_brand_words),
    )


@dataclass(frozen=True)
class Spec:
    name: str  # the target name, e.g. Material
    value: str
    written_as: str  # the name as the source wrote it, e.g. Bahan
    source: str  # e.g. "product_property/100157", "description table", "description line"


@dataclass(frozen=True)
class ProductFacts:
    specifications: dict[str, str]
    place_of_origin: str
    brand: str


def map_specs(
    product: RetailProduct, description: ParsedDescription, rules: SpecRules, notes: Notes
) -> ProductFacts:
    specs: dict[str, Spec] = {}
    remarks: dict[str, str] = {}  # target name -> what the provenance adds to the rule
    for attribute in product.attributes:
        spec = _spec(
            attribute.name, attribute.value, attribute.source or "product attribute", rules
        )
        if spec is None:
            continue
        known = specs.get(spec.name)
        if known is None:
            specs[spec.name] = spec
        elif known.source == spec.source and not _holds(known.value, spec.value):
            # One column, a different value on another SKU's row: every value is kept.
            specs[spec.name] = replace(known, value=f"{known.value}, {spec.value}")
            remarks[spec.name] = "; differs by SKU"
    found = _description_specs(description, rules)
    sizes = _size_names(product, found)
    for spec in found:
        if spec.written_as.casefold() in sizes or is_size(spec.written_as):
            continue  # a size chart row (`S: 30 x 63 cm`) is not a specification
        known = specs.get(spec.name)
        if known is None:
            specs[spec.name] = spec
        elif not known.source.startswith("description"):
            specs[spec.name] = _merge(known, spec, remarks, notes)
    _per_sku(product, specs, remarks, rules, notes)
    place_of_origin = _place_of_origin(specs.pop(PLACE_OF_ORIGIN, None), rules, notes)
    brand = _brand(product.brand, specs.pop(BRAND_NAME, None), rules, notes)
    specifications: dict[str, str] = {}
    for name, spec in specs.items():
        value = cut_spec_value(spec.name, spec.value, rules.max_value_length, notes)
        specifications[name] = value
        rule = f"spec from {spec.source} ({spec.written_as}){remarks.get(name, '')}"
        notes.trace(f"specifications.{name}", value, rule)
    return ProductFacts(specifications=specifications, place_of_origin=place_of_origin, brand=brand)


def _merge(column: Spec, described: Spec, remarks: dict[str, str], notes: Notes) -> Spec:
    """An attribute column's value and the description's for the same name: the more specific
    (the longer that holds the other: `Polyester` < `Polyester 1680D`), else the column's."""
    if _same(column.value, described.value):
        return column
    if _holds(described.value, column.value):
        remarks[column.name] = f"; more specific than {column.source}'s {column.value!r}"
        return described
    if _holds(column.value, described.value):
        remarks[column.name] = f"; more specific than the description's {described.value!r}"
        return column
    remarks[column.name] = f"; the description's {described.value!r} was not used"
    notes.warning(
        "spec.conflict",
        f"{column.name}: {column.source} ({column.written_as}) says {column.value!r}, the "
        f"{described.source} ({described.written_as}) says {described.value!r}; "
        f"{column.value!r} is kept",
        field=f"specifications.{column.name}",
    )
    return column


def _per_sku(
    product: RetailProduct,
    specs: dict[str, Spec],
    remarks: dict[str, str],
    rules: SpecRules,
    notes: Notes,
) -> None:
    """A specification that is one SKU's value of a variation axis (`Kapasitas: 500ml` when the
    SKUs hold 500ml and 1000ml) lists every SKU's value instead of claiming one for all."""
    axes = _axes(product)
    if not axes:
        return
    keys: dict[str, str] = {}  # spec name -> its value's key, computed when needed
    for axis, values in axes.items():
        target = rules.target_name(axis)
        by_key = {key: value for value, key, _ in values}
        lengths = {len(value) for value, _, _ in values}
        for name, spec in list(specs.items()):
            if name in (PLACE_OF_ORIGIN, BRAND_NAME):
                continue  # one origin and one brand stand for the product
            if name == target:
                key = keys.get(name) or keys.setdefault(name, _key(spec.value))
                named = [value for value, inner, unspaced in values if _in(key, inner, unspaced)]
                if len(named) >= 2:
                    continue  # it already lists the SKUs' values (`M, L, XL`, `M - XL`)
            elif len(spec.value) in lengths and (
                (key := keys.get(name) or keys.setdefault(name, _key(spec.value))) in by_key
            ):
                named = [by_key[key]]  # another name, but exactly one SKU's value
            else:
                continue
            listed = ", ".join(value for value, _, _ in values)
            if name == target and not named:
                notes.warning(
                    "spec.conflict",
                    f"{name}: {spec.source} ({spec.written_as}) says {spec.value!r}, the SKUs' "
                    f"{axis} is {listed}; the SKUs' values are listed",
                    field=f"specifications.{name}",
                )
            remarks[name] = (
                f"; differs by SKU ({axis}): {spec.value!r} was one SKU's value, so every SKU's "
                "is listed"
                if named
                else f"; differs by SKU ({axis}): {spec.value!r} is no SKU's value"
            )
            specs[name] = replace(spec, value=listed)
            keys[name] = _key(listed)


def _axes(product: RetailProduct) -> dict[str, list[tuple[str, str, bool]]]:
    """Variation name -> its (value, key, unspaced) in SKU order, for axes on which SKUs differ."""
    if len(product.variants) < 2:
        return {}
    axes: dict[str, dict[str, str]] = {}
    seen: dict[tuple[str, str], None] = {}
    for variant in product.variants:
        for name, value in variant.options.items():
            if (name, value) in seen:
                continue  # the colour of the next size: already counted
            seen[name, value] = None
            key = _key(value)
            if key:
                axes.setdefault(name, {}).setdefault(key, collapse_spaces(value))
    return {
        name: [(value, key, _unspaced(key)) for key, value in values.items()]
        for name, values in axes.items()
        if len(values) >= 2
    }


def _same(first: str, second: str) -> bool:
    return _key(first) == _key(second)


def _holds(longer: str, shorter: str) -> bool:
    """True when `shorter` appears in `longer` as whole words, ignoring case and spacing."""
    return _holds_key(_key(longer), _key(shorter))


def _holds_key(outer: str, inner: str) -> bool:
    """`_holds` on keys (`_key`)."""
    return bool(inner) and inner in outer and _in(outer, inner, _unspaced(inner))


def _unspaced(text: str) -> bool:
    return not text.isascii() and is_unspaced(text)


def _in(outer: str, inner: str, unspaced: bool) -> bool:
    """True when `inner` is in `outer` as whole words (anywhere, for Chinese or Thai)."""
    start = outer.find(inner)
    if start == -1 or unspaced:
        return start != -1
    while start != -1:
        end = start + len(inner)
        if not (_joined(outer, start - 1, inner[0]) or _joined(outer, end, inner[-1])):
            return True
        start = outer.find(inner, start + 1)
    return False


def _joined(text: str, at: int, edge: str) -> bool:
    """True when the character at `at` (if any) continues the word that `edge` ends or starts."""
    return 0 <= at < len(text) and _is_word(text[at]) and _is_word(edge)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _size_names(product: RetailProduct, found: list[Spec]) -> set[str]:
    """Sizes the product comes in: its variant options and the description's own size list."""
    sizes = {value.strip().casefold() for sku in product.variants for value in sku.options.values()}
    for spec in found:
        if spec.name == "Size":
            sizes.update(item.strip().casefold() for item in spec.value.split(","))
    return sizes


def _description_specs(description: ParsedDescription, rules: SpecRules) -> list[Spec]:
    found: list[Spec] = []
    text = read_text(description)
    for key, value in text.table_rows:
        spec = _spec(key.rstrip(":： "), value, "description table", rules, strict=True)
        if spec is not None:
            found.append(spec)
    for line in text.lines:
        if ":" not in line and "：" not in line:
            continue  # most lines are not `Key: Value`, and this is cheaper than the pattern
        match = _SPEC_LINE.match(line)
        if match:
            spec = _spec(match["key"], match["value"], "description line", rules, strict=True)
            if spec is not None:
                found.append(spec)
    return found


def _spec(
    raw_name: str, raw_value: str, source: str, rules: SpecRules, *, strict: bool = False
) -> Spec | None:
    """A specification from one name/value pair, or None when it is not one.

    `strict` (description text): the name must look like a name, not a sentence or a
    measurement (at most 30 characters and 4 words, starting with a letter), and neither may
    hold a link (Alibaba listings carry
    no outside contact details, target-formats §5).
    """
    written = collapse_spaces(raw_name).strip(" -•*·")
    value = collapse_spaces(raw_value).strip(" ;,")
    if not written or not any(char.isalnum() for char in value):
        return None
    if strict and (
        len(written) > MAX_KEY_LENGTH
        or len(written.split()) > MAX_KEY_WORDS
        or not written[0].isalpha()
        or _URL.search(written + " " + value)
    ):
        return None
    return Spec(name=rules.target_name(written), value=value, written_as=written, source=source)


def _place_of_origin(spec: Spec | None, rules: SpecRules, notes: Notes) -> str:
    if spec is not None:
        notes.trace("place_of_origin", spec.value, f"origin from {spec.source} ({spec.written_as})")
        return spec.value
    if rules.place_of_origin:
        notes.trace(
            "place_of_origin",
            rules.place_of_origin,
            "origin.default (profile defaults.place_of_origin)",
        )
        return rules.place_of_origin
    notes.warning(
        "origin.missing",
        "no place of origin: the product does not say and the profile's defaults.place_of_origin "
        "is empty; most Alibaba categories require it",
        field="place_of_origin",
    )
    return ""


def _brand(column: str | None, spec: Spec | None, rules: SpecRules, notes: Notes) -> str:
    if rules.brand_policy == "none":
        notes.trace("brand", "", "brand.policy none (profile defaults.brand_policy)")
        return ""
    if rules.brand_policy == "fixed":
        notes.trace("brand", rules.brand_name, "brand.policy fixed (profile defaults.brand_name)")
        return rules.brand_name
    if column and column.strip():
        written, source = column, "the brand column"
    elif spec is not None:
        written, source = spec.value, f"{spec.source} ({spec.written_as})"
    else:
        notes.trace("brand", "", "brand.none (the product names no brand)")
        return ""
    brand = _BRAND_ID.sub("", collapse_spaces(written))
    if _key(brand) in rules.no_brand_words:
        notes.trace("brand", "", f"brand.none {brand!r} means no brand")
        return ""
    notes.trace("brand", brand, f"brand from {source}")
    return brand


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", collapse_spaces(name)).casefold()
