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
_HASHTAG_START = re.compile(r"(?<!\w)#(?=\w)")
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

    `first_words` (casefolded: the first word of every claim) lets the claims pattern be tried
    only where such a word starts, which is many times faster than searching the whole text.
    """
    has_emoji = _PROMO_EMOJI.search(html) is not None
    spans = _claims(html, claims, first_words)
    if not spans and not has_emoji:
        return ClaimsRemoved(html, (), 0)
    found: dict[str, None] = {}
    emoji = tuple(dict.fromkeys(char for char in html if char in PROMO_EMOJI)) if has_emoji else ()
    sentences = 0
    emptied = False  # whether a text between tags is gone, which may leave an element empty
    parts = _TAG.split(html)
    offset = 0
    claim = 0  # the first claim not yet passed
    for index, part in enumerate(parts):
        start, offset = offset, offset + len(part)
        if index % 2 or not part:  # tags are at odd indexes; claims inside them are not text
            continue
        while claim < len(spans) and spans[claim].start() < start:
            claim += 1
        if not emoji and (claim == len(spans) or spans[claim].start() >= offset):
            continue  # nothing to remove here
        kept: list[str] = []
        pieces = (
            _SENTENCE_END.split(part)
            if claim < len(spans) and spans[claim].start() < offset
            else [part]
        )
        position = start
        for number in range(0, len(pieces), 2):  # sentence, end, sentence, end, ..., sentence
            sentence = pieces[number]
            end = pieces[number + 1] if number + 1 < len(pieces) else ""
            sentence_end = position + len(sentence)
            made = False
            while claim < len(spans) and spans[claim].start() < sentence_end:
                if spans[claim].start() >= position:
                    found[" ".join(spans[claim].group().split())] = None
                    made = True
                claim += 1
            if made:
                sentences += 1
            else:
                kept.append(sentence + end)
            position = sentence_end + len(end)
        text = "".join(kept)
        if emoji:
            text = _SPACE_RUN.sub(" ", "".join(char for char in text if char not in PROMO_EMOJI))
        if text != part and not any(char.isalnum() for char in text):
            text = ""
            emptied = True
            if index and parts[index - 1] == "<br>":
                parts[index - 1] = ""  # the line break of a line that is gone
        parts[index] = text
    cleaned = "".join(parts)
    if emptied:
        cleaned = _without_empty_elements(cleaned)
    return ClaimsRemoved(cleaned.strip(), tuple(found), sentences, emoji)


def _claims(
    html: str, claims: re.Pattern[str], first_words: frozenset[str] | None
) -> list[re.Match[str]]:
    """The claims in `html` (hashtags among them), in order, not overlapping."""
    if first_words is None or UNSPACED_CHARACTER.search(html):
        return list(claims.finditer(html))  # scripts without spaces: only the pattern can tell
    starts = [match.start() for match in _HASHTAG_START.finditer(html)] if "#" in html else []
    folded = html.casefold()
    present = first_words.intersection(_WORD.findall(folded))
    if present and len(folded) != len(html):
        return list(claims.finditer(html))  # a letter that folds to two: positions differ
    for word in present:  # most descriptions hold none or a few, each a few times
        start = folded.find(word)
        while start != -1:
            starts.append(start)
            start = folded.find(word, start + len(word))
    starts.sort()
    found: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start >= end and (match := claims.match(html, start)) is not None:
            found.append(match)
            end = match.end()
    return found


def _without_empty_elements(html: str) -> str:
    """Elements with nothing left in them go (`<li></li>`, then the `<ul></ul>` around it)."""
    html = _EDGE_BREAKS.sub("", html)
    for _ in range(4):
        cleaned = _EMPTY_ELEMENT.sub("", html)
        if cleaned == html:
            break
        html = cleaned
    return html
