"""The rows of an HTML `<table>` saved with a spreadsheet name, as ERPs such as Dianxiaomi export
(source-formats §7).

Only a page whose first table starts with a row of `<th>` cells counts as a sheet: any other HTML
(a login page, an error page saved by the browser) is left to the archive check's refusal.
Entities are decoded once by the parser, so a cell written `&lt;br/&gt;` reads `<br/>`, the text
the seller sees in Excel; a real `<br>` element inside a cell becomes a line break.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

# libxml2's HTML parser loads no DTD and expands no custom entity; no_network keeps it offline.
_OPTIONS = {"no_network": True, "remove_comments": True, "remove_pis": True}
_PARSER = lxml.html.HTMLParser(**_OPTIONS)
_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8", **_OPTIONS)
_DECLARED = re.compile(rb"<meta[^>]*charset|^\s*<\?xml[^>]*encoding", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Never cell text: Excel runs no script and shows no style sheet.
_HIDDEN = ("script", "style")


class UndeclaredEncoding(ValueError):
    """A page that names no encoding and is not UTF-8: its text cannot be read without a guess."""


def table_rows(data: bytes) -> list[list[str | None]] | None:
    """The rows of the page's first table (header row first), or None when it has no such table.

    Empty cells are None. `colspan` is not expanded: an ERP export writes one cell per column.
    A page that declares no encoding is read as UTF-8 (libxml2 would assume Latin-1 and turn
    Chinese into mojibake); UndeclaredEncoding when it is not valid UTF-8.
    """
    parser = _PARSER
    if not data.startswith(_BOMS) and _DECLARED.search(data, 0, 4096) is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UndeclaredEncoding from None
        parser = _UTF8_PARSER
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    table = next(root.iter("table"), None)
    if table is None:
        return None
    lxml.etree.strip_elements(table, *_HIDDEN, with_tail=False)
    # Rows of this table only, not of a table nested in one of its cells.
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    if not rows:
        return None
    header = rows[0].xpath("./th | ./td")
    if not header or any(cell.tag != "th" for cell in header):
        return None
    return [[_cell_text(cell) for cell in row.xpath("./th | ./td")] for row in rows]


def _cell_text(cell: lxml.html.HtmlElement) -> str | None:
    for line_break in cell.iter("br"):
        line_break.tail = "\n" + (line_break.tail or "")
    text = str(cell.text_content()).strip()
    return text or None
