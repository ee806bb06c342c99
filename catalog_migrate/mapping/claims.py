"""Retail and shipping claims out of the sanitised description.

`COD`, `Gratis Ongkir`, `Ready Stock`, `Dikirim Hari Ini`, promotional emoji: a retail seller's
promises that contradict wholesale terms (MOQ, lead times, trade terms). The words are the same
per-language lists as the titles' (`titles.remove_words`); in a description the whole sentence that
makes the claim goes (`Pesanan sebelum jam 3 dikirim hari ini.`), since what is left of it would not
read. Sentences end at `. ! ?`, line breaks, `|`, ` - ` and emoji (sellers' bullets).

The input is the sanitiser's own output, so tags are well formed and text is escaped: tags are left
as they are and only text between them changes; elements left empty by it are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog_migrate.mapping.text import UNSPACED_CHARACTER

# Emoji that only advertise: fire, sparkles of sales, gifts, delivery trucks, "FREE", "NEW", 100.
PROMO_EMOJI = frozenset("🔥💥⚡🎉🎊🎁🚚🚛📦💯🆓🆕🏷💸🤑‼❗")
_PROMO_EMOJI = re.compile("[" + "".join(sorted(PROMO_EMOJI)) + "]")
_TAG = re.compile(r"(<[^<>]*>)")
_WORD = re.compile(r"\w+")
# A sentence ends at punctuation, a line break, `|`, `•`, an emoji, or ` - `; each run is read once.
_EMOJI = r"[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]"
_SENTENCE_END = re.compile(rf"((?:[.!?。！？|•\n]|{_EMOJI})++[ \t]*+|(?<![ \t])[ \t]++-[ \t]++)")
_EMPTY_ELEMENT = re.compile(
    r"<(p|li|ul|ol|b|strong|i|em|u|span|div|h[1-6])>(?:\s|<br>|&nbsp;)*+</\1>"
)
_SPACE_RUN = re.compile(r" {2,}")
# Line breaks left at the start or end of a paragraph or item by a line that is gone.
_EDGE_BREAKS = re.compile(r"(?:(?<=<p>)|(?<=<li>))(?:\s*+<br>)++|(?:<br>\s*+)++(?=</p>|</li>)")


@dataclass(frozen=True)
class ClaimsRemoved:
    html: str
    claims: tuple[str, ...]  # the claims found, as written, without repeats
    sentences: int  # how many sentences were removed
    emoji: tuple[str, ...] = ()  # the promotional emoji removed


def remove_claims(
    html: str, claims: re.Pattern[str], first_words: frozenset[str] | None = None
) -> ClaimsRemoved:
    """`html` without the sentences that make a retail or shipping claim, nor promotional emoji.

    `first_words` (casefolded: the first word of every claim) lets most descriptions, which make
    no claim, skip the claims pattern: looking up their words is many times faster.
    """
    has_emoji = _PROMO_EMOJI.search(html) is not None
    if not has_emoji and (_may_claim(html, first_words) is False or claims.search(html) is None):
        return ClaimsRemoved(html, (), 0)
    found: dict[str, None] = {}
    emoji = tuple(dict.fromkeys(char for char in html if char in PROMO_EMOJI)) if has_emoji else ()
    sentences = 0
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # text between tags; tags are at odd indexes
        text = parts[index]
        if not text:
            continue
        pieces = _SENTENCE_END.split(text)  # sentence, end, sentence, end, ..., sentence
        kept: list[str] = []
        for position in range(0, len(pieces), 2):
            sentence = pieces[position]
            end = pieces[position + 1] if position + 1 < len(pieces) else ""
            matches = [" ".join(match.group().split()) for match in claims.finditer(sentence)]
            if matches:
                found.update(dict.fromkeys(matches))
                sentences += 1
                continue
            kept.append(sentence + end)
        text = "".join(kept)
        if emoji:
            text = _SPACE_RUN.sub(" ", "".join(char for char in text if char not in PROMO_EMOJI))
        if not any(char.isalnum() for char in text):
            text = ""
            if index and parts[index - 1] == "<br>":
                parts[index - 1] = ""  # the line break of a line that is gone
        parts[index] = text
    cleaned = "".join(parts)
    if sentences or emoji:
        cleaned = _without_empty_elements(cleaned)
    return ClaimsRemoved(cleaned.strip(), tuple(found), sentences, emoji)


def _may_claim(html: str, first_words: frozenset[str] | None) -> bool | None:
    """False when no word of `html` starts a claim; None when that cannot be told this way."""
    if first_words is None or "#" in html or UNSPACED_CHARACTER.search(html):
        return None  # hashtags and scripts without spaces: only the pattern can tell
    return not first_words.isdisjoint(_WORD.findall(html.casefold()))


def _without_empty_elements(html: str) -> str:
    """Elements with nothing left in them go (`<li></li>`, then the `<ul></ul>` around it)."""
    html = _EDGE_BREAKS.sub("", html)
    for _ in range(4):
        cleaned = _EMPTY_ELEMENT.sub("", html)
        if cleaned == html:
            break
        html = cleaned
    return html
