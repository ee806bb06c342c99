"""On a terminal the screen opens at once while the export is checked and read in a thread; a
refused export still ends as one line and exit code 2."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from catalog_migrate.errors import UserError
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.listing_list import ListingList
from catalog_migrate.review.main_screen import ReviewScreen
from catalog_migrate.review.reading_screen import ReadingScreen
from catalog_migrate.review.session import ReviewSession
from catalog_migrate.spreadsheet.sheet_head import HEAD_ROWS
from tests.review.catalog import make_session
from tests.review.export import write_export
from tests.review.shop_export import limited_profile, shop_rows
from tests.review.terminal import Terminal
from tests.tiktok_builder import write_tiktok_xlsx

pytestmark = pytest.mark.anyio


async def test_the_reading_line_shows_until_the_listings_come(tmp_path: Path) -> None:
    may_open = threading.Event()

    def opener() -> ReviewSession:
        may_open.wait(10)
        return make_session(tmp_path)

    app = ReviewApp(opener=opener, reading="shop.xlsx (31 MB)")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        line = str(app.screen.query_one("#reading", Static).render())
        assert line.startswith("checking and reading shop.xlsx (31 MB)... 0 s")
        await pilot.press("question_mark")  # the keys' help waits for the listings
        assert isinstance(app.screen, ReadingScreen)
        may_open.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, ReviewScreen) and app.screen.ready:
                break
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one(ListingList).row_count == len(app.session.rows) > 0
        assert app.screen.query_one(ListingList).has_focus


async def test_a_refusal_while_reading_ends_the_app_with_it(tmp_path: Path) -> None:
    def opener() -> ReviewSession:
        raise UserError("shop.xlsx is a text file, not a workbook")

    app = ReviewApp(opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
    assert app.return_code == 2
    assert app.failure is not None and str(app.failure) == (
        "shop.xlsx is a text file, not a workbook"
    )


async def test_a_fault_while_reading_ends_the_app_and_is_raised_again(tmp_path: Path) -> None:
    fault = RuntimeError("a fault in the reader")

    def opener() -> ReviewSession:
        raise fault

    app = ReviewApp(opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
    assert app.return_code == 1 and app.failure is fault  # never a reading line left forever


def _finished(terminal: Terminal) -> int:
    """The exit code, reading what the app draws meanwhile (a full terminal would block it)."""
    end = time.monotonic() + 60
    while terminal.process.poll() is None and time.monotonic() < end:
        terminal.read(0.1)
    terminal.read(0.3)
    return terminal.process.wait(timeout=1)


def test_in_a_terminal_a_bad_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "shop.xlsx").write_bytes(b"this is not a workbook")
    terminal = Terminal(["shop.xlsx", "--currency", "IDR"], cwd=tmp_path)
    try:
        code = _finished(terminal)
    finally:
        terminal.kill()
    assert code == 2
    lines = [line.strip() for line in terminal.output.replace("\r", "").split("\n") if line.strip()]
    assert lines[-1].startswith("Error: shop.xlsx is a text file, not a workbook")
    assert "Traceback" not in terminal.output


def test_in_a_terminal_a_decisions_file_for_another_target_is_one_line(tmp_path: Path) -> None:
    write_export(tmp_path / "shop.xlsx")
    other = '{"version": 1, "target": "faire", "products": {}}'
    (tmp_path / "shop.decisions.json").write_text(other, encoding="utf-8")
    terminal = Terminal(["shop.xlsx", "--currency", "IDR"], cwd=tmp_path)
    try:
        code = _finished(terminal)
    finally:
        terminal.kill()
    assert code == 2
    lines = [line.strip() for line in terminal.output.replace("\r", "").split("\n") if line.strip()]
    assert lines[-1].startswith("Error: decisions file shop.decisions.json was written for target")


def test_in_a_terminal_a_missing_file_is_refused_before_the_screen(tmp_path: Path) -> None:
    terminal = Terminal(["nope.xlsx"], cwd=tmp_path)
    try:
        code = _finished(terminal)
    finally:
        terminal.kill()
    assert code == 2
    assert "checking and reading" not in terminal.output
    assert "Error: input file nope.xlsx does not exist" in terminal.output


def test_in_a_terminal_a_file_refused_after_its_first_listings_is_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    write_tiktok_xlsx(tmp_path / "shop.xlsx", shop_rows(300))
    profile = limited_profile(tmp_path, HEAD_ROWS + 100)
    terminal = Terminal(
        ["shop.xlsx", "--currency", "IDR", "--profile", profile.name, "--no-translate"],
        cwd=tmp_path,
    )
    try:
        code = _finished(terminal)
    finally:
        terminal.kill()
    assert code == 2
    # The screen's last text and the line printed after it may run together once the terminal's
    # cursor moves are taken out: the refusal is what comes last, whole.
    said = terminal.output[terminal.output.rindex("Error: ") :].replace("\r", "").strip()
    assert said == (
        "Error: shop.xlsx (sheet Template) has 1,205 rows, more than the 1,100 row limit: split "
        "the export, or raise limits.max_rows in the profile"
    )
    assert "Traceback" not in terminal.output
