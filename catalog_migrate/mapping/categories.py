"""Target category from the profile's category map, and suggestions for unmapped categories."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from fractions import Fraction

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.profile import normalise_category

CODES = {
    "category.unmapped": "the category map has no entry for the source category; it was kept as is",
    "category.prefix_mapped": "the category map has no entry for the source category; the "
    "target of its longest mapped parent path was used (warning)",
}

_WORD = re.compile(r"\w+(?:['’]\w+)*")  # `Women's` is one word


def map_category(
    source: str | None, category_map: dict[str, str], notes: Notes
) -> tuple[str, bool]:
    """(category, mapped): the mapped target category, or the source path kept when unmapped."""
    if source is None or not source.strip():
        # No category to map: the target's rules say whether its channel needs one.
        notes.trace("category", "", "category.none (the product has no category)")
        return "", False
    key = normalise_category(source)
    target = category_map.get(key)
    if target is not None:
        notes.trace("category", target, f"category.map {source.strip()!r}")
        return target, True
    kept = source.strip()
    prefix = _longest_mapped_prefix(key, category_map)
    if prefix is not None:
        target = category_map[prefix]
        shown = _source_prefix(kept, prefix.count("/") + 1)
        notes.warning(
            "category.prefix_mapped",
            f"no entry for {kept!r} in the category map; mapped by its parent {shown!r} "
            f"to {target!r}: check it",
            field="category",
        )
        notes.trace("category", target, f"category.prefix {shown!r} of {kept!r}")
        return target, True
    notes.warning(
        "category.unmapped",
        f"no target category for {kept!r} in the category map; the source path was kept",
        field="category",
    )
    notes.trace("category", kept, "category.kept source path (unmapped)")
    return kept, False


def _longest_mapped_prefix(key: str, category_map: dict[str, str]) -> str | None:
    """The longest parent path of a normalised `key` that the map has an entry for."""
    parts = key.split("/")
    for length in range(len(parts) - 1, 0, -1):
        prefix = "/".join(parts[:length])
        if prefix in category_map:
            return prefix
    return None


def _source_prefix(source: str, levels: int) -> str:
    """The first `levels` levels of a source path, as the export wrote them."""
    parts = [" ".join(part.split()) for part in source.replace(">>>", "/").split("/")]
    return "/".join([part for part in parts if part][:levels])


def suggest_categories(
    source_path: str,
    known_targets: Iterable[str],
    limit: int = 5,
    known_map: Mapping[str, str] | None = None,
) -> list[str]:
    """Known target categories ranked by word overlap with `source_path` (Jaccard similarity).

    A target also scores by the source paths already mapped to it (`known_map`, source -> target),
    so `Pakaian Wanita/Bawahan/Rok` finds the English target that `Pakaian Wanita/Dress` maps to
    although the two languages share no word. Words are compared casefolded; ties go
    alphabetically; targets sharing no word are left out.
    """
    source_words = _words(source_path)
    if not source_words or limit <= 0:
        return []
    sources_of: dict[str, list[str]] = {}
    for mapped_source, target in (known_map or {}).items():
        sources_of.setdefault(target, []).append(mapped_source)
    scored = []
    for target in set(known_targets) | set(sources_of):
        score = max(
            _similarity(source_words, _words(text))
            for text in (target, *sources_of.get(target, ()))
        )
        if score:
            scored.append((-score, target.casefold(), target))
    return [target for *_, target in sorted(scored)[:limit]]


def _similarity(left: set[str], right: set[str]) -> Fraction:
    shared = len(left & right)
    return Fraction(shared, len(left | right)) if shared else Fraction(0)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))
