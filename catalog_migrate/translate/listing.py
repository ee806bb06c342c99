"""Translate every buyer-facing field of a wholesale listing into the buyer's language.

Fields: title, keywords, specification names and values, variation names and values, place of
origin and the description's text (its HTML kept). Brand, ids and categories are never translated
(categories go through the category map). Each field is translated whole or kept as written with a
`language.not_translated` warning naming the words no table covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from catalog_migrate.model import Issue, Provenance, WholesaleListing, WholesaleSku, warning
from catalog_migrate.profile import Translate
from catalog_migrate.translate.description import translate_html
from catalog_migrate.translate.detect import detect_language
from catalog_migrate.translate.glossary import Glossary, GlossaryResult, load_glossaries

CODES: dict[str, str] = {
    "language.not_translated": "a buyer-facing field is not in the buyer's language after the run "
    "(the glossary does not cover every word of it); it was kept as written (warning)",
}

# Malay and Indonesian share most words; a title detected as one may be the other.
_FAMILIES = {"id": ("ms",), "ms": ("id",), "tl": (), "vi": (), "th": (), "zh": ()}
_MISSING_SHOWN = 5


@dataclass
class Translation:
    """What one listing's translation did: the new listing and what was kept as written."""

    listing: WholesaleListing
    issues: list[Issue] = field(default_factory=list)


@dataclass
class ListingTranslator:
    """Translates listings with the glossaries; identical strings are translated once per run."""

    glossaries: dict[str, Glossary]
    target_language: str = "en"
    protect: frozenset[str] = frozenset()
    max_title_length: int = 128
    _memo: dict[tuple[str, str, str], tuple[GlossaryResult, str]] = field(default_factory=dict)

    def translate(self, listing: WholesaleListing, product_key: str) -> Translation:
        return translate_listing(listing, self, product_key)

    def candidates(self, title: str) -> list[str]:
        """Source languages to try, the title's own language first."""
        detected = detect_language(title)
        order: list[str] = []
        if detected and detected != self.target_language:
            order.append(detected)
            order.extend(_FAMILIES.get(detected, ()))
        order.extend(sorted(self.glossaries))
        return [code for code in dict.fromkeys(order) if code in self.glossaries]

    def text(self, text: str, languages: list[str], casing: str) -> tuple[GlossaryResult, str]:
        """The first complete translation over `languages`; else the one with fewest gaps."""
        key = (text, casing, ",".join(languages))
        if key in self._memo:
            return self._memo[key]
        best: tuple[GlossaryResult, str] | None = None
        for language in languages:
            result = self.glossaries[language].translate(text, casing=casing, protect=self.protect)
            if result.complete:
                best = (result, language)
                break
            if best is None or len(result.missing) < len(best[0].missing):
                best = (result, language)
        if best is None:
            best = (GlossaryResult(text, True, False), "")
        self._memo[key] = best
        return best


def translate_listing(
    listing: WholesaleListing, translator: ListingTranslator, product_key: str
) -> Translation:
    if not text_to_translate(listing):
        return Translation(listing)
    languages = translator.candidates(listing.title)
    work = _Work(translator, languages, product_key)
    title = work.field("title", listing.title, "title")
    if len(title) > translator.max_title_length:
        title = _cut(title, translator.max_title_length)
    keywords = [work.field("keywords", keyword, "title") for keyword in listing.keywords]
    specifications = {
        work.field("specifications", name, "value"): work.field("specifications", value, "value")
        for name, value in listing.specifications.items()
    }
    variation_names = {
        name: work.field("variations", name, "value") for name in listing.variation_names
    }
    skus = [_sku(sku, variation_names, work) for sku in listing.skus]
    origin = work.field("place_of_origin", listing.place_of_origin, "value")
    description = translate_html(
        listing.description, lambda text: work.field("description", text, "sentence")
    )
    updated = listing.model_copy(
        update={
            "title": title,
            "keywords": list(dict.fromkeys(keywords)),
            "specifications": specifications,
            "variation_names": list(variation_names.values()),
            "skus": skus,
            "place_of_origin": origin,
            "description": description,
            "provenance": [*listing.provenance, *work.provenance(title)],
        }
    )
    return Translation(updated, work.issues(listing))


def text_to_translate(listing: WholesaleListing) -> bool:
    return bool(listing.title.strip())


def _sku(sku: WholesaleSku, names: dict[str, str], work: _Work) -> WholesaleSku:
    options = {
        names.get(name, name): work.field("variations", value, "value")
        for name, value in sku.options.items()
    }
    return sku.model_copy(update={"options": options})


def _cut(title: str, limit: int) -> str:
    cut = title[: limit + 1].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit]
    return cut[:limit].rstrip(" -/,&.")


class _Work:
    """The per-listing bookkeeping: which fields changed, which kept words nothing covers."""

    def __init__(self, translator: ListingTranslator, languages: list[str], key: str) -> None:
        self._translator = translator
        self._languages = languages
        self._key = key
        self._changed: dict[str, list[tuple[str, str, str]]] = {}
        self._missing: dict[str, list[str]] = {}

    def field(self, name: str, text: str, casing: str) -> str:
        if not text.strip():
            return text
        result, language = self._translator.text(text, self._languages, casing)
        if not result.complete:
            self._missing.setdefault(name, []).extend(result.missing)
            return text
        if result.changed:
            self._changed.setdefault(name, []).append((text, result.text, language))
        return result.text

    def provenance(self, title: str) -> list[Provenance]:
        """One entry per translated text: the engine, the languages and the source text."""
        target = self._translator.target_language
        return [
            Provenance(
                field=name,
                value=title if name == "title" else translated,
                rule=f"translate.glossary {language}->{target} from: {source}",
            )
            for name, changes in self._changed.items()
            for source, translated, language in changes
        ]

    def issues(self, listing: WholesaleListing) -> list[Issue]:
        found: list[Issue] = []
        target = self._translator.target_language
        for name, words in self._missing.items():
            unique = list(dict.fromkeys(words))
            shown = ", ".join(f"'{word}'" for word in unique[:_MISSING_SHOWN])
            more = (
                f" and {len(unique) - _MISSING_SHOWN} more" if len(unique) > _MISSING_SHOWN else ""
            )
            found.append(
                warning(
                    "language.not_translated",
                    f"{name} not translated into {target}: the glossary has no entry for "
                    f"{shown}{more}; add them under [translate.terms] in the profile or edit "
                    "the field in review",
                    product_key=self._key,
                    field=name,
                    source_row=listing.source_rows[0] if listing.source_rows else None,
                )
            )
        return found


def glossary_translator(
    folder: Path, target_language: str, profile_translate: Translate, max_title_length: int
) -> ListingTranslator:
    """The offline translator: the shipped tables plus the seller's terms and protected words."""
    glossaries = load_glossaries(folder, profile_translate.terms)
    protect = frozenset(word.casefold() for word in profile_translate.protect)
    return ListingTranslator(glossaries, target_language, protect, max_title_length)
