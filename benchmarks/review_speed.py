"""How fast the review app answers on a big export: time to the first listings, each key's
median and worst, and the peak resident memory of the process.

    python benchmarks/review_speed.py EXPORT.xlsx [--repeat 20] [--no-translate]

The app opens as on a terminal: the reading screen at once, then the listings of the export's
first rows, the whole export checked and read behind them. A key counts as answered when Pilot's
press returns and the app is idle again (the screen has finished changing). The mapping runs in
its background thread as it does for a seller, reading the export as it goes; the process is
never idle meanwhile, so the keys pressed then (`j`, `k`, `a`, `r`) are timed until the cursor
moves or the listing's decision is made and saved.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from catalog_migrate import pipeline
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.command import open_session
from catalog_migrate.review.listing_list import ListingList
from catalog_migrate.review.main_screen import ReviewScreen
from catalog_migrate.review.reading_screen import ReadingScreen
from catalog_migrate.review.session import ReviewSession

Timings = dict[str, list[float]]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def timed(times: Timings, name: str, action: Callable[[], Awaitable[object]]) -> None:
    start = time.perf_counter()
    await action()
    times[name].append(time.perf_counter() - start)


def listings_shown(app: ReviewApp) -> bool:
    screen = app.screen
    if not isinstance(screen, ReviewScreen):
        return False
    found = screen.query(ListingList)  # none until the screen is composed
    return bool(found) and found.first().row_count > 0


async def drive(path: Path, repeat: int, translate: bool) -> None:
    print(f"load average at start {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    options = pipeline.ConvertOptions(currency="IDR", dry_run=True, no_translate=not translate)
    opened: list[float] = []

    def opener() -> ReviewSession:  # as on a terminal: the export is read behind the screen
        session = open_session(path, options, announce=False, head_first=True)
        opened.append(time.perf_counter() - started)
        return session

    app = ReviewApp(opener=opener, reading=path.name)
    times: Timings = defaultdict(list)
    async with app.run_test(size=(100, 40)) as pilot:
        while not isinstance(app.screen, ReadingScreen | ReviewScreen):
            await asyncio.sleep(0.01)
        print(f"screen open (reading) {time.perf_counter() - started:.2f} s after start")
        while not listings_shown(app):
            await asyncio.sleep(0.01)
        print(f"export checked and read up to its first product {opened[0]:.1f} s after start")
        # The list holds rows: they are drawn on the next frame. Pilot's pause waits for the app
        # to be idle, which it is not while the mapping thread runs (up to a second more).
        first = time.perf_counter() - started
        await pilot.pause()
        paused = time.perf_counter() - started
        print(f"first listings on screen {first:.2f} s after start ({paused:.2f} s after a pause)")
        await keys(app, pilot, times, repeat, started)
        mapped = time.perf_counter() - started
        print(f"keys done {mapped:.1f} s after start")
        await timed(times, "q", lambda: pilot.press("q"))
    print(f"peak RSS {peak_rss_mib():,.0f} MiB; load average {os.getloadavg()[0]:.1f}")
    print(f"{'key':<14}{'n':>4}{'median ms':>11}{'worst ms':>10}")
    for name, values in times.items():
        median, worst = statistics.median(values) * 1000, max(values) * 1000
        print(f"{name:<14}{len(values):>4}{median:>11.0f}{worst:>10.0f}")


async def keys(
    app: ReviewApp, pilot: Pilot[None], times: Timings, repeat: int, started: float
) -> None:
    async def press(*names: str) -> None:
        await pilot.press(*names)
        await pilot.pause()

    table = app.screen.query_one(ListingList)

    async def move(key: str) -> None:
        # While the mapping thread works the process is never idle, and Pilot's press waits up
        # to a second for idleness more than once: a move is timed until the cursor has moved.
        start, before = time.perf_counter(), table.cursor_row
        pressing = asyncio.ensure_future(pilot.press(key))
        while table.cursor_row == before and not pressing.done():
            await asyncio.sleep(0.001)
        times[f"{key} (mapping)"].append(time.perf_counter() - start)
        await pressing

    screen = app.screen
    assert isinstance(screen, ReviewScreen)

    async def decide(key: str) -> None:
        # Timed, as a move, until the listing's status has changed (the decision is saved).
        index = table.current()
        assert index is not None
        start, before = time.perf_counter(), screen.session.rows[index].status
        pressing = asyncio.ensure_future(pilot.press(key))
        while screen.session.rows[index].status == before and not pressing.done():
            await asyncio.sleep(0.001)
        times[f"{key} (mapping)"].append(time.perf_counter() - start)
        await pressing

    for _ in range(repeat):
        await move("j")
    for _ in range(repeat):
        await move("k")
    for _ in range(repeat):
        if screen.ready:
            break
        await decide("a")
        await move("k")  # back to the listing, so that each decision has one to change
        await decide("r")
        await move("k")
    while not screen.ready:
        await asyncio.sleep(0.05)
    print(f"all listings mapped {time.perf_counter() - started:.1f} s after start")
    for _ in range(repeat):
        await timed(times, "j", lambda: press("j"))
    for _ in range(repeat):
        await timed(times, "k", lambda: press("k"))
    for _ in range(repeat):
        await timed(times, "a", lambda: press("a"))
        await timed(times, "u", lambda: press("u"))
    for _ in range(3):
        await timed(times, "A", lambda: press("A"))
        await timed(times, "A then y", lambda: press("y"))
        await timed(times, "u (after A)", lambda: press("u"))
    for _ in range(7):  # round every filter back to all
        await timed(times, "f", lambda: press("f"))
    for _ in range(3):
        await timed(times, "/", lambda: press("slash"))
        await timed(times, "search typing", lambda: press("k"))
        await timed(times, "search Enter", lambda: press("enter"))
        await timed(times, "Escape", lambda: press("escape"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("export", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-translate", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:  # the decisions the keys make stay there
        export = Path(shutil.copy(args.export, folder))
        asyncio.run(drive(export, args.repeat, not args.no_translate))


if __name__ == "__main__":
    main()
