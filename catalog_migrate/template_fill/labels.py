"""Header labels to fields: normalising a label and the synonym tables that name each field.

The tables are data (`mappings/templates/<target>.toml`, then `generic.toml`), each a `[fields]`
table of field name -> the labels channels and ERPs print for it. `{n}` in a field name and its
labels stands for 1, 2, 3, ... (`tier_{n}_price = ["Price {n}"]`). The seller's own labels
(`[template.columns]` in the profile) come first, then the target's table, then the generic one.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalog_migrate.errors import UserError
from catalog_migrate.template_fill.fields import FAMILY_OF, FIELDS, UNIT_FAMILIES

MAX_NUMBER = 10  # `{n}` expands to 1..10; fields that do not exist (keyword_6) are dropped

# A bracket's content stops at the next opening bracket too, so a run of openers costs linear time.
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>")
_SEPARATORS = re.compile(r"[\s_\-/\\.,:;#?!'\"`|+&%$~^={}]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_UNITS = {
    "kg": "kg",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "公斤": "kg",
    "千克": "kg",
    "g": "g",
    "gr": "g",
    "gram": "g",
    "grams": "g",
    "克": "g",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "oz": "oz",
    "ounce": "oz",
    "ounces": "oz",
    "cm": "cm",
    "厘米": "cm",
    "in": "in",
    "inch": "in",
    "inches": "in",
}


# Currencies a price column's label may name, as a word or in brackets (`Price (IDR)`,
# `CAD Unit Wholesale Price`); Faire labels pounds `GBR` (faire-template.md, columns 34-35).
_CURRENCY_CODES = (
    "USD EUR GBP CAD AUD NZD CNY HKD TWD JPY KRW SGD MYR IDR THB VND PHP INR AED CHF SEK"
)
_CURRENCIES = {code.casefold(): code for code in _CURRENCY_CODES.split()} | {
    "gbr": "GBP",
    "rmb": "CNY",
    "rp": "IDR",
    "rm": "MYR",
    "人民币": "CNY",
    "美元": "USD",
}


@dataclass(frozen=True)
class Label:
    """A header label as matched: its words, the unit (`Weight (g)` -> g) and the currency
    (`Price (IDR)` -> IDR) it names."""

    key: str
    unit: str | None
    currency: str | None = None


def normalise(text: str) -> Label:
    """Case, width, spaces, punctuation, `*` required marks and bracketed notes do not count.

    `*Product Name (English)`, `product_name_english`... are not equal, but `* Product  Name`,
    `PRODUCT NAME` and `Product Name（必填）` all read `product name`. A unit in brackets or as
    the last word (`Weight (kg)`, `weight_kg`) is kept apart, to pick the field of that unit.
    """
    text = unicodedata.normalize("NFKC", text).casefold().replace("*", " ")
    unit = currency = None
    for bracket in _BRACKETS.findall(text):
        words = _SEPARATORS.sub(" ", bracket[1:-1]).split()
        if len(words) == 1 and words[0] in _UNITS:
            unit = _UNITS[words[0]]
        currency = currency or next((_CURRENCIES[w] for w in words if w in _CURRENCIES), None)
    text = _BRACKETS.sub(" ", text)
    words = _SEPARATORS.sub(" ", _LETTER_DIGIT.sub(" ", text)).split()
    if unit is None and len(words) > 1 and words[-1] in _UNITS:
        unit = _UNITS[words[-1]]
    if currency is None and len(words) > 1:
        currency = _CURRENCIES.get(words[0]) or _CURRENCIES.get(words[-1])
    return Label(" ".join(words), unit, currency)


def _without_unit(label: Label) -> str:
    words = label.key.split()
    if len(words) > 1 and words[-1] in _UNITS:
        return " ".join(words[:-1])
    return label.key


VARIATION = "variation:"  # `variation:color`: each SKU's value of its colour variation


def is_field(name: str) -> bool:
    return name in FIELDS or (name.startswith(VARIATION) and len(name) > len(VARIATION))


class LabelTable:
    """Normalised label -> field, in priority order (the first table naming a label wins).

    `groups` names the variations a column can be named after: a normalised variation name
    (`warna`, `colour`) -> its group (`color`), so a `Color` column takes a `Warna` value.
    """

    def __init__(self, entries: Mapping[str, str], groups: Mapping[str, str] | None = None):
        self._fields = dict(entries)
        self._groups = dict(groups or {})

    def variation_field(self, name: str) -> str:
        """The `variation:` field a SKU's variation named `name` fills."""
        key = normalise(name).key
        return VARIATION + self._groups.get(key, key)

    def field(self, raw: str) -> str | None:
        """The field a header cell names, or None."""
        return self.match(normalise(raw))

    def match(self, label: Label) -> str | None:
        if not label.key:
            return None
        found = self._fields.get(label.key)
        if found is None and label.unit is not None:
            found = self._fields.get(_without_unit(label))
        if found is None:
            return None
        family = FAMILY_OF.get(found)
        if family is not None and label.unit is not None:
            return UNIT_FAMILIES[family].get(label.unit, found)
        return found

    def __len__(self) -> int:
        return len(self._fields)


def templates_dir() -> Path:
    from catalog_migrate.profile import shipped_dir

    return shipped_dir() / "templates"


def _expand(field: str, labels: Sequence[str]) -> list[tuple[str, str]]:
    if "{n}" not in field:
        return [(field, label) for label in labels]
    pairs = []
    for n in range(1, MAX_NUMBER + 1):
        name = field.replace("{n}", str(n))
        pairs += [(name, label.replace("{n}", str(n))) for label in labels]
    return pairs


def read_variations(path: Path) -> list[tuple[str, str]]:
    """The (group, variation name) pairs of one synonym file's `[variations]`."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        (normalise(group).key, name)
        for group, names in data.get("variations", {}).items()
        for name in (group, *names)
    ]


def read_table(path: Path) -> list[tuple[str, str]]:
    """The (field, label) pairs of one synonym file, in file order."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pairs: list[tuple[str, str]] = []
    for field, labels in data.get("fields", {}).items():
        for name, label in _expand(field, labels):
            if name in FIELDS:
                pairs.append((name, label))
            elif "{n}" not in field:
                raise ValueError(f"{path.name}: unknown field {field!r}")
    return pairs


def build_table(target: str, seller_columns: Mapping[str, str]) -> LabelTable:
    """The seller's labels, then the target's table, then the generic one."""
    unknown = sorted(field for field in seller_columns.values() if not is_field(field))
    if unknown:
        raise UserError(
            f"[template.columns] names unknown field {unknown[0]!r}; known fields: "
            f"{', '.join(sorted(FIELDS))}, or variation:<name>",
            code="profile.invalid",
        )
    entries: dict[str, str] = {}
    groups: dict[str, str] = {}
    pairs = list(seller_columns.items())
    variations: list[tuple[str, str]] = []
    for name in (target, "generic"):
        path = templates_dir() / f"{name}.toml"
        if path.is_file():
            pairs += [(label, field) for field, label in read_table(path)]
            variations += read_variations(path)
    for group, name in variations:
        key = normalise(name).key
        if key:
            groups.setdefault(key, group)
            pairs.append((name, VARIATION + group))
    for label, field in pairs:
        key = normalise(label).key
        if key:
            entries.setdefault(key, field)
    return LabelTable(entries, groups)
