"""`m`: the rules that cover many listings. Editing one re-maps every listing it covers at once and
saves it into the seller's own profile beside the export."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from catalog_migrate.review.edit_screen import EditScreen
from catalog_migrate.review.mappings import (
    Kind,
    MappingRow,
    attribute_rows,
    category_rows,
    unit_rows,
)
from catalog_migrate.review.notices import say, warn
from catalog_migrate.review.progress_screen import LONG_FROM, LongChange, undo_with_progress
from catalog_migrate.review.session import Outcome, Progress, ReviewSession
from catalog_migrate.terminal_text import printable

TABS: tuple[tuple[Kind, str, Callable[..., list[MappingRow]]], ...] = (
    (Kind.CATEGORY, "Categories", category_rows),
    (Kind.ATTRIBUTE, "Attributes", attribute_rows),
    (Kind.UNIT, "Units", unit_rows),
)
HINTS = {
    Kind.CATEGORY: "the target category for every product in this source category",
    Kind.ATTRIBUTE: "the target attribute name (e.g. Material) for this source name",
    Kind.UNIT: "the unit every product in this category sells in (e.g. Pair/Pairs)",
}


class MappingTable(DataTable[object]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        # A list is chosen by rows: the arrows across go to the next list, from the list too.
        Binding("left", "screen.switch_list(-1)", "Previous list", show=False),
        Binding("right", "screen.switch_list(1)", "Next list", show=False),
    ]


class MappingsScreen(Screen[set[int]]):
    """Dismissed with the session positions of every listing its edits re-mapped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("u", "undo", "Undo"),
        Binding("escape,m", "close", "Back to listings"),
        Binding("q", "close", "Back", show=False),
        # Reached only when the tab bar has focus (a table handles its own arrows): the arrows
        # then move in the list on show, never in one of another tab.
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self._session = session
        self._rows: dict[Kind, list[MappingRow]] = {}
        self._changed: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(
            "Mappings, unmapped first.  e/Enter edit  ←/→: other list  Esc: back",
            id="bar",
        )
        with TabbedContent(id="tabs"):
            for kind, label, _ in TABS:
                with TabPane(label, id=f"tab-{kind.value}"):
                    yield MappingTable(cursor_type="row", id=f"table-{kind.value}")
        yield Static("", id="message")
        yield Footer()

    def on_mount(self) -> None:
        for kind, _, _ in TABS:
            table = self.query_one(f"#table-{kind.value}", MappingTable)
            # State 8 and Count 5 wide, one cell of padding each side of 4 columns, a scrollbar.
            room = max(40, self.app.size.width - 23)
            table.add_column("Source", key="source", width=room // 2)
            table.add_column("Target", key="target", width=room - room // 2)
            table.add_column("State", key="state", width=8)
            table.add_column("Count", key="count", width=5)
        self._fill()
        self.query_one(f"#table-{Kind.CATEGORY.value}", MappingTable).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # A tab chosen on the tab bar: its list takes the focus. Not when a list has it already:
        # TabbedContent shows the tab of the list with the focus, and moving the focus to
        # another tab's list as well made the two chase each other (Tab, → and Tab typed fast
        # flipped the tabs for ever, and `e` edited a list not on show).
        if isinstance(self.app.focused, MappingTable):
            return
        kind = Kind(str(event.pane.id).removeprefix("tab-"))
        self.query_one(f"#table-{kind.value}", MappingTable).focus()

    def action_switch_list(self, step: int) -> None:
        """The list of the tab `step` away from the one on show, with the focus in it."""
        kinds = [kind for kind, _, _ in TABS]
        current = Kind(self.query_one(TabbedContent).active.removeprefix("tab-"))
        kind = kinds[(kinds.index(current) + step) % len(kinds)]
        self.query_one(TabbedContent).active = f"tab-{kind.value}"
        self.query_one(f"#table-{kind.value}", MappingTable).focus()

    def _active_table(self) -> MappingTable:
        kind = Kind(self.query_one(TabbedContent).active.removeprefix("tab-"))
        return self.query_one(f"#table-{kind.value}", MappingTable)

    def action_move(self, step: int) -> None:
        table = self._active_table()
        table.focus()
        table.move_cursor(row=max(0, table.cursor_row + step))

    def _fill(self) -> None:
        for kind, _, rows_of in TABS:
            rows = rows_of(self._session.rows, self._session.profile)
            self._rows[kind] = rows
            table = self.query_one(f"#table-{kind.value}", MappingTable)
            cursor = table.cursor_row
            table.clear()
            for row in rows:
                # height None: a long source path wraps onto more lines; two paths that differ
                # only at their end never look the same.
                table.add_row(
                    Text(printable(row.source)),
                    Text(printable(row.target or "-")),
                    row.state,
                    str(row.count),
                    height=None,
                )
            if rows:
                table.move_cursor(row=min(cursor, len(rows) - 1))

    def _current(self) -> tuple[Kind, MappingRow] | None:
        table = self._active_table()
        kind = Kind(self.query_one(TabbedContent).active.removeprefix("tab-"))
        rows = self._rows.get(kind, [])
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return kind, rows[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        kind, row = current
        suggestions: list[str] = []
        completions: list[str] = []
        if kind is Kind.CATEGORY:
            suggestions = self._session.category_suggestions(row.source)
            completions = self._session.known_categories()

        session = self._session
        count = session.mapping_covers(kind, row.key)

        def submit(text: str) -> Outcome | LongChange:
            if count < LONG_FROM:
                return session.set_mapping(kind, row.key, text, row.source)

            def job(progress: Progress, cancelled: Callable[[], bool]) -> Outcome:
                return session.set_mapping(
                    kind, row.key, text, row.source, progress=progress, cancelled=cancelled
                )

            return LongChange(f"{kind.value} {row.source} -> {text}", count, job)

        title = f"{kind.value.capitalize()}: {row.source} ({row.count})"
        self.app.push_screen(
            EditScreen(title, HINTS[kind], row.target, submit, suggestions, completions),
            self._after,
        )

    def _after(self, outcome: Outcome | None) -> None:
        if outcome is not None:
            self._show(outcome)

    def action_undo(self) -> None:
        undo_with_progress(self, self._session, self._show)

    def _show(self, outcome: Outcome) -> None:
        self._changed.update(outcome.rows)
        say(self, self.query_one("#message", Static), outcome.message)
        warn(self, outcome.warning)
        self._fill()

    def action_close(self) -> None:
        self.dismiss(self._changed)
