"""The first screen on a terminal: the export is checked and read in a thread while this says so.

A whole shop's sheet takes seconds to check (its archive and cells, before any parser inflates
it) and to parse. The screen opens at once with a line that counts those seconds; the main
screen replaces it with the first listings. A file refused meanwhile ends the app, and the
command prints the refusal as the one line it always is (exit code 2); any other failure ends it
too, and is raised again once the screen is closed.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from catalog_migrate.review.session import ReviewSession
from catalog_migrate.terminal_text import printable

Opener = Callable[[], ReviewSession]
TICK_SECONDS = 0.5


class ReadingScreen(Screen[None]):
    """`checking and reading shop.xlsx (31 MB)... 4 s`, until the session is open."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def __init__(
        self,
        what: str,
        opener: Opener,
        opened: Callable[[ReviewSession], None],
        failed: Callable[[Exception], None],
    ) -> None:
        super().__init__()
        self._what = what
        self._opener = opener
        self._opened = opened
        self._failed = failed
        self._started = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static(id="reading")
        yield Footer()

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(TICK_SECONDS, self._tick)
        # A plain daemon thread, not a worker: the parser cannot be stopped half way, and `q`
        # must not wait for it (the process ends with the screen).
        threading.Thread(target=self._open, name="review-reading", daemon=True).start()

    def _tick(self) -> None:
        seconds = time.monotonic() - self._started
        line = f"checking and reading {self._what}... {seconds:.0f} s (q quits)"
        self.query_one("#reading", Static).update(Text(printable(line), no_wrap=True))

    def _open(self) -> None:
        try:
            session = self._opener()
        except Exception as exc:  # a refusal (UserError), or a fault the command reports as such
            self._from_thread(self._failed, exc)
            return
        self._from_thread(self._opened, session)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        # RuntimeError: the app has ended (the seller quit while the export was read).
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)
