"""A change that maps many listings again (a mapping covering thousands, or its undo) runs in a
thread behind this box, which says how far it is; Escape cancels it, and then nothing changes.

Mapping one listing takes a few milliseconds, so a category of a thousand products takes
seconds, and an attribute name every product has, a minute: the screen must not freeze meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from catalog_migrate.review.session import Outcome, Progress, ReviewSession
from catalog_migrate.terminal_text import printable

# Runs the change, telling `progress` how far it is, and stops when `cancelled` says so.
Job = Callable[[Progress, Callable[[], bool]], Outcome]
# A change mapping at least this many listings again runs behind this box (about a second).
LONG_FROM = 200


@dataclass(frozen=True)
class LongChange:
    """A change to run behind the progress box: what it is, how many listings it maps again."""

    what: str
    count: int
    job: Job


class ProgressScreen(ModalScreen[Outcome]):
    """Runs `job` in a thread; dismissed with its outcome (cancelled: not ok, nothing changed)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, what: str, count: int, job: Job) -> None:
        super().__init__()
        self._what = what
        self._count = count
        self._job = job
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="progress-box"):
            yield Static(Text(printable(self._what), no_wrap=True, overflow="ellipsis"))
            yield Static(id="progress-line")
            yield Static("Escape: cancel (nothing changes)", id="progress-keys")

    def on_mount(self) -> None:
        self._show(0, self._count)
        threading.Thread(target=self._run, name="review-change", daemon=True).start()

    def _run(self) -> None:
        def progress(done: int, total: int | None) -> None:
            self.app.call_from_thread(self._show, done, total or self._count)

        try:
            outcome = self._job(progress, self._cancel.is_set)
        except Exception as exc:  # a fault: the app ends on it, as on one in the mapping thread
            self.app.call_from_thread(self._fail, exc)
            return
        self.app.call_from_thread(self.dismiss, outcome)

    def _fail(self, fault: Exception) -> None:
        raise fault

    def _show(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        line = f"mapping again: {done:,} of {total:,} listings ({share:.0%})"
        if self._cancel.is_set():
            line = "cancelling..."
        self.query_one("#progress-line", Static).update(Text(line))

    def action_cancel(self) -> None:
        self._cancel.set()
        self.query_one("#progress-line", Static).update(Text("cancelling..."))


def undo_with_progress(
    screen: Screen[Any], session: ReviewSession, done: Callable[[Outcome], None]
) -> None:
    """`u`: undo the last change, behind the progress box when it maps many listings again."""
    count = session.undo_covers()
    if count < LONG_FROM:
        done(session.undo())
        return

    def job(progress: Progress, cancelled: Callable[[], bool]) -> Outcome:
        return session.undo(progress=progress, cancelled=cancelled)

    def finished(outcome: Outcome | None) -> None:
        if outcome is not None:
            done(outcome)

    screen.app.push_screen(ProgressScreen("undo", count, job), finished)
