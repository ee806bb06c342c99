"""Choosing a schema option for a listing's value: by display name, without case or spaces.

A value the shop wrote in its own language (`Katun`, `Merah`) is also tried as the glossary
translates it (`Cotton`, `Red`), so a listing converted with `--no-translate` still finds the
category's English options. Units are `Piece/Pieces`-style: either form matches.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from catalog_migrate.profile import shipped_dir
from catalog_migrate.publish.schema import SchemaField, SchemaOption
from catalog_migrate.translate.glossary import Glossary, load_glossaries

Glossaries = Mapping[str, Glossary]

# Names the listing and the category write differently for one thing.
_NAME_ALIASES = {
    "origin": "placeoforigin",
    "countryoforigin": "placeoforigin",
    "brand": "brandname",
    "colour": "color",
}


def key(text: str) -> str:
    """Case-, width- and space-insensitive form of a name or value."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def name_key(text: str) -> str:
    folded = key(text)
    return _NAME_ALIASES.get(folded, folded)


@lru_cache(maxsize=1)
def shipped_glossaries() -> Glossaries:
    return load_glossaries(shipped_dir() / "glossary")


def renderings(text: str, context: str, glossaries: Glossaries) -> list[str]:
    """`text` itself, then each different English rendering the glossaries give it."""
    found = [text]
    for language in sorted(glossaries):
        result = glossaries[language].translate(text, casing="value", context=context)
        if result.complete and result.changed and result.text not in found:
            found.append(result.text)
    return found


def choose_option(
    field: SchemaField, value: str, glossaries: Glossaries, context: str = ""
) -> SchemaOption | None:
    """The option whose display name is `value` (or its English rendering), if any."""
    by_name: dict[str, SchemaOption] = {}
    for option in field.options:
        by_name.setdefault(key(option.display_name), option)
    for candidate in renderings(value, context or field.name, glossaries):
        found = by_name.get(key(candidate))
        if found is not None:
            return found
    return None


def choose_unit(field: SchemaField, unit: str) -> SchemaOption | None:
    """The unit option sharing a form with `unit`: `Piece/Pieces` matches `Pieces` or `Piece`."""
    wanted = _unit_forms(unit)
    if not wanted:
        return None
    exact = key(unit)
    for option in field.options:  # the whole name first: `Pair/Pairs` before a `Pairs` option
        if key(option.display_name) == exact:
            return option
    for option in field.options:
        if wanted & _unit_forms(option.display_name):
            return option
    return None


def _unit_forms(text: str) -> set[str]:
    return {form for form in (key(part) for part in text.split("/")) if form}


def matching_field(
    fields: Iterable[SchemaField], name: str, glossaries: Glossaries, taken: set[str]
) -> SchemaField | None:
    """The field (not yet taken) whose name is `name`, or its English rendering."""
    by_name: dict[str, SchemaField] = {}
    for field in fields:
        if field.field_id not in taken:
            by_name.setdefault(name_key(field.name or field.field_id), field)
    for candidate in renderings(name, "", glossaries):
        found = by_name.get(name_key(candidate))
        if found is not None:
            return found
    return None
