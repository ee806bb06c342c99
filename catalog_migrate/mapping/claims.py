"""Retail claims leave the description: a wholesale buyer is promised none of them.

`COD`, free shipping, ready stock, "ships today / within 24 hours" and promo emoji speak to a
retail shopper and contradict wholesale terms (payment by the order, a lead time per quantity).
The sentence that makes the claim goes whole, so no half sentence is left; its HTML element goes
too when nothing else is left in it. Phrases per language are in the profile's `[descriptions]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree, html

# Sentence ends in the languages we read; a <br> already splits the text into nodes.
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
# Emoji a shop puts around a promotion; removed as characters (the sentence may still say more).
PROMO_EMOJI = frozenset("🔥⚡💥🎉🎁✨💯🛒🚚📦🆓‼❗")
_DROPPABLE = frozenset({"p", "li", "span", "strong", "b", "em", "i", "div", "h1", "h2", "h3", "h4"})


@dataclass(frozen=True)
class ClaimRules:
    pattern: re.Pattern[str] | None  # any claim phrase, as a whole word where it is one

    def matches(self, text: str) -> bool:
        return self.pattern is not None and self.pattern.search(text) is not None


@dataclass(frozen=True)
class CleanDescription:
    html: str
    removed: tuple[str, ...]  # the sentences taken out, as written


def compile_claim_rules(claims: Mapping[str, Sequence[str]]) -> ClaimRules:
    phrases = sorted({phrase.strip() for words in claims.values() for phrase in words if phrase})
    if not phrases:
        return ClaimRules(None)
    alternatives = "|".join(_phrase(phrase) for phrase in sorted(phrases, key=len, reverse=True))
    return ClaimRules(re.compile(alternatives, re.IGNORECASE))


def _phrase(phrase: str) -> str:
    """A phrase matched as whole words where its ends are letters (`COD` not in `CODE`)."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return f"{start}{body}{end}"


def remove_claims(description: str, rules: ClaimRules) -> CleanDescription:
    """The description without the sentences that make a retail claim, and what was removed."""
    if not description.strip() or (
        not rules.matches(description) and not any(char in PROMO_EMOJI for char in description)
    ):
        return CleanDescription(description, ())
    root = html.fragment_fromstring(description, create_parent="div")
    removed: list[str] = []
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for attribute in ("text", "tail"):
            if element is root and attribute == "tail":
                continue
            text = getattr(element, attribute)
            if text:
                setattr(element, attribute, _without_claims(text, rules, removed))
    for element in reversed(list(root.iter())):
        if element is not root and _is_empty(element):
            _drop(element)
    inner = (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
    return CleanDescription(inner, tuple(removed))


def _without_claims(text: str, rules: ClaimRules, removed: list[str]) -> str:
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        if rules.matches(sentence):
            removed.append(sentence.strip())
            continue
        kept.append(sentence)
    joined = " ".join(part for part in kept if part.strip()) if len(kept) != 1 else kept[0]
    if text[:1].isspace() and joined and not joined[:1].isspace():
        joined = text[:1] + joined
    emoji = [char for char in joined if char in PROMO_EMOJI]
    if emoji:
        removed.extend(dict.fromkeys(emoji))
        joined = "".join(char for char in joined if char not in PROMO_EMOJI)
    return joined


def _is_empty(element: html.HtmlElement) -> bool:
    return element.tag in _DROPPABLE and len(element) == 0 and not (element.text or "").strip()


def _drop(element: html.HtmlElement) -> None:
    """Remove the element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
