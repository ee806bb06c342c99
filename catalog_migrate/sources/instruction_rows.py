"""Template instruction and help rows, told from product rows by what they hold.

Seller-center and ERP templates carry rows of help text (`Product name must be less than 255
characters`, `请按要求填写`, `请从下拉列表选择类目`, Thai, Vietnamese, Indonesian ...). No list of
phrases can know them all, so they are recognised by their shape: prose in most filled cells, and
nothing a product row has: no number cell, no URL, no id-looking value, no price. A source asks
this only of rows where instructions stand (the header block, or a template's note block below the
data); anywhere else a row is data, however wordy one of its cells is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from catalog_migrate.model import Issue, warning
from catalog_migrate.money import PriceProblem, parse_price
from catalog_migrate.spreadsheet.reading import Cell, cell_text

CODES: dict[str, str] = {
    "row.instruction_skipped": (
        "a row holds the template's instructions (prose, no id, no price), not a product; it is "
        "skipped and not counted as a SKU (warning)"
    ),
}

PROSE_WORDS = 5  # `KAOS POLOS HITAM XL`, `Rp 89.000 per pcs` are data; a sentence is longer
PROSE_UNSPACED = 6  # Chinese or Thai help text has no spaces: `请按要求填写` is six characters
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")
_NOT_A_PRICE = frozenset({"price.missing", "price.unparseable"})


def looks_like_instructions(
    cells: Sequence[Cell], *, price: int | None, ids: Sequence[int] = ()
) -> bool:
    """Whether a row is help text: prose in most filled cells and nothing of a product.

    `price` is the price column's index; `ids` the indexes of id columns (product or SKU id).
    """
    filled = [value for value in cells if value is not None and cell_text(value)]
    if not filled:
        return False
    if any(not isinstance(value, str) for value in filled):
        return False  # a number, date or boolean cell: templates write their help as text
    texts = [cell_text(value) for value in filled]
    if any(_is_url(text) for text in texts):
        return False
    if any(_looks_like_id(_at(cells, index)) for index in ids):
        return False
    if price is not None and _looks_like_price(_at(cells, price)):
        return False
    return sum(is_prose(text) for text in texts) * 2 > len(texts)


def is_prose(text: str) -> bool:
    """A sentence: five words or more, or six letters of a script written without spaces."""
    if len(text.split()) >= PROSE_WORDS:
        return True
    unspaced = sum(1 for char in text if _unspaced_letter(char))
    return unspaced >= PROSE_UNSPACED and "/" not in text


def instruction_skipped(row: int, cells: Sequence[Cell]) -> Issue:
    """The warning naming a skipped instruction row (1-based `row`) by its first words."""
    first = next((text for value in cells if (text := cell_text(value))), "")
    shown = " ".join(first.split())
    shown = shown if len(shown) <= 50 else shown[:49] + "…"
    return warning(
        "row.instruction_skipped",
        f"row {row} holds the template's instructions ({shown!r}), not a product; it is skipped",
        source_row=row,
    )


def _unspaced_letter(char: str) -> bool:
    # CJK ideographs, kana, Hangul, Thai, Lao, Khmer, Myanmar: scripts that run words together.
    if not char.isalpha() or char.isascii():
        return False
    name = unicodedata.name(char, "")
    return name.startswith(
        ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")
    )


def _looks_like_id(value: Cell) -> bool:
    text = cell_text(value)
    return bool(text) and len(text.split()) == 1 and any(char.isdigit() for char in text)


def _looks_like_price(value: Cell) -> bool:
    if value is None or not cell_text(value):
        return False
    parsed = parse_price(value, None)
    return not (isinstance(parsed, PriceProblem) and parsed.code in _NOT_A_PRICE)


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//", "www."))


def _at(cells: Sequence[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None
