"""Text as the filled itemSchema document can carry it.

XML 1.0 has no way to write most C0 control characters, lone surrogates or U+FFFE/U+FFFF, not
even as character references, so they are left out (and the caller says so); every other
character, markup-looking text and `]]>` included, is escaped by the XML library and reads back
as written.
"""

from __future__ import annotations

import re

from catalog_migrate.mapping.description import parse_description

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The keywords field separates keywords by line and refuses these (alibaba-open-platform.md §1.3).
_KEYWORD_REFUSED = re.compile("[;:,，\\s]+")


def xml_text(text: str) -> tuple[str, bool]:
    """`text` without the characters XML cannot hold, and whether any was left out."""
    cleaned = _NOT_XML.sub("", text)
    return cleaned, cleaned != text


def keyword_text(keyword: str) -> str:
    """One keyword on one line: separators and line breaks become single spaces."""
    return " ".join(_KEYWORD_REFUSED.sub(" ", keyword).split())


def plain_description(description: str) -> str:
    """The description's text, one line per paragraph or two-cell table row, without markup."""
    content = parse_description(description).content
    lines = [" ".join(line.split()) for line in content.lines]
    lines.extend(f"{name}: {value}" for name, value in content.table_rows)
    return "\n".join(line for line in lines if line)


def cut_text(text: str, limit: int, in_bytes: bool) -> str:
    """`text` cut at the last space that keeps it within `limit` characters (or UTF-8 bytes)."""
    if size(text, in_bytes) <= limit:
        return text
    end = limit
    if in_bytes:
        end = len(text.encode("utf-8")[:limit].decode("utf-8", errors="ignore"))
    cut = text[:end]
    space = cut.rfind(" ")
    return (cut[:space] if space > end // 2 else cut).rstrip()


def size(text: str, in_bytes: bool) -> int:
    return len(text.encode("utf-8", errors="surrogatepass")) if in_bytes else len(text)
