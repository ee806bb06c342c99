"""Translate every buyer-facing field of a wholesale listing into the buyer's language.

Fields: title, keywords, specification names and values, variation names and values, place of
origin and the description's text (its HTML kept). Brand, ids and categories are never translated
(categories go through the category map). Each field is translated whole or kept as written with a
`language.not_translated` warning naming the words no table covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from catalog_migrate.model import Issue, Provenance, WholesaleListing, WholesaleSku, warning
from catalog_migrate.profile import Translate
from catalog_migrate.translate.description import html_texts, translate_html
from catalog_migrate.translate.detect import detect_language, script_language
from catalog_migrate.translate.engine_stage import EngineStage
from catalog_migrate.translate.glossary import MISSING_KEPT, Glossary, load_glossaries, recase
from catalog_migrate.translate.tokens import protected_tokens

CODES: dict[str, str] = {
    "language.not_translated": "a buyer-facing field is not in the buyer's language after the run "
    "(the glossary does not cover every word of it, or the engine changed a protected token); it "
    "was kept as written (warning)",
    "translate.engine_unavailable": "the translation engine stayed down after its retries; the "
    "rest of the run was translated with the glossary alone (warning)",
}

# Malay and Indonesian share most words; a title detected as one may be the other.
_FAMILIES = {"id": ("ms",), "ms": ("id",), "tl": (), "vi": (), "th": (), "zh": ()}
_MISSING_SHOWN = MISSING_KEPT
# Values repeat across a catalog (colours, sizes, boilerplate lines) and are kept; long prose seldom
# does, and keeping every sentence of 25,000 descriptions would cost hundreds of MB.
_MEMO_MAX_CHARS = 200
# The glossary's reading of a text depends on the text, its casing, field and languages alone, so
# the most recently used are kept whatever their length: a description's sentences recur across
# a shop's products, and the same values under English titles. Bounded, unlike `_memo`.
_GLOSSARY_MEMO_SIZE = 20_000


@dataclass
class Translation:
    """What one listing's translation did: the new listing and what was kept as written."""

    listing: WholesaleListing
    issues: list[Issue] = field(default_factory=list)

    @property
    def title_changed(self) -> bool:
        return any(entry.field == "title" and entry.engine for entry in self.listing.provenance)


@dataclass(frozen=True)
class Rendering:
    """One text in the buyer's language, or kept as written with the words nothing covered."""

    text: str
    complete: bool
    changed: bool
    missing: tuple[str, ...] = ()
    language: str = ""
    engine: str = "glossary"


@dataclass
class ListingTranslator:
    """Translates listings: the glossary first, then the engine (if any) for what it leaves.

    Identical strings are translated once per run.
    """

    glossaries: dict[str, Glossary]
    target_language: str = "en"
    protect: frozenset[str] = frozenset()
    max_title_length: int = 128
    engine: EngineStage | None = None
    _memo: dict[tuple[str, str, str], Rendering] = field(default_factory=dict)
    _glossary_memo: dict[tuple[str, str, str, tuple[str, ...]], Rendering] = field(
        default_factory=dict
    )
    _detected: dict[str, str | None] = field(default_factory=dict)
    _languages_seen: Counter[str] = field(default_factory=Counter)

    def translate(self, listing: WholesaleListing, product_key: str) -> Translation:
        if self.engine is not None:
            self.prefetch([listing])
        return translate_listing(listing, self, product_key)

    def prefetch(self, listings: list[WholesaleListing]) -> None:
        """Ask the engine, in batches, for every text of these listings the glossary leaves."""
        if self.engine is None or self.engine.down:
            return
        by_language: dict[str, list[str]] = {}
        for listing in listings:
            languages, english = self.candidates(listing.title)
            if english:
                continue
            for text, casing in listing_texts(listing):
                if self.is_buyer_language(text):
                    continue
                glossary = self._glossary(text, languages, casing)
                if not glossary.complete and languages:
                    by_language.setdefault(languages[0], []).append(
                        self.engine_input(text, languages[0])
                    )
        for language, texts in sorted(by_language.items()):
            self.engine.resolve(language, self.target_language, texts)

    def candidates(self, title: str) -> tuple[list[str], bool]:
        """Source languages to try, the title's own first; and whether the title is in English.

        A listing titled in the buyer's language is left alone but for values in the shop's
        main language so far (a `Hitam` colour under an English title); a word of another table
        (`Pin`, Vietnamese for battery) is never read into it.
        """
        detected = self._detect(title)
        if detected == self.target_language:
            shop = self._shop_language()
            order = [shop, *_FAMILIES.get(shop, ())] if shop else []
            return [code for code in order if code in self.glossaries], True
        order = [detected, *_FAMILIES.get(detected, ())] if detected else []
        shop = self._shop_language()
        if shop:
            order.extend([shop, *_FAMILIES.get(shop, ())])
        if not order:
            order = sorted(self.glossaries)
        return [code for code in dict.fromkeys(order) if code in self.glossaries], False

    def _local_language(self, title: str) -> str:
        """An "English" title with words of a table (`Jaket Hoodie Pria Fleece`) is that table's.

        Once the shop's language is known only its tables count; before, two words are needed,
        so that one English word of another table (`Pin`, Vietnamese for battery) decides nothing.
        """
        shop = self._shop_language()
        languages = [shop, *_FAMILIES.get(shop, ())] if shop else sorted(self.glossaries)
        needed = 1 if shop else 2
        hits = {
            language: self.glossaries[language].local_words(title)
            for language in languages
            if language in self.glossaries
        }
        best = max(hits.values(), default=0)
        if best < needed:
            return self.target_language
        return min(language for language, count in hits.items() if count == best)

    def note_title(self, title: str) -> None:
        detected = self._detect(title)
        if detected and detected != self.target_language:
            self._languages_seen[detected] += 1

    def is_buyer_language(self, text: str) -> bool:
        """Prose (three words or more) in the buyer's language, such as an English description,
        with no word any table reads as its own."""
        return (
            len(text.split()) >= 3 and text.isascii() and self._detect(text) == self.target_language
        )

    def detect(self, text: str) -> str | None:
        """The language of `text` as the translator judges it (see `_detect`)."""
        return self._detect(text)

    def _detect(self, text: str) -> str | None:
        """The text's language: by its letters, else by the words a table knows, else lingua's
        models (the slowest way, so the last)."""
        if text not in self._detected:
            found = script_language(text)
            if found is None:
                local = self._local_language(text)
                found = local if local != self.target_language else detect_language(text)
            self._detected[text] = found
        return self._detected[text]

    def _shop_language(self) -> str | None:
        if not self._languages_seen:
            return None
        return min(self._languages_seen.items(), key=lambda item: (-item[1], item[0]))[0]

    def text(self, text: str, languages: list[str], casing: str, context: str = "") -> Rendering:
        """The glossary's whole translation; else the engine's; else the text as written."""
        key = (text, f"{casing}:{context}", ",".join(languages))
        found = self._memo.get(key)
        if found is None:
            found = self._glossary(text, languages, casing, context)
            if (
                not found.complete
                and self.engine is not None
                and languages
                and not self.is_buyer_language(text)
            ):
                found = self._from_engine(text, languages[0], found, casing)
            if len(text) <= _MEMO_MAX_CHARS:
                self._memo[key] = found
        return found

    @contextmanager
    def afresh(self) -> Iterator[None]:
        """Translate again inside the block: the engine is asked anew, not this run or the cache."""
        self._memo.clear()
        if self.engine is not None:
            self.engine.forget_answers()
        try:
            yield
        finally:
            self._memo.clear()

    def issues(self) -> list[Issue]:
        """Run-level warnings (an engine given up on)."""
        return self.engine.issues() if self.engine is not None else []

    def glossary_only(
        self, text: str, languages: list[str], casing: str, context: str = ""
    ) -> Rendering:
        return self._glossary(text, languages, casing, context)

    def _glossary(
        self, text: str, languages: list[str], casing: str, context: str = ""
    ) -> Rendering:
        key = (text, casing, context, tuple(languages))
        memo = self._glossary_memo
        found = memo.pop(key, None)  # put back last: the least recently used go first
        if found is None:
            found = self._glossary_tables(text, languages, casing, context)
            if len(memo) >= _GLOSSARY_MEMO_SIZE:
                del memo[next(iter(memo))]
        memo[key] = found
        return found

    def _glossary_tables(
        self, text: str, languages: list[str], casing: str, context: str
    ) -> Rendering:
        best: Rendering | None = None
        for language in languages:
            result = self.glossaries[language].translate(
                text, casing=casing, protect=self.protect, context=context
            )
            rendering = Rendering(
                result.text, result.complete, result.changed, result.missing, language
            )
            if result.complete:
                return rendering
            if best is None or len(result.missing) < len(best.missing):
                best = rendering
        return best or Rendering(text, True, False)

    def engine_input(self, text: str, language: str) -> str:
        """The glossary's terms enforced: what it covers goes to the engine already in English."""
        return self.glossaries[language].substitute(text, protect=self.protect)

    def _from_engine(self, text: str, language: str, glossary: Rendering, casing: str) -> Rendering:
        assert self.engine is not None
        sent = self.engine_input(text, language)
        answer = self.engine.get(language, self.target_language, sent)
        if answer is None:
            self.engine.resolve(language, self.target_language, [sent])
            answer = self.engine.get(language, self.target_language, sent)
        if answer is None or not answer.strip():
            return glossary
        lost = [token for token in protected_tokens(text, self.protect) if token not in answer]
        if lost:
            return Rendering(text, False, False, tuple(lost), language, self.engine.name)
        answer = recase(answer.strip(), casing, text)
        return Rendering(answer, True, answer != text, (), language, self.engine.name)


def translate_listing(
    listing: WholesaleListing, translator: ListingTranslator, product_key: str
) -> Translation:
    if not text_to_translate(listing):
        return Translation(listing)
    translator.note_title(listing.title)
    languages, english = translator.candidates(listing.title)
    work = _Work(translator, languages, product_key, english)
    title = work.field("title", listing.title, "title")
    if len(title) > translator.max_title_length:
        title = _cut(title, translator.max_title_length)
    keywords = [work.field("keywords", keyword, "title") for keyword in listing.keywords]
    specifications = {
        work.field("specifications", name, "value"): work.field(
            "specifications", value, "value", context=name
        )
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
            "provenance": [*listing.provenance, *work.provenance(title, listing, description)],
        }
    )
    return Translation(updated, work.issues(listing))


def text_to_translate(listing: WholesaleListing) -> bool:
    return bool(listing.title.strip())


def listing_texts(listing: WholesaleListing) -> list[tuple[str, str]]:
    """Every (text, casing) that `translate_listing` will ask for, for batching ahead."""
    texts = [(listing.title, "title")]
    texts.extend((keyword, "title") for keyword in listing.keywords)
    for name, value in listing.specifications.items():
        texts.extend(((name, "value"), (value, "value")))
    texts.extend((name, "value") for name in listing.variation_names)
    texts.extend((value, "value") for sku in listing.skus for value in sku.options.values())
    texts.append((listing.place_of_origin, "value"))
    texts.extend((text, "sentence") for text in html_texts(listing.description))
    return [(text, casing) for text, casing in texts if text.strip()]


def _sku(sku: WholesaleSku, names: dict[str, str], work: _Work) -> WholesaleSku:
    options = {
        names.get(name, name): work.field(
            "variations", value, "value", context=names.get(name, name)
        )
        for name, value in sku.options.items()
    }
    return sku.model_copy(update={"options": options})


def _cut(title: str, limit: int) -> str:
    cut = title[: limit + 1].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit]
    return cut[:limit].rstrip(" -/,&.")


class _Work:
    """The per-listing bookkeeping: which fields changed, which were kept as written and why."""

    def __init__(
        self, translator: ListingTranslator, languages: list[str], key: str, english: bool
    ) -> None:
        self._translator = translator
        self._languages = languages
        self._key = key
        self._english = english  # the listing is titled in the buyer's language
        self._changed: dict[str, list[tuple[str, Rendering]]] = {}
        self._kept: dict[str, list[Rendering]] = {}

    def field(self, name: str, text: str, casing: str, context: str = "") -> str:
        if not text.strip():
            return text
        if self._english:
            # Already the buyer's: only a whole value of the shop's language is translated.
            rendering = self._translator.glossary_only(text, self._languages, casing, context)
            if not rendering.complete:
                return text
        else:
            rendering = self._translator.text(text, self._languages, casing, context)
            if not rendering.complete:
                # English prose with words no table lists (an English description) is no gap;
                # asked only now, and once the field has a gap not at all, since detecting a
                # language costs more than the tables.
                if name in self._kept or not self._translator.is_buyer_language(text):
                    self._kept.setdefault(name, []).append(rendering)
                return text
        if rendering.changed:
            self._changed.setdefault(name, []).append((text, rendering))
        return rendering.text

    def provenance(
        self, title: str, source: WholesaleListing, description: str
    ) -> list[Provenance]:
        """One entry per translated text: the engine, the languages and the source text.

        A description is one entry (its text nodes are many: a row each would double the report).
        """
        target = self._translator.target_language
        entries = [
            Provenance(
                field=name,
                value=title if name == "title" else rendering.text,
                rule=f"translate.{rendering.engine} {rendering.language}->{target} from: {text}",
                source_text=text,
                engine=rendering.engine,
            )
            for name, changes in self._changed.items()
            if name != "description"
            for text, rendering in changes
        ]
        nodes = self._changed.get("description", [])
        if nodes:
            engines = ", ".join(dict.fromkeys(rendering.engine for _, rendering in nodes))
            language = nodes[0][1].language
            entries.append(
                Provenance(
                    field="description",
                    value=description,
                    rule=f"translate.{engines} {language}->{target}: {len(nodes)} text nodes",
                    source_text=source.description,
                    engine=engines,
                )
            )
        return entries

    def issues(self, listing: WholesaleListing) -> list[Issue]:
        target = self._translator.target_language
        return [
            warning(
                "language.not_translated",
                f"{name} not translated into {target}: {_why(kept)}; add the words under "
                "[translate.terms] in the profile or edit the field in review",
                product_key=self._key,
                field=name,
                source_row=listing.source_rows[0] if listing.source_rows else None,
            )
            for name, kept in self._kept.items()
        ]


def _why(kept: list[Rendering]) -> str:
    dropped = [rendering for rendering in kept if rendering.engine != "glossary"]
    if dropped:
        tokens = ", ".join(f"'{token}'" for token in dropped[0].missing)
        return f"{dropped[0].engine} changed the protected {tokens}"
    unique = list(dict.fromkeys(word for rendering in kept for word in rendering.missing))
    shown = ", ".join(f"'{word}'" for word in unique[:_MISSING_SHOWN])
    more = " and more" if len(unique) > _MISSING_SHOWN else ""
    return f"the glossary has no entry for {shown}{more}"


def make_translator(
    folder: Path,
    target_language: str,
    settings: Translate,
    max_title_length: int,
    engine: EngineStage | None = None,
    english_texts: Iterable[str] = (),
) -> ListingTranslator:
    """The shipped glossaries plus the seller's terms and protected words, and an engine if any.

    `english_texts` are known to be in English already: the target categories of the map, whose
    leaves become keywords (`Women's Pants`, `Abaya`)."""
    glossaries = load_glossaries(folder, settings.terms, english_texts)
    protect = frozenset(word.casefold() for word in settings.protect)
    return ListingTranslator(glossaries, target_language, protect, max_title_length, engine)
