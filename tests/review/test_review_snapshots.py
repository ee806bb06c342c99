"""Snapshots of the main screen at 100x30 and 80x24 (`--snapshot-update` rewrites them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from catalog_migrate.review.app import ReviewApp
from tests.review.catalog import make_session


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_main_screen(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = ReviewApp(make_session(tmp_path), map_in_thread=False)

    async def on_the_toys(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=on_the_toys)


def test_mappings_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = ReviewApp(make_session(tmp_path), map_in_thread=False)
    assert snap_compare(app, terminal_size=(80, 24), press=["m"])
