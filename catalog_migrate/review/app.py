"""The review app: opens the main screen over a session; `?` shows the keys from anywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from catalog_migrate.review.help_screen import HelpScreen
from catalog_migrate.review.main_screen import ReviewScreen
from catalog_migrate.review.session import ReviewSession

CSS = """
#bar { height: 1; background: $boost; }
#listings { height: 1fr; min-height: 4; }
#detail { height: 13; border-top: solid $primary; }
#sides { height: 9; }
#retail-side { width: 1fr; padding-right: 1; }
#wholesale-side { width: 1fr; }
.side-title { text-style: bold; }
#fields { height: 8; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis; }
#provenance { height: 1; }
#issues-box { height: 1fr; }
#issues { text-wrap: nowrap; text-overflow: ellipsis; }
#search { dock: bottom; display: none; }
#search.shown { display: block; }
#message { height: 1; }
EditScreen { align: center middle; }
#dialog { width: 76; height: auto; border: round $primary; padding: 0 1; background: $surface; }
#dialog-title { text-style: bold; }
#dialog-hint, #dialog-keys { color: $text-muted; }
#dialog-error { color: $error; }
#suggestions { height: auto; max-height: 6; }
HelpScreen { align: center middle; }
AcceptAllScreen { align: center middle; }
ListingScreen { background: $surface; }
#full { height: 1fr; padding: 0 1; }
#full-keys { height: 1; color: $text-muted; }
#confirm { width: 70; height: auto; border: round $primary; padding: 0 1; background: $surface; }
#help { width: 78; height: auto; max-height: 22; border: round $primary; padding: 0 1; }
"""


class ReviewApp(App[None]):
    CSS = CSS
    TITLE = "catalog-migrate review"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("question_mark", "help", "Help", show=False)]

    def __init__(self, session: ReviewSession, *, map_in_thread: bool = True) -> None:
        super().__init__()
        self.session = session
        self._map_in_thread = map_in_thread

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.session, map_in_thread=self._map_in_thread))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
