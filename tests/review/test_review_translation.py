"""Translations in review: the source beside the translation, edits, and `t` to translate again."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from catalog_migrate import pipeline
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.command import open_session
from catalog_migrate.review.edit_screen import EditScreen
from tests.review.export import write_export
from tests.review.test_review_app import message, type_text

pytestmark = pytest.mark.anyio


def session_for(tmp_path: Path, **options: object):  # type: ignore[no-untyped-def]
    export = write_export(tmp_path / "shop.xlsx")
    return open_session(
        export,
        pipeline.ConvertOptions(currency="IDR", dry_run=True, **options),  # type: ignore[arg-type]
    )


def provenance(app: ReviewApp) -> str:
    return str(app.screen.query_one("#provenance", Static).render())


async def test_the_title_shows_its_source_beside_the_translation(tmp_path: Path) -> None:
    session = session_for(tmp_path)
    app = ReviewApp(session, map_in_thread=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        shown = provenance(app)
    listing = session.rows[0].listing
    assert listing is not None and listing.title == "Women Combed Cotton Plain T-shirt"
    assert "Title translated (glossary) from: Kaos Polos Wanita Katun Combed → " in shown


async def test_t_translates_again_and_u_brings_the_edit_back(tmp_path: Path) -> None:
    session = session_for(tmp_path)
    app = ReviewApp(session, map_in_thread=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "e")
        assert isinstance(app.screen, EditScreen)
        await type_text(pilot, "Ladies Cotton Tee")
        await pilot.press("enter")
        await pilot.pause()
        assert session.rows[0].listing is not None
        assert session.rows[0].listing.title == "Ladies Cotton Tee"
        await pilot.press("t")
        await pilot.pause()
        assert session.rows[0].listing.title == "Women Combed Cotton Plain T-shirt"
        assert "re-translated: Kaos Polos Wanita Katun Combed" in message(app)
        await pilot.press("u")
        await pilot.pause()
        assert session.rows[0].listing.title == "Ladies Cotton Tee"


async def test_t_without_translation_says_so(tmp_path: Path) -> None:
    session = session_for(tmp_path, no_translate=True)
    app = ReviewApp(session, map_in_thread=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert "translation is off (--no-translate)" in message(app)
