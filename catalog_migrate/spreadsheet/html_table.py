"""The rows of an HTML `<table>` saved with a spreadsheet name, as ERPs such as Dianxiaomi export
(source-formats §7).

Only a page whose first table starts with a row of `<th>` cells counts as a sheet: any other HTML
(a login page, an error page saved by the browser) is left to the archive check's refusal.
Entities are decoded once by the parser, so a cell written `&lt;br/&gt;` reads `<br/>`, the text
the seller sees in Excel; a real `<br>` element inside a cell becomes a line break.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

# libxml2's HTML parser loads no DTD and expands no custom entity; no_network keeps it offline.
_PARSER = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def table_rows(data: bytes) -> list[list[str | None]] | None:
    """The rows of the page's first table (header row first), or None when it has no such table.

    Empty cells are None. `colspan` is not expanded: an ERP export writes one cell per column.
    """
    try:
        root = lxml.html.document_fromstring(data, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None
    table = next(root.iter("table"), None)
    if table is None:
        return None
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
