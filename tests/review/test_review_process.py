"""The app as a real process in a pseudo-terminal, killed with SIGKILL in the middle of a session:
the decisions file is whole JSON, and reopening resumes with every decision and the cursor."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from catalog_migrate import pipeline
from catalog_migrate.decisions import load_decisions
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.command import open_session
from catalog_migrate.review.listing_list import ListingList
from tests.review.export import PRODUCTS, write_export
from tests.review.terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def statuses(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: entry["status"] for key, entry in data["products"].items()}


@pytest.mark.anyio
async def test_killed_mid_session_the_file_is_whole_and_resumes(tmp_path: Path) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    decisions = tmp_path / "shop.decisions.json"
    terminal = Terminal([export.name, "--currency", "IDR"], cwd=tmp_path)
    try:
        terminal.wait_for(lambda: "listings mapped" in terminal.output)
        terminal.press("r")
        terminal.wait_for(lambda: statuses(decisions).get(PRODUCTS[0][0]) == "rejected")
        terminal.press("a")
        terminal.wait_for(lambda: statuses(decisions).get(PRODUCTS[1][0]) == "accepted")
        # A burst of whole-catalog changes, killed while they are being written.
        terminal.press("AuAuAuA")
    finally:
        terminal.kill()

    data = json.loads(decisions.read_text(encoding="utf-8"))  # whole JSON, never half a file
    assert data["version"] == 1 and data["target"] == "alibaba"
    assert statuses(decisions)[PRODUCTS[0][0]] == "rejected"

    loaded = load_decisions(decisions, "alibaba")
    # A temporary file the killed session may have left while saving is removed on reopening.
    assert not [path for path in tmp_path.iterdir() if ".tmp" in path.name]
    session = open_session(export, pipeline.ConvertOptions(currency="IDR", dry_run=True))
    app = ReviewApp(session, map_in_thread=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert session.rows[0].status == "rejected"
        assert session.rows[1].status == "accepted"
        cursor = session.index_of(loaded.cursor or "")
        assert cursor is not None and app.screen.query_one(ListingList).current() == cursor


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_tab_and_arrows_typed_at_once_in_mappings_leave_the_app_at_rest(tmp_path: Path) -> None:
    """Tab, → and Tab in one burst made the tabs and the focus chase each other for ever."""
    export = write_export(tmp_path / "shop.xlsx")
    terminal = Terminal([export.name, "--currency", "IDR"], cwd=tmp_path)
    try:
        terminal.wait_for(lambda: "listings mapped" in terminal.output)
        terminal.press("m")
        terminal.wait_for(lambda: "Mappings, unmapped first" in terminal.output)
        terminal.read(0.5)
        for _ in range(3):
            terminal.press("\t\x1b[C\t")
            terminal.read(0.3)
        before = cpu_seconds(terminal.process.pid)
        terminal.read(1.0)
        busy = cpu_seconds(terminal.process.pid) - before
    finally:
        terminal.kill()
    assert busy < 0.3, f"the app used {busy:.2f} s of CPU in a second at rest"
