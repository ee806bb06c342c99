"""The focused listing: retail on the left, wholesale on the right, then provenance and issues.

The wholesale side is an OptionList of fields; the highlighted one is "the focused field" that `e`
edits and whose provenance is shown.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static

from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.review.fields import FIELDS
from catalog_migrate.review.render import (
    field_lines,
    issues_text,
    provenance_text,
    retail_text,
    wholesale_title,
)


class FieldList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class IssuesBox(VerticalScroll, can_focus=False):
    """Scrolls with the mouse; the keyboard stays with the list and the fields."""


class DetailPane(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._row: MappedProduct | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="sides"):
            with Vertical(id="retail-side"):
                yield Static("Retail", classes="side-title")
                yield Static(id="retail")
            with Vertical(id="wholesale-side"):
                yield Static("Wholesale", id="wholesale-title", classes="side-title")
                yield FieldList(id="fields")
        yield Static(id="provenance")
        yield IssuesBox(Static(id="issues"), id="issues-box")

    def on_mount(self) -> None:
        fields = self.query_one(FieldList)
        fields.add_options(field_lines(None))
        fields.highlighted = 0

    @property
    def focused_field(self) -> str:
        highlighted = self.query_one(FieldList).highlighted
        return FIELDS[highlighted if highlighted is not None else 0].name

    def show(self, row: MappedProduct | None) -> None:
        self._row = row
        fields = self.query_one(FieldList)
        if row is None:
            self.query_one("#retail", Static).update("No listing matches.")
            self.query_one("#issues", Static).update("")
            self.query_one("#provenance", Static).update("")
            return
        self.query_one("#retail", Static).update(retail_text(row.product))
        self.query_one("#wholesale-title", Static).update(wholesale_title(row))
        for position, line in enumerate(field_lines(row.listing)):
            fields.replace_option_prompt_at_index(position, line)
        self.query_one("#issues", Static).update(issues_text(row.issues))
        self._show_provenance()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_provenance()

    def _show_provenance(self) -> None:
        listing = self._row.listing if self._row is not None else None
        self.query_one("#provenance", Static).update(provenance_text(listing, self.focused_field))
