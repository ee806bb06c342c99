"""The review app with a hostile export and a folder it cannot save in: it shows what the export
holds without obeying it, and it never dies because a save failed."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from catalog_migrate import decisions as decisions_module
from catalog_migrate import profile_writer
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.command import review_command
from catalog_migrate.review.edit_screen import EditScreen
from catalog_migrate.review.listing_list import ListingList
from catalog_migrate.review.session import ReviewSession
from tests.review.catalog import catalog, make_session, product
from tests.review.export import write_export
from tests.review.pilot import running

pytestmark = pytest.mark.anyio

CLEAR = "\x1b[2J\x1b[H"
CLIPBOARD = "\x1b]52;c;ZWNobyBoaQ==\x07"
RLO = "\u202e"
HOSTILE_TITLE = f"Kaos {CLIPBOARD}Polos [bold]x[/bold] [link=https://x.example]y[/link]{RLO}"


def shown(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: ReviewApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def hostile_session(folder: Path) -> ReviewSession:
    products = catalog()
    products[0] = product(
        "1001", HOSTILE_TITLE, "49000", f"Pakaian{CLEAR}/Kaos [/i]", 6, brand="[red]Kirana"
    )
    return make_session(folder, products)


async def test_export_text_is_shown_escaped_and_never_as_markup(tmp_path: Path) -> None:
    async with running(hostile_session(tmp_path), (100, 30)) as (app, pilot):
        title_cell = str(app.screen.query_one(ListingList).row_cells(0)[1])
        retail = shown(app, "#retail")
        for text in (title_cell, retail):
            assert "\x1b" not in text and RLO not in text and "\x07" not in text
        assert "Kaos \\x1b]52;c;ZWNobyBoaQ==\\x07Polos [bold]x[/bold]" in retail
        assert "[link=https://x.example]y[/link]\\u202e" in retail
        assert "Category  Pakaian\\x1b[2J\\x1b[H/Kaos [/i]" in retail
        await pilot.press("a")
        await pilot.pause()
        said = shown(app, "#message")
        # The message names the listing by its wholesale title, which mapping cleaned.
        assert said.startswith("accepted: Kaos Polos bold x") and "\x1b" not in said


async def test_the_edit_dialog_shows_export_text_escaped(tmp_path: Path) -> None:
    async with running(hostile_session(tmp_path), (100, 30)) as (app, pilot):
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        title = shown(app, "#dialog-title")
        assert title.startswith("Title: Kaos \\x1b]52;c;") and "\x1b" not in title


def test_review_refuses_a_folder_it_cannot_save_in_before_the_screen_opens(
    tmp_path: Path,
) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    result = CliRunner().invoke(
        review_command,
        [str(export), "--currency", "IDR", "--decisions", str(blocker / "shop.decisions.json")],
    )
    assert result.exit_code == 2
    assert result.output == f"Error: cannot save decisions in {blocker}: Not a directory\n"


def disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_failed_save_keeps_the_decision_in_memory_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(tmp_path)
    async with running(session, (100, 30)) as (app, pilot):
        monkeypatch.setattr(decisions_module, "write_text_atomically", disk_full)
        await pilot.press("r")
        await pilot.pause()
        expected = "could not save decisions: No space left on device; they are kept in memory"
        assert notices(app) == [expected]
        assert session.rows[0].status == "rejected"
        decision = session.decisions.get("1001")
        assert decision is not None and decision.status == "rejected"
        assert not (tmp_path / "shop.decisions.json").exists()
        await pilot.press("a")  # the app keeps working
        await pilot.pause()
        assert session.rows[1].status == "accepted"
        monkeypatch.undo()  # space again: the next save writes everything kept since
        await pilot.press("a")
        await pilot.pause()
    saved = decisions_module.load_decisions(tmp_path / "shop.decisions.json", "alibaba")
    assert {key: decision.status for key, decision in saved.items()} == {
        "1001": "rejected",
        "1002": "accepted",
        "1003": "accepted",
    }


async def test_quitting_with_unsaved_decisions_asks_for_a_second_q(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(tmp_path)
    async with running(session, (100, 30)) as (app, pilot):
        monkeypatch.setattr(decisions_module, "write_text_atomically", disk_full)
        await pilot.press("r", "q")
        await pilot.pause()
        assert app.is_running
        assert notices(app)[-1] == (
            "could not save decisions: No space left on device; they are kept in memory; "
            "press q again to quit without them"
        )
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_a_mapping_that_cannot_be_saved_is_kept_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    session = make_session(tmp_path)
    async with running(session, (100, 30)) as (app, pilot):
        monkeypatch.setattr(profile_writer, "atomic_outputs", read_only)
        await pilot.press("m", "e", "ctrl+u", *"Toys", "enter")
        await pilot.pause()
        assert notices(app) == [
            "could not save mappings: Read-only file system; they are kept in memory"
        ]
        assert "not saved" in shown(app, "#message")
        assert "Toys" in session.profile.category_map.values()
    assert not (tmp_path / "shop.profile.toml").exists()
