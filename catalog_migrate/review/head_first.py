"""The first listings from the head of the export, then the whole export, checked and read.

Checking and parsing a whole shop's sheet takes seconds; its first rows take a tenth of one. The
review app maps the products of the first rows at once (the last of them left out: its rows may go
on past the head), then checks and reads the whole export exactly as `convert` does. The whole
export's products are the truth: those the head already gave are compared with them, and one that
differs (a product whose rows come back later in the sheet) is mapped again in its place. A file
the whole check refuses ends the app with the same one line and exit code as `convert`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass

from catalog_migrate.errors import UserError
from catalog_migrate.model import Issue, RetailProduct


@dataclass(frozen=True)
class ReadingRest:
    """The head's products are all given; the rest of the export is being checked and read."""


@dataclass(frozen=True)
class StillReading:
    """Nothing yet: the rest of the export is still being read (the mapping may stop here)."""


@dataclass(frozen=True)
class RestRead:
    """The whole export is checked and read: its sheet has `sheet_rows` rows."""

    sheet_rows: int


@dataclass(frozen=True)
class Revised:
    """The whole export's product at `index`, where the head gave a different one."""

    index: int
    product: RetailProduct


class WholeExportRefused(Exception):
    """The whole export failed a check its head passed: the app ends with `refusal`."""

    def __init__(self, refusal: UserError) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


Item = RetailProduct | Issue | ReadingRest | StillReading | RestRead | Revised
WholeRead = tuple[int, Iterator[RetailProduct | Issue]]
WholeReader = Callable[[], WholeRead]
# How often the wait for the whole export lets the mapping loop see that the seller quit.
WAIT_SECONDS = 0.1


def head_then_whole(head: Sequence[RetailProduct], read_whole: WholeReader) -> Iterator[Item]:
    """The head's products, then the whole export's products and issues that the head did not
    give already (a product that differs from the head's is `Revised`)."""
    yield from head
    yield ReadingRest()
    sheet_rows, items = yield from _read_in_thread(read_whole)
    yield RestRead(sheet_rows)
    index = 0
    for item in items:
        if isinstance(item, Issue):
            yield item
            continue
        if index >= len(head):
            yield item
        elif item != head[index]:
            yield Revised(index, item)
        index += 1
    if index < len(head):
        raise UserError(
            f"the export changed while it was read: it holds {index:,} products, fewer than the "
            f"{len(head):,} shown first; open the review again"
        )


def _read_in_thread(read_whole: WholeReader) -> Generator[StillReading, None, WholeRead]:
    """Run `read_whole` in a thread of its own, yielding while it runs. The read cannot be
    stopped half way: the thread is a daemon, so a seller who quits meanwhile does not wait for
    it (the mapping loop stops at the next yield), and it ends with the process."""
    done: list[WholeRead | BaseException] = []

    def read() -> None:
        try:
            done.append(read_whole())
        except BaseException as exc:
            done.append(exc)

    reader = threading.Thread(target=read, name="review-whole-read", daemon=True)
    reader.start()
    while reader.is_alive():
        reader.join(WAIT_SECONDS)
        if reader.is_alive():
            yield StillReading()
    outcome = done[0]
    if isinstance(outcome, UserError):
        raise WholeExportRefused(outcome)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome
