"""A mapping change that maps many listings again runs behind a progress box: the screen answers
meanwhile, Escape cancels it and nothing changes; its undo does the same."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from catalog_migrate.model import Decision, RetailProduct
from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.profile import Profile
from catalog_migrate.review import mappings_screen, progress_screen
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.edit_screen import EditScreen
from catalog_migrate.review.mappings_screen import MappingsScreen
from catalog_migrate.review.progress_screen import ProgressScreen
from catalog_migrate.review.session import ReviewSession
from tests.review.catalog import make_session, mapper_for
from tests.review.pilot import running

pytestmark = pytest.mark.anyio


def slowed(session: ReviewSession, gate: threading.Event) -> None:
    """Each listing mapped again waits for `gate` (the first mapping, before, does not)."""
    mapper = mapper_for()

    def slow(product: RetailProduct, profile: Profile, decision: Decision | None) -> MappedProduct:
        gate.wait(5)
        return mapper(product, profile, decision)

    session._mapper = slow


def text(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def until(pilot: Pilot[None], done: object) -> None:
    for _ in range(100):
        await pilot.pause(0.02)
        if callable(done) and done():
            return
    raise AssertionError("the screen never got there")


def spec_names(session: ReviewSession) -> list[list[str]]:
    return [
        list(row.listing.specifications) if row.listing is not None else [] for row in session.rows
    ]


async def test_a_long_mapping_change_shows_progress_and_escape_cancels_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mappings_screen, "LONG_FROM", 2)
    monkeypatch.setattr(progress_screen, "LONG_FROM", 2)
    session = make_session(tmp_path)
    gate = threading.Event()
    async with running(session, (100, 30)) as (app, pilot):
        slowed(session, gate)
        before = spec_names(session)
        await pilot.press("m", "tab", "right", "tab", "down", "e")  # the attribute Bahan
        await until(pilot, lambda: isinstance(app.screen, EditScreen))
        assert text(app, "#dialog-title").startswith("Attribute: Bahan (5)")
        await pilot.press("ctrl+u", *"Fabric", "enter")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        assert text(app, "#progress-line") == "mapping again: 0 of 5 listings (0%)"
        await pilot.press("escape")
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, EditScreen))
        assert text(app, "#dialog-error") == "cancelled: nothing changed"
        assert spec_names(session) == before
        assert session.profile.attributes.names["Bahan"] == "Material"
        assert not (tmp_path / "shop.profile.toml").exists()
        await pilot.press("enter")  # the same value again, let through this time
        await until(pilot, lambda: isinstance(app.screen, MappingsScreen))
        assert text(app, "#message").startswith("attribute Bahan -> Fabric: 5 listings, saved")
        assert sum("Fabric" in names for names in spec_names(session)) == 5
        gate.clear()
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        assert text(app, "#progress-box Static") == "undo"
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, MappingsScreen))
        assert text(app, "#message").startswith("undone: attribute Bahan -> Fabric")
        assert spec_names(session) == before
