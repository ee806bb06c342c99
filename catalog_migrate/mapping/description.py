"""Product descriptions: parsed once, read for specifications, and sanitised to safe HTML.

The retail description is seller-written HTML (or plain text) that ends up on a marketplace page, so
it is treated as hostile: only an allow-list of tags and attributes survives, scripts and embedded
objects are dropped with their contents, and URLs must be http(s). The output is written by this
module (not by the parser), so the same input always gives the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "b", "i", "em", "u", "span", "div", "img"}
    | {"table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
)
ALLOWED_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "img": ("src", "alt", "width", "height"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan"),
}
# Dropped together with everything inside them; any other unknown tag is unwrapped (text kept).
DROPPED_WITH_CONTENTS = frozenset(
    {"script", "style", "iframe", "object", "form", "svg", "math", "noscript", "template"}
    | {"head", "title", "frameset", "noframes", "noembed", "applet", "textarea", "select"}
    | {"button", "audio", "video", "canvas", "xmp", "plaintext"}
)
# Empty elements that are dropped. The parser may nest the text after a stray one inside it
# (`<embed>` has no end tag), so that text is kept.
DROPPED_EMPTY = frozenset({"embed", "input", "param", "source", "track", "base", "meta", "link"})
_VOID_TAGS = frozenset({"br", "img"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre"}
    | {"tr", "table", "thead", "tbody", "section", "article", "header", "footer", "blockquote"}
    | {"dd", "dt", "dl"}
)
_SAFE_URL_PREFIXES = ("https://", "http://", "//")
_SIZE_VALUE = re.compile(r"^\d{1,5}(?:px|%)?$")
_SPAN_VALUE = re.compile(r"^\d{1,3}$")
_LOOKS_LIKE_HTML = re.compile(r"<(?:[a-zA-Z][\w:-]*[\s/>]|/[a-zA-Z]|!)")
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")


class _Close(NamedTuple):
    """A marker on the walk stack: write `text` once a tag's children are done."""

    text: str


@dataclass(frozen=True)
class ParsedDescription:
    text: str  # as the source gave it
    soup: BeautifulSoup | None  # None for plain text


@dataclass(frozen=True)
class SafeDescription:
    html: str
    removed: tuple[str, ...]  # what was taken out, e.g. "<script>", "onclick", "javascript: URL"


def parse_description(text: str) -> ParsedDescription:
    """Parse once; plain text (no tags) is not given to the HTML parser at all."""
    if not _LOOKS_LIKE_HTML.search(text):
        return ParsedDescription(text=text, soup=None)
    return ParsedDescription(text=text, soup=BeautifulSoup(text, "lxml"))


def sanitise(parsed: ParsedDescription) -> SafeDescription:
    if parsed.soup is None:
        return SafeDescription(html=_paragraphs(parsed.text), removed=())
    out: list[str] = []
    removed: dict[str, None] = {}
    stack: list[PageElement | _Close] = list(reversed(parsed.soup.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, _Close):
            out.append(node.text)
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, CDATA, doctypes are dropped
                out.append(escape(_WHITESPACE.sub(" ", str(node)), quote=False))
        elif isinstance(node, Tag):
            _open(node, out, stack, removed)
    html = "".join(out).strip()
    return SafeDescription(html=html, removed=tuple(removed))


def _open(
    tag: Tag, out: list[str], stack: list[PageElement | _Close], removed: dict[str, None]
) -> None:
    name = tag.name.lower()
    if name in DROPPED_WITH_CONTENTS:
        if name not in ("head", "title"):
            removed[f"<{name}>"] = None
        return
    children = reversed(tag.contents)
    if name in DROPPED_EMPTY and name not in ("meta", "link"):
        removed[f"<{name}>"] = None
    if name not in ALLOWED_TAGS:
        stack.extend(children)
        return
    attributes = _allowed_attributes(tag, removed)
    if name == "img" and "src" not in attributes:
        removed["<img> without an http(s) src"] = None
        return
    written = "".join(f' {key}="{escape(value, quote=True)}"' for key, value in attributes.items())
    out.append(f"<{name}{written}>")
    if name in _VOID_TAGS:
        return
    stack.append(_Close(f"</{name}>"))
    stack.extend(children)


def _allowed_attributes(tag: Tag, removed: dict[str, None]) -> dict[str, str]:
    if not tag.attrs:
        return {}
    allowed = ALLOWED_ATTRIBUTES.get(tag.name.lower(), ())
    kept: dict[str, str] = {}
    for key in sorted(tag.attrs):
        raw = tag.attrs[key]
        value = raw if isinstance(raw, str) else " ".join(raw)
        name = key.lower()
        if name.startswith("on"):
            removed[name] = None
        elif name not in allowed:
            continue
        elif name == "src":
            url = safe_url(value)
            if url is None:
                removed[f"{_scheme(value)} URL"] = None
            else:
                kept[name] = url
        elif name in ("width", "height"):
            if _SIZE_VALUE.match(value.strip()):
                kept[name] = value.strip()
        elif name in ("colspan", "rowspan"):
            if _SPAN_VALUE.match(value.strip()):
                kept[name] = value.strip()
        else:
            kept[name] = value
    return dict(sorted(kept.items(), key=lambda item: allowed.index(item[0])))


def safe_url(value: str) -> str | None:
    """The URL when it is http(s) or protocol-relative, else None.

    Control, format and whitespace characters are ignored when reading the scheme, as browsers do,
    so `jav&#x09;ascript:` (which the parser has already turned into `jav<TAB>ascript:`) is caught.
    An allow-list of schemes also refuses `data:`, `vbscript:` and anything not thought of.
    """
    visible = "".join(
        char
        for char in value
        if not unicodedata.category(char).startswith(("C", "Z")) and char != " "
    )
    if not visible.casefold().startswith(_SAFE_URL_PREFIXES):
        return None
    return "".join(char for char in value if not unicodedata.category(char).startswith("C")).strip()


def _scheme(value: str) -> str:
    visible = "".join(char for char in value if char.isalnum() or char == ":").casefold()
    scheme = visible.partition(":")[0]
    return f"{scheme}:" if scheme and ":" in visible else "relative"


def _paragraphs(text: str) -> str:
    """Plain text as HTML: blank lines separate paragraphs, single line breaks become <br>."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for block in _BLANK_LINE.split(normalised):
        lines = [
            escape(" ".join(line.split()), quote=False)
            for line in block.split("\n")
            if line.strip()
        ]
        if lines:
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(paragraphs)


@dataclass(frozen=True)
class DescriptionText:
    lines: list[str]  # one entry per line: lines end at <br>, block tags and newlines
    table_rows: list[tuple[str, str]]  # (first cell, second cell) of two-cell, non-header rows


def read_text(parsed: ParsedDescription) -> DescriptionText:
    """The description's text lines (tables aside) and its table rows, in one walk.

    Everything the sanitiser drops with its contents (scripts, styles, ...) is left out.
    """
    if parsed.soup is None:
        return DescriptionText(lines=parsed.text.splitlines(), table_rows=[])
    parts: list[str] = []
    rows: list[tuple[str, str]] = []
    stack: list[PageElement | _Close] = list(reversed(parsed.soup.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, _Close):
            parts.append(node.text)
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                parts.append(str(node))
        elif isinstance(node, Tag):
            name = node.name.lower()
            if name == "table":
                rows.extend(_table_rows(node))
                parts.append("\n")
            elif name not in DROPPED_WITH_CONTENTS:
                if name in _BLOCK_TAGS:
                    parts.append("\n")
                    stack.append(_Close("\n"))
                stack.extend(reversed(node.contents))
    return DescriptionText(lines="".join(parts).splitlines(), table_rows=rows)


def _table_rows(table: Tag) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for row in table.descendants:
        if not isinstance(row, Tag) or row.name != "tr":
            continue
        cells = [
            cell for cell in row.contents if isinstance(cell, Tag) and cell.name in ("td", "th")
        ]
        if len(cells) == 2 and not all(cell.name == "th" for cell in cells):
            rows.append((cells[0].get_text(" ", strip=True), cells[1].get_text(" ", strip=True)))
    return rows
