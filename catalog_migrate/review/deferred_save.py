"""Saving the decisions file behind the screen, for changes to thousands of listings at once.

`A` accepts ten thousand listings in one change; writing their decisions (a file of megabytes)
would hold the screen for tens of milliseconds more. Such a change is kept in memory at once and
written by a thread a moment after (once the screen has drawn the change: the thread would
otherwise take turns with the drawing). A save made while one is pending
waits for it (the file is written whole, under the decisions file's lock, so the last write always
holds the newest state), and quitting waits for it too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class DeferredSave:
    """Runs `save` in a thread when asked; `flush` waits until no save is pending."""

    def __init__(self, save: Callable[[], None], *, delay: float = 0.0) -> None:
        self._save = save
        self._delay = delay  # seconds between being asked and saving: the screen draws first
        self._changed = threading.Condition()
        self._asked = False
        self._saving = False
        self._failure: OSError | None = None  # the last save's, until taken
        self._thread: threading.Thread | None = None

    def ask(self) -> None:
        """Save soon (once, however often asked before the thread gets to it)."""
        with self._changed:
            self._asked = True
            self._changed.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="decisions-save", daemon=True
                )
                self._thread.start()

    def flush(self) -> OSError | None:
        """Wait for the saves asked for; the failure of the last one, if it failed."""
        with self._changed:
            self._changed.notify_all()  # a save waiting out its delay starts now
            while self._asked or self._saving:
                self._changed.wait()
            return self.take_failure()

    def take_failure(self) -> OSError | None:
        """The failure of the last save, once (None when it worked or was already said)."""
        failure, self._failure = self._failure, None
        return failure

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._asked:
                    self._changed.wait()
                self._saving = True
                # Asked again meanwhile, it saves once; flush() does not wait out the delay.
                self._changed.wait(self._delay)
                self._asked = False
            failure = None
            try:
                self._save()
            except OSError as exc:
                failure = exc
            with self._changed:
                self._saving = False
                self._failure = failure
                self._changed.notify_all()
