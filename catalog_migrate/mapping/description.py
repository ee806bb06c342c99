"""Product descriptions: parsed once, read for specifications, and sanitised to safe HTML.

The retail description is seller-written HTML (or plain text) that ends up on a marketplace page, so
it is treated as hostile: only an allow-list of tags and attributes survives, scripts and embedded
objects are dropped with their contents, and URLs must be http(s). The output is written by this
module (not by the parser), so the same input always gives the same bytes.

lxml's HTML parser (libxml2) reports the document as start, end, text and comment events; one pass
over those events writes the sanitised HTML, the text lines and the table rows, without building a
tree.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

from lxml import etree

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
# Text inside these (at any depth) is code or annotation, not part of a table cell's text.
_NOT_CELL_TEXT = frozenset({"script", "style", "template", "rt", "rp"})
# Inside these, text that is only whitespace is kept as written; elsewhere it counts as one
# line break when it holds one, else as one space.
_KEEP_WHITESPACE = frozenset({"pre", "textarea"})
_ASCII_WHITESPACE = " \n\t\f\r"
_SAFE_URL_PREFIXES = ("https://", "http://", "//")
_SIZE_VALUE = re.compile(r"^\d{1,5}(?:px|%)?$")
_SPAN_VALUE = re.compile(r"^\d{1,3}$")
_LOOKS_LIKE_HTML = re.compile(r"<(?:[a-zA-Z][\w:-]*[\s/>]|/[a-zA-Z]|!)")
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_SURROGATE = re.compile("[\ud800-\udfff]")

# What an open element does when it ends (bits of its flags).
_SKIPS_HTML = 1  # its contents are left out of the sanitised HTML
_SKIPS_TEXT = 2  # its contents are left out of the text lines
_BREAKS_LINE = 4
_TABLE = 8  # a table read for rows
_CELL = 16  # a td or th directly inside a table row
_HIDES_CELL_TEXT = 32
_KEEPS_WHITESPACE = 64
_TEXT_FLAGS = _SKIPS_TEXT | _BREAKS_LINE | _TABLE

# How the sanitiser treats an element.
_UNWRAP = 0  # left out, its contents kept
_KEEP = 1
_DROP = 2  # left out with its contents


class _Element(NamedTuple):
    """What the walk does with an element of one name, worked out once per name."""

    name: str  # lower case
    flags: int  # the flags that depend on the name alone
    sanitise: int  # _UNWRAP, _KEEP or _DROP
    report: str  # what `removed` says about it, "" for nothing
    start_tag: str  # without attributes
    end_tag: str  # "" for a void element


def _element(tag: str) -> _Element:
    name = tag.lower()
    flags = _HIDES_CELL_TEXT if name in _NOT_CELL_TEXT else 0
    if name in _KEEP_WHITESPACE:
        flags |= _KEEPS_WHITESPACE
    if name == "table":
        flags |= _TABLE | _SKIPS_TEXT | _BREAKS_LINE
    elif name in DROPPED_WITH_CONTENTS:
        flags |= _SKIPS_TEXT
    elif name in _BLOCK_TAGS:
        flags |= _BREAKS_LINE
    report = ""
    if name in DROPPED_WITH_CONTENTS:
        sanitise = _DROP
        if name not in ("head", "title"):
            report = f"<{name}>"
    else:
        sanitise = _KEEP if name in ALLOWED_TAGS else _UNWRAP
        if name in DROPPED_EMPTY and name not in ("meta", "link"):
            report = f"<{name}>"
    end_tag = "" if name in _VOID_TAGS else f"</{name}>"
    return _Element(name, flags, sanitise, report, f"<{name}>", end_tag)


# Names met in most descriptions are worked out in advance, any other when it is met.
_ELEMENTS = {
    tag: _element(tag)
    for tag in ALLOWED_TAGS
    | DROPPED_WITH_CONTENTS
    | DROPPED_EMPTY
    | _BLOCK_TAGS
    | _NOT_CELL_TEXT
    | _KEEP_WHITESPACE
    | {"html", "body", "a", "font", "center", "small", "big", "sup", "sub", "s", "strike"}
    | {"caption", "tfoot", "col", "colgroup", "label", "option", "hr", "ruby", "mark", "o:p"}
}


@dataclass(frozen=True)
class SafeDescription:
    html: str
    removed: tuple[str, ...]  # what was taken out, e.g. "<script>", "onclick", "javascript: URL"


@dataclass(frozen=True)
class DescriptionText:
    lines: list[str]  # one entry per line: lines end at <br>, block tags and newlines
    table_rows: list[tuple[str, str]]  # (first cell, second cell) of two-cell, non-header rows


@dataclass(frozen=True)
class ParsedDescription:
    text: str  # as the source gave it
    safe: SafeDescription
    content: DescriptionText


def parse_description(text: str) -> ParsedDescription:
    """Parse once, sanitising and reading the text in the same pass.

    Plain text (no tags) is not given to the HTML parser at all.
    """
    if not _LOOKS_LIKE_HTML.search(text):
        return _plain(text)
    markup = text[1:] if text.startswith("\ufeff") else text
    # A lone surrogate (never valid Unicode text) cannot be handed to libxml2.
    if _SURROGATE.search(markup):
        markup = _SURROGATE.sub("\ufffd", markup)
    try:
        safe, content = _parse(markup)
    except etree.LxmlError:
        return _plain(text)
    return ParsedDescription(text=text, safe=safe, content=content)


def sanitise(parsed: ParsedDescription) -> SafeDescription:
    return parsed.safe


def read_text(parsed: ParsedDescription) -> DescriptionText:
    """The description's text lines (tables aside) and its table rows.

    Everything the sanitiser drops with its contents (scripts, styles, ...) is left out.
    """
    return parsed.content


def _plain(text: str) -> ParsedDescription:
    return ParsedDescription(
        text=text,
        safe=SafeDescription(html=_paragraphs(text), removed=()),
        content=DescriptionText(lines=text.splitlines(), table_rows=[]),
    )


# Making a parser takes about as long as parsing a description with it, so each thread keeps one.
_parsers = threading.local()


def _parse(markup: str) -> tuple[SafeDescription, DescriptionText]:
    reader: _Reader | None = getattr(_parsers, "reader", None)
    parser = getattr(_parsers, "parser", None)
    if reader is None or parser is None:
        reader = _Reader()
        parser = etree.HTMLParser(target=reader, recover=True, huge_tree=False, encoding=None)
        _parsers.reader, _parsers.parser = reader, parser
    try:
        parser.feed(markup)
        parser.close()
    except BaseException:
        # A parser stopped half-way may still hold the unfinished document: never reuse it.
        _parsers.reader = _parsers.parser = None
        raise
    return reader.results()


# A table cell read for its row: [1 for th else 0, index of its first string in
# _Reader.cell_strings, index after its last]. A row is its cells.
_Cell = list[int]
_Row = list[_Cell]
# An element whose end event has not come yet: (tag, flags, end tag to write or "", its row when it
# is a tr read for rows).
_OpenElement = tuple[str, int, str, _Row | None]


class _Reader:
    """The parser's target: writes the sanitised HTML, the text lines and the table rows.

    Text between two events of any other kind is one string, however many pieces the parser
    delivers it in.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.pending: list[str] = []
        self.open: list[_OpenElement] = []
        self.html: list[str] = []
        self.removed: dict[str, None] = {}
        self.parts: list[str] = []
        self.rows: list[_Row] = []
        self.cell_strings: list[str] = []
        self.open_cells = 0
        self.skip_html = 0
        self.skip_text = 0
        self.tables = 0
        self.hide_cell_text = 0
        self.keep_whitespace = 0

    def results(self) -> tuple[SafeDescription, DescriptionText]:
        strings = self.cell_strings
        rows = [
            (" ".join(strings[first[1] : first[2]]), " ".join(strings[second[1] : second[2]]))
            for first, second in (row for row in self.rows if len(row) == 2)
            if not (first[0] and second[0])
        ]
        safe = SafeDescription(html="".join(self.html).strip(), removed=tuple(self.removed))
        content = DescriptionText(lines="".join(self.parts).splitlines(), table_rows=rows)
        self.reset()
        return safe, content

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if self.pending:
            self._flush()
        element = _ELEMENTS.get(tag) or _element(tag)
        flags = element.flags
        row: _Row | None = None
        if self.tables:
            if tag == "tr":
                row = []
                self.rows.append(row)
            elif tag in ("td", "th") and self.open and (parent := self.open[-1][3]) is not None:
                parent.append([int(tag == "th"), len(self.cell_strings), -1])
                self.open_cells += 1
                flags |= _CELL
        if flags & _HIDES_CELL_TEXT:
            self.hide_cell_text += 1
        if flags & _KEEPS_WHITESPACE:
            self.keep_whitespace += 1
        if self.skip_text:
            flags &= ~_TEXT_FLAGS
        elif flags & _TEXT_FLAGS:
            if flags & _BREAKS_LINE:
                self.parts.append("\n")
            if flags & _SKIPS_TEXT:
                self.skip_text += 1
            if flags & _TABLE:
                self.tables += 1
                flags &= ~_BREAKS_LINE  # a table breaks the line before it only
        end_tag = ""
        if not self.skip_html:
            if element.report:
                self.removed[element.report] = None
            if element.sanitise == _DROP:
                flags |= _SKIPS_HTML
            elif element.sanitise == _KEEP:
                if attrib or element.name == "img":
                    end_tag = self._start_tag(element, attrib)
                else:
                    self.html.append(element.start_tag)
                    end_tag = element.end_tag
                if not end_tag:
                    flags |= _SKIPS_HTML
            if flags & _SKIPS_HTML:
                self.skip_html += 1
        self.open.append((tag, flags, end_tag, row))

    def _start_tag(self, element: _Element, attrib: Mapping[str, str]) -> str:
        """Write an allowed start tag with its allowed attributes; the end tag, "" for none."""
        attributes = _allowed_attributes(element.name, attrib, self.removed)
        if element.name == "img" and "src" not in attributes:
            self.removed["<img> without an http(s) src"] = None
            return ""
        written = "".join(
            f' {key}="{escape(value, quote=True)}"' for key, value in attributes.items()
        )
        self.html.append(f"<{element.name}{written}>")
        return element.end_tag

    def end(self, tag: str) -> None:
        if self.pending:
            self._flush()
        open_ = self.open
        if open_ and open_[-1][0] == tag:
            self._end(open_.pop())
        elif any(element[0] == tag for element in open_):
            while open_:
                element = open_.pop()
                self._end(element)
                if element[0] == tag:
                    break

    def _end(self, element: _OpenElement) -> None:
        _, flags, end_tag, _ = element
        if end_tag:
            self.html.append(end_tag)
        if not flags:
            return
        if flags & _SKIPS_HTML:
            self.skip_html -= 1
        if flags & _SKIPS_TEXT:
            self.skip_text -= 1
        if flags & _TABLE:
            self.tables -= 1
        if flags & _BREAKS_LINE:
            self.parts.append("\n")
        if flags & _CELL:
            self.open_cells -= 1
            row = self.open[-1][3]  # the cell's own row: the cell is no longer open
            if row is not None:
                row[-1][2] = len(self.cell_strings)
        if flags & _HIDES_CELL_TEXT:
            self.hide_cell_text -= 1
        if flags & _KEEPS_WHITESPACE:
            self.keep_whitespace -= 1

    def data(self, data: str) -> None:
        self.pending.append(data)

    def comment(self, text: str) -> None:
        if self.pending:
            self._flush()

    def pi(self, target: str, data: str) -> None:
        if self.pending:
            self._flush()

    def doctype(self, name: str, public_id: str, system_url: str) -> None:
        if self.pending:
            self._flush()

    def close(self) -> None:
        if self.pending:
            self._flush()
        while self.open:
            self._end(self.open.pop())

    def _flush(self) -> None:
        pending = self.pending
        text = pending[0] if len(pending) == 1 else "".join(pending)
        pending.clear()
        if not self.keep_whitespace and not text.strip(_ASCII_WHITESPACE):
            text = "\n" if "\n" in text else " "
        if not self.skip_html:
            self.html.append(escape(_WHITESPACE.sub(" ", text), quote=False))
        if not self.skip_text:
            self.parts.append(text)
        if self.open_cells and not self.hide_cell_text:
            stripped = text.strip()
            if stripped:
                self.cell_strings.append(stripped)


def _allowed_attributes(
    name: str, attrib: Mapping[str, str], removed: dict[str, None]
) -> dict[str, str]:
    allowed = ALLOWED_ATTRIBUTES.get(name, ())
    kept: dict[str, str] = {}
    for key in sorted(attrib):
        value = attrib[key]
        key = key.lower()
        if key.startswith("on"):
            removed[key] = None
        elif key not in allowed:
            continue
        elif key == "src":
            url = safe_url(value)
            if url is None:
                removed[f"{_scheme(value)} URL"] = None
            else:
                kept[key] = url
        elif key in ("width", "height"):
            if _SIZE_VALUE.match(value.strip()):
                kept[key] = value.strip()
        elif key in ("colspan", "rowspan"):
            if _SPAN_VALUE.match(value.strip()):
                kept[key] = value.strip()
        else:
            kept[key] = value
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
