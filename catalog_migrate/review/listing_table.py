"""The list of listings: one row per product; the DataTable draws only the rows on screen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.review.render import list_cells

COLUMNS = (
    ("", "mark", 1),
    ("Title", "title", 0),
    ("MOQ", "moq", 6),
    ("Tiers", "tiers", 5),
    ("Issues", "issues", 6),
)
# Each column has one cell of padding on either side; the vertical scrollbar takes two more.
_FIXED = sum(width for _, _, width in COLUMNS) + 2 * len(COLUMNS) + 2


class ListingTable(DataTable[object]):
    """Rows are keyed by the product's position in the session, so a row can be redrawn alone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self.order: list[int] = []

    def build(self, rows: Sequence[MappedProduct], order: Sequence[int], width: int) -> None:
        """Show the rows at positions `order` (a filtered, searched view of the session)."""
        self.clear(columns=True)
        self.order = []
        self.extend(rows, order, width)

    def extend(self, rows: Sequence[MappedProduct], indices: Iterable[int], width: int) -> None:
        """Add rows below those shown (the listings mapped since the last ones were added)."""
        if not self.columns:
            for label, key, fixed in COLUMNS:
                self.add_column(label, key=key, width=fixed or max(12, width - _FIXED))
        for index in indices:
            self.order.append(index)
            self.add_row(*list_cells(rows[index]), key=str(index))

    def redraw(self, rows: Sequence[MappedProduct], indices: Iterable[int]) -> None:
        """Redraw the cells of some rows after a change (those not shown are skipped)."""
        shown = set(self.order)
        for index in indices:
            if index not in shown:
                continue
            key = str(index)
            cells = self.get_row(key)
            for (_, column, _), value, old in zip(
                COLUMNS, list_cells(rows[index]), cells, strict=True
            ):
                if not _same(value, old):  # accepting thousands changes only their marks
                    self.update_cell(key, column, value)

    # Every column has a set width and every row is one line high, so there is nothing to
    # measure: DataTable measures each cell of every new or changed row to size auto-width
    # columns, which was most of the time of showing (or filtering) 25,000 rows.
    def _update_dimensions(self, new_rows: Iterable[object]) -> None:
        super()._update_dimensions(())  # only the scrollable size, from the row heights

    def _update_column_widths(self, updated_cells: Iterable[object]) -> None:
        return

    def current(self) -> int | None:
        """The session position of the highlighted row."""
        if not self.order or not 0 <= self.cursor_row < len(self.order):
            return None
        return self.order[self.cursor_row]

    def go_to(self, index: int) -> bool:
        if index not in self.order:
            return False
        self.move_cursor(row=self.order.index(index))
        return True


def _same(new: object, old: object) -> bool:
    """Whether a cell would look the same (rich's Text equality ignores its style)."""
    if isinstance(new, Text) and isinstance(old, Text):
        return (new.plain, new.style, new.spans) == (old.plain, old.style, old.spans)
    return new == old
