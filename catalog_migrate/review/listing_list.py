"""The list of listings: one line per product, drawn from the session's rows as it is shown.

It keeps no copy of the rows, only `order` (the session positions shown, in order) and a cursor.
Each line on screen is rendered when Textual asks for it (the Line API), so showing, filtering,
searching or accepting thousands of listings costs the lines in view, not one per listing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.review.render import list_cells

# (label, width, align): the title takes what the others leave; each cell has one space of
# padding on either side.
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("", 1, "left"),
    ("Title", 0, "left"),
    ("MOQ", 6, "left"),
    ("Tiers", 5, "left"),
    ("Issues", 6, "left"),
)
# The vertical scrollbar's two columns are left free whether it shows or not, so the title
# column does not change width when the list grows past the screen.
_FIXED = sum(width + 2 for _, width, _ in COLUMNS) + 2
MIN_TITLE = 12
LINE_CACHE = 1_000  # lines drawn kept for reuse

Rows = Callable[[], Sequence[MappedProduct]]


class ListingList(ScrollView, can_focus=True):
    """The listings at session positions `order`; line 0 is the header, which does not scroll."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"listing-list--header", "listing-list--cursor"}
    DEFAULT_CSS = """
    ListingList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .listing-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .listing-list--header { text-style: bold; background: $panel; color: $foreground; }
        & > .listing-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another listing (or the list was shown anew)."""

    class Selected(Message):
        """Enter (or a click on the highlighted line): open the listing."""

    def __init__(self, rows: Rows, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows = rows
        self.order: list[int] = []
        self._cursor = 0
        self._lines: dict[tuple[int, Style | None, Style, int], tuple[MappedProduct, Strip]] = {}

    # -- what is shown ----------------------------------------------------------------------------

    def show(self, order: list[int], keep: int | None = None) -> None:
        """Show the rows at session positions `order`; the cursor stays on `keep` if shown."""
        self.order = order
        self._resize()
        if keep is None or not self.go_to(keep):
            self.move_cursor(0)
        self.refresh()

    def extend(self, indices: Iterable[int]) -> None:
        """Add rows below those shown (listings mapped since the last ones were added)."""
        before = len(self.order)
        self.order.extend(indices)
        if len(self.order) != before:
            self._resize()
            self.refresh()
            if before == 0:
                self.post_message(self.Highlighted())

    def redraw(self, indices: Iterable[int] = ()) -> None:
        """Redraw after some rows changed: only the lines in view are drawn again."""
        self.refresh()

    def _resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.order) + 1)

    def on_resize(self) -> None:
        self._resize()
        self._scroll_to_cursor()

    @property
    def row_count(self) -> int:
        return len(self.order)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def current(self) -> int | None:
        """The session position of the highlighted row."""
        if not 0 <= self._cursor < len(self.order):
            return None
        return self.order[self._cursor]

    def go_to(self, index: int) -> bool:
        """Put the cursor on session position `index`; False when it is not shown."""
        try:
            position = self.order.index(index)
        except ValueError:
            return False
        self.move_cursor(position)
        return True

    def move_cursor(self, row: int) -> None:
        row = max(0, min(row, len(self.order) - 1))
        changed = row != self._cursor
        self._cursor = row
        self._scroll_to_cursor()
        self.refresh()
        if changed or row == 0:
            self.post_message(self.Highlighted())

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        lines = self._page()  # data lines under the header
        top = round(self.scroll_y)
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + lines:
            top = self._cursor - lines + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, force=True)

    # -- keys and mouse ---------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.order:
            self.move_cursor(self._cursor + step)

    def action_page(self, step: int) -> None:
        if self.order:
            self.move_cursor(self._cursor + step * self._page())

    def action_first(self) -> None:
        if self.order:
            self.move_cursor(0)

    def action_last(self) -> None:
        if self.order:
            self.move_cursor(len(self.order) - 1)

    def action_select(self) -> None:
        if self.current() is not None:
            self.post_message(self.Selected())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = offset.y - 1 + round(self.scroll_y)
        if not 0 <= row < len(self.order):
            return
        if row == self._cursor:
            self.action_select()
        else:
            self.move_cursor(row)

    # -- drawing ----------------------------------------------------------------------------------

    def row_cells(self, row: int) -> tuple[Text, Text, str, str, str]:
        """The cells of the `row`th line shown (for tests and for drawing)."""
        return list_cells(self._rows()[self.order[row]])

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("listing-list--header")
            return self._strip([Text(label) for label, _, _ in COLUMNS], width, base + header)
        row = y - 1 + round(self.scroll_y)
        if not 0 <= row < len(self.order):
            return Strip.blank(width, base)
        cursor = None
        if row == self._cursor:
            cursor = self.get_component_rich_style("listing-list--cursor")
        # A line is drawn again only when its listing changed (a new row object), the cursor
        # came or went, or the look did: moving the cursor draws two lines, not the screen.
        mapped = self._rows()[self.order[row]]
        key = (self.order[row], cursor, base, width)
        held = self._lines.get(key)
        if held is not None and held[0] is mapped:
            return held[1]
        cells = [cell if isinstance(cell, Text) else Text(cell) for cell in self.row_cells(row)]
        strip = self._strip(cells, width, base, cursor)
        if len(self._lines) >= LINE_CACHE:
            self._lines.clear()
        self._lines[key] = (mapped, strip)
        return strip

    def _strip(
        self, cells: list[Text], width: int, style: Style, over: Style | None = None
    ) -> Strip:
        """One line of cells; `over` (the cursor's style) is laid over theirs."""
        title = max(MIN_TITLE, self.size.width - _FIXED)
        segments: list[Segment] = []
        console = self.app.console
        for cell, (_, fixed, _) in zip(cells, COLUMNS, strict=True):
            cell_width = fixed or title
            shown = cell.copy()
            shown.truncate(cell_width, overflow="ellipsis", pad=True)
            # A Text's own style (a mark's colour) is not in the segments it renders.
            own = style + console.get_style(shown.style) if shown.style else style
            segments.append(Segment(" ", style))
            segments.extend(
                Segment(text, own + segment_style if segment_style else own)
                for text, segment_style, _ in shown.render(console)
            )
            segments.append(Segment(" ", style))
        if over is not None:
            segments = list(Segment.apply_style(segments, post_style=over))
            style = style + over
        return Strip(segments).adjust_cell_length(width, style).simplify()
