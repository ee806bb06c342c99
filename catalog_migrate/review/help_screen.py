"""`?`: every key, and what the marks mean."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from catalog_migrate.review.render import LEGEND

KEYS = (
    ("a", "accept the listing"),
    ("r", "reject the listing (convert does not write it)"),
    ("e", "edit the focused wholesale field"),
    ("u", "undo the last change"),
    ("t", "translate the listing again (drops your edits of its translated fields)"),
    ("n / p", "next / previous listing that needs attention"),
    ("A", "accept the ready listings, after asking (u undoes)"),
    ("m", "mappings: categories, attribute names, units"),
    ("f", "filter: all, needs attention, pending, errors, ..."),
    ("/", "search titles and SKUs (Escape clears it)"),
    ("j / k, arrows", "move"),
    ("PgUp / PgDn", "a screen up / down (Home / End: the first / last listing)"),
    ("Enter", "the whole listing, wrapped (tiers, specs, issues)"),
    ("Tab", "go to the wholesale fields and back to the list"),
    ("q", "quit (every change is already saved)"),
    ("?", "this help"),
)


def help_text() -> str:
    lines = [f"{key:<14} {action}" for key, action in KEYS]
    return "\n".join(["Keys", "", *lines, "", "Marks", "", LEGEND])


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield VerticalScroll(Static(help_text(), markup=False), id="help")

    def action_close(self) -> None:
        self.dismiss(None)
