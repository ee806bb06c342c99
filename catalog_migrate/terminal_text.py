"""Text from an export, shown on a terminal: control characters become visible escapes.

A title, SKU, category, file name or error message read from a seller's file can hold bytes that a
terminal obeys instead of showing: ESC sequences (colours, `ESC[2J` clears the screen, OSC 52
writes to the clipboard, OSC 8 hides a link), backspaces and carriage returns that overwrite what
was printed, and Unicode bidi controls that show text in another order than it is stored (a SKU
`ABC<U+202E>321` looks like `ABC123`). Everything that reaches the terminal and was not written by
this program goes through `printable()` first, which spells such characters out (`\\x1b`,
`\\u202e`), so the seller sees what the file really holds and the terminal runs nothing.
"""

from __future__ import annotations

import json
from typing import Any

_C0 = range(0x00, 0x20)  # includes TAB, LF and CR: a shown value is one line
_DEL_AND_C1 = range(0x7F, 0xA0)
# Characters that change the order or direction in which the text around them is drawn, and the
# line and paragraph separators that some terminals and widgets break lines on.
_INVISIBLE_LAYOUT = (
    0x061C,  # ARABIC LETTER MARK
    0x200E,  # LEFT-TO-RIGHT MARK
    0x200F,  # RIGHT-TO-LEFT MARK
    *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
    *range(0x2066, 0x206A),  # LRI, RLI, FSI, PDI
    0x2028,  # LINE SEPARATOR
    0x2029,  # PARAGRAPH SEPARATOR
)
# Half of a UTF-16 pair cannot be written to a UTF-8 terminal at all; a file name with bytes
# that are not UTF-8 reaches Python holding them (U+DC80-U+DCFF).
_SURROGATES = range(0xD800, 0xE000)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE: dict[int, str] = {
    code: _escape(code) for code in (*_C0, *_DEL_AND_C1, *_INVISIBLE_LAYOUT, *_SURROGATES)
}


def printable(text: str) -> str:
    """`text` with every terminal control, bidi control and lone surrogate spelled out as a
    visible escape."""
    return text.translate(_TABLE)


def printable_json(data: Any) -> str:
    """A JSON document for stdout whose strings keep every character but hold no raw control.

    `json.dumps` already writes C0 controls (ESC included) as `\\u001b`; DEL, C1 controls, bidi
    controls and lone surrogates it would write raw with `ensure_ascii=False`, so those are
    escaped here too.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.translate(_JSON_TABLE)


# Inside a JSON string `\\uXXXX` is the same character, so a reader gets the exact value back.
_JSON_TABLE: dict[int, str] = {
    code: f"\\u{code:04x}" for code in (*_DEL_AND_C1, *_INVISIBLE_LAYOUT, *_SURROGATES)
}
