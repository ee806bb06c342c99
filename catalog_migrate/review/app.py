"""The review app: opens the main screen over a session; `?` shows the keys from anywhere.

Given an opener instead of a session, it first shows the reading screen while the opener checks
and reads the export in a thread; a refusal there ends the app with `failure` set.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from catalog_migrate.errors import UserError
from catalog_migrate.review.help_screen import HelpScreen
from catalog_migrate.review.main_screen import ReviewScreen
from catalog_migrate.review.reading_screen import Opener, ReadingScreen
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
#reading { height: 1fr; padding: 1 2; }
EditScreen { align: center middle; }
#dialog { width: 76; height: auto; border: round $primary; padding: 0 1; background: $surface; }
#dialog-title { text-style: bold; }
#dialog-hint, #dialog-keys { color: $text-muted; }
#dialog-error { color: $error; }
#suggestions { height: auto; max-height: 6; }
HelpScreen { align: center middle; }
ListingScreen { background: $surface; }
#full { height: 1fr; padding: 0 1; }
#full-keys { height: 1; color: $text-muted; }
ProgressScreen { align: center middle; }
#progress-box {
    width: 70; height: auto; border: round $primary; padding: 0 1; background: $surface;
}
#progress-keys { color: $text-muted; }
MappingsScreen #tabs { height: 1fr; }
MappingsScreen TabPane { height: 1fr; padding: 0; }
MappingsScreen DataTable { height: 1fr; }
ReviewScreen { layers: base question; }
#question {
    layer: question; dock: bottom; offset-y: -2; display: none;
    height: auto; border: round $primary; padding: 0 1; background: $surface;
}
ReviewScreen.asking #question { display: block; }
#help { width: 78; height: auto; max-height: 22; border: round $primary; padding: 0 1; }
"""


class ReviewApp(App[None]):
    CSS = CSS
    TITLE = "catalog-migrate review"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("question_mark", "help", "Help", show=False)]

    def __init__(
        self,
        session: ReviewSession | None = None,
        *,
        map_in_thread: bool = True,
        opener: Opener | None = None,
        reading: str = "the export",
    ) -> None:
        super().__init__()
        if session is None and opener is None:
            raise ValueError("ReviewApp needs a session or an opener")
        self._session = session
        self._opener = opener
        self._reading = reading  # what the reading screen names
        self._map_in_thread = map_in_thread
        self.failure: Exception | None = None  # why the opener failed (a UserError: refused)

    @property
    def opened(self) -> ReviewSession | None:
        """The session, once the export is read (None before, or when it was refused)."""
        return self._session

    @property
    def session(self) -> ReviewSession:
        if self._session is None:
            raise RuntimeError("the export is still being read")
        return self._session

    def on_mount(self) -> None:
        if self._session is not None:
            self.push_screen(ReviewScreen(self._session, map_in_thread=self._map_in_thread))
        elif self._opener is not None:
            self.push_screen(ReadingScreen(self._reading, self._opener, self._opened, self._failed))

    def _opened(self, session: ReviewSession) -> None:
        self._session = session
        screen = ReviewScreen(session, map_in_thread=self._map_in_thread, on_refused=self._failed)
        self.switch_screen(screen)

    def _failed(self, failure: Exception) -> None:
        self.failure = failure
        self.exit(return_code=failure.exit_code if isinstance(failure, UserError) else 1)

    def action_help(self) -> None:
        # Not while the export is read: the listings replace the screen on top when they come.
        if self._session is not None and not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
