"""A description as plain text, for channels and templates that take no HTML (Faire: target-formats
§2.4; a seller's template's plain description column)."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

# Elements that start a line of their own; `<li>` items also get a dash.
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"blockquote", "pre", "section", "article", "header", "footer", "dt", "dd", "hr"}
)
_UNREAD = frozenset({"script", "style", "template"})
_CELLS = frozenset({"td", "th"})
CELL_SEPARATOR = " | "  # between the cells of one table row: `Size | Chest | Length`


def plain_text(markup: str) -> str:
    """The text of `markup`, one line per paragraph, `<br>`, list item or table row (its cells
    joined by ` | `), entities decoded.

    Text without `<` or `&` is already plain and is only trimmed per line.
    """
    if "<" not in markup and "&" not in markup:
        return _lines(markup)
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    parts: list[str] = []
    skipped = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _UNREAD:
                skipped += 1
            if tag in _BLOCKS:
                parts.append("\n- " if tag == "li" else "\n")
            elif tag in _CELLS and _follows_a_cell(element):
                parts.append(CELL_SEPARATOR)
            if tag and not skipped and element.text:
                parts.append(element.text)
            continue
        if tag in _UNREAD:
            skipped -= 1
        if tag in _BLOCKS:
            parts.append("\n")
        if element is not root and not skipped and element.tail:
            parts.append(element.tail)
    return _lines("".join(parts))


def _follows_a_cell(element: etree._Element) -> bool:
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):  # a comment between cells
        previous = previous.getprevious()
    return previous is not None and previous.tag in _CELLS


def _lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line and line != "-")
