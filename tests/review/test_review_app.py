"""The review app driven key by key with Pilot, over a small in-memory catalog."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from catalog_migrate.decisions import load_decisions
from catalog_migrate.errors import InputError
from catalog_migrate.model import Decision, RetailProduct
from catalog_migrate.review import main_screen
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.detail import DetailPane, FieldList
from catalog_migrate.review.edit_screen import EditScreen
from catalog_migrate.review.help_screen import HelpScreen
from catalog_migrate.review.listing_list import ListingList
from catalog_migrate.review.mappings_screen import MappingsScreen
from catalog_migrate.review.session import Filter
from tests.review.catalog import TOYS, catalog, make_session, product
from tests.review.pilot import running

pytestmark = pytest.mark.anyio


def table(app: ReviewApp) -> ListingList:
    return app.screen.query_one(ListingList)


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def saved(folder: Path) -> dict[str, dict[str, object]]:
    data = json.loads((folder / "shop.decisions.json").read_text(encoding="utf-8"))
    return data["products"]  # type: ignore[no-any-return]


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press("ctrl+u", *[("space" if char == " " else char) for char in text])


async def test_a_accepts_and_r_rejects_then_move_on(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        await pilot.press("a")
        assert table(app).current() == 1
        await pilot.press("r")
        await pilot.pause()
        assert table(app).current() == 2
    assert {key: entry["status"] for key, entry in saved(tmp_path).items()} == {
        "1001": "accepted",
        "1002": "rejected",
    }


async def test_j_k_and_arrows_move_and_the_detail_follows(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        await pilot.press("j", "j", "down")
        assert table(app).current() == 3
        await pilot.press("k", "up")
        assert table(app).current() == 1
        retail = app.screen.query_one("#retail", Static).render()
        assert "Dress Midi Motif Bunga" in str(retail)


async def test_e_edits_the_focused_field(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("tab", "j", "j", "j", "j")
        assert app.screen.query_one(DetailPane).focused_field == "moq"
        assert "MOQ from:" in str(app.screen.query_one("#provenance", Static).render())
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        assert app.screen.query_one(Input).value == "200"
        await type_text(pilot, "350")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
        listing = session.rows[0].listing
        assert listing is not None and listing.moq == 350
        assert "review" in str(app.screen.query_one("#provenance", Static).render())
    assert saved(tmp_path)["1001"]["overrides"] == {"moq": 350}


async def test_tab_moves_to_the_fields_and_in_mappings_enter_edits(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        await pilot.press("tab")
        assert isinstance(app.focused, FieldList)
        await pilot.press("m", "enter")
        assert isinstance(app.screen, EditScreen)
        await pilot.press("escape", "tab", "right")
        assert app.screen.focused is not None and app.screen.focused.id == "table-attribute"


async def test_an_invalid_edit_is_refused_with_the_rule_message(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("tab", "j", "j", "j", "j", "j", "e")
        await type_text(pilot, "200: 1.00; 1000: 2.00")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        error = str(app.screen.query_one("#dialog-error", Static).render())
        assert "Tiers not changed" in error and "decrease" in error
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
        listing = session.rows[0].listing
        assert listing is not None and listing.tiers[1].min_quantity == 1000
        assert session.decisions.get("1001") is None


async def test_u_undoes_the_last_change(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("r", "k", "u")
        await pilot.pause()
        assert session.rows[0].status == "pending"
        assert message(app).startswith("undone")
    assert saved(tmp_path) == {}


async def test_n_and_p_go_to_listings_that_need_attention(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("n")
        assert table(app).current() == 2  # the first listing with issues
        await pilot.press("n")
        assert table(app).current() == 3
        await pilot.press("p")
        assert table(app).current() == 2
        await pilot.press("p")
        assert table(app).current() == 2
        assert "no more" in message(app)


async def test_capital_a_accepts_every_listing_without_errors(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("A", "w")  # w: the two with an unmapped category too
        await pilot.pause()
        assert {row.status for row in session.rows} == {"accepted"}
        assert "✓ 6" in str(app.screen.query_one("#bar", Static).render())
    assert len(saved(tmp_path)) == 6


async def test_m_maps_a_category_for_all_its_products(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("m")
        assert isinstance(app.screen, MappingsScreen)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        await type_text(pilot, "Toys > Stuffed Toys")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MappingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "2 listings re-mapped" in message(app)
        categories = [row.listing.category for row in session.rows if row.listing]
        assert categories.count("Toys > Stuffed Toys") == 2
    assert (tmp_path / "shop.profile.toml").is_file()
    assert "Toys > Stuffed Toys" in (tmp_path / "shop.categories.csv").read_text(encoding="utf-8")


async def test_category_suggestions_come_from_known_targets(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.typed_categories.append("Toys & Hobbies > Boneka Kain")
    async with running(session) as (app, pilot):
        await pilot.press("m", "e")
        suggestions = app.screen.query_one("#suggestions")
        assert suggestions is not None
        await pilot.press("tab", "enter")
        assert app.screen.query_one(Input).value == "Toys & Hobbies > Boneka Kain"
        assert TOYS in str(app.screen.query_one("#dialog-title", Static).render())


async def test_slash_searches_and_f_filters(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        await pilot.press("slash")
        await type_text(pilot, "boneka")
        await pilot.press("enter")
        await pilot.pause()
        assert table(app).order == [2, 3]
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(table(app).order) == 6
        await pilot.press("f")
        await pilot.pause()
        assert table(app).order == app.session.visible(Filter.ATTENTION)
        assert table(app).order and len(table(app).order) < 6
        assert "needs attention" in str(app.screen.query_one("#bar", Static).render())


async def test_search_finds_the_wholesale_title_the_list_shows(tmp_path: Path) -> None:
    # The list shows the wholesale title; search finds it as shown, also after an edit.
    async with running(make_session(tmp_path)) as (app, pilot):
        assert app.session.edit(0, "title", "Plush Teddy Bear Wholesale").ok
        await pilot.press("slash")
        await type_text(pilot, "teddy")
        await pilot.press("enter")
        await pilot.pause()
        assert table(app).order == [0]


async def test_letters_typed_at_once_after_slash_go_to_the_search(tmp_path: Path) -> None:
    # A fast typist (or a paste) sends `/boneka` in one burst, before the search box has taken
    # the focus: `e` must not open the editor, nor `a` accept a listing.
    async with running(make_session(tmp_path)) as (app, pilot):
        driver = app._driver
        assert driver is not None
        for key, char in [("slash", "/"), *((letter, letter) for letter in "boneka")]:
            driver.send_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "boneka"
        assert not isinstance(app.screen, EditScreen)
        assert all(row.status == "pending" for row in app.session.rows)
        await pilot.press("enter")
        await pilot.pause()
        assert table(app).order == [2, 3]
        # A `/` typed in the burst, once the box is open, is text.
        for key, char in [("slash", "/"), ("x", "x"), ("slash", "/"), ("y", "y")]:
            driver.send_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "bonekax/y"


async def test_question_mark_shows_every_key(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits_and_saves_the_cursor_then_reopening_resumes(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        await pilot.press("j", "j", "r", "q")
        await pilot.pause()
    assert app.return_code == 0
    decisions = load_decisions(tmp_path / "shop.decisions.json", "alibaba")
    assert decisions.cursor == "1004"
    session = make_session(tmp_path, decisions=decisions)
    async with running(session) as (app, _pilot):
        assert table(app).current() == 3
        assert session.rows[2].status == "rejected"


async def test_a_stale_decision_shows_pending_with_a_warning(tmp_path: Path) -> None:
    decisions = load_decisions(tmp_path / "shop.decisions.json", "alibaba")
    decisions.set("1001", Decision(status="rejected", fingerprint="sha256:other"))
    async with running(make_session(tmp_path, decisions=decisions)) as (app, _pilot):
        issues = str(app.screen.query_one("#issues", Static).render())
        assert "review.stale" in issues
        assert "stale" in str(app.screen.query_one("#wholesale-title", Static).render())
        assert str(table(app).row_cells(0)[0]) == "?"


async def test_works_with_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    async with running(make_session(tmp_path)) as (app, pilot):
        assert app.no_color
        await pilot.press("r")
        assert str(table(app).row_cells(0)[0]) == "✗"  # marks are characters, not colours


async def test_mapping_runs_in_a_worker_with_progress(tmp_path: Path) -> None:
    app = ReviewApp(make_session(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(table(app).order) == 6
        assert app.screen.query_one(FieldList).option_count == 8


async def test_the_list_scrolls_to_its_end_and_cuts_a_long_title_to_its_column(
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, _):
        listing = table(app)
        assert listing.virtual_size.height == len(session.rows) + 1  # the header line
        assert listing.virtual_size.width <= 80
        title = listing.render_line(1).text
        assert len(title) == listing.scrollable_content_region.width
        mark = next(segment for segment in listing.render_line(3) if segment.text == "?")
        assert mark.style is not None and mark.style.color is not None
        assert mark.style.color.name == "yellow"  # the mark keeps its colour


async def test_listings_show_and_can_be_decided_while_the_rest_are_mapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first listings are on screen, focused, before the last is mapped; a decision on one
    of them is made and saved at once; accepting all waits."""
    monkeypatch.setattr(main_screen, "MAP_BATCH", 2)
    session = make_session(tmp_path)
    mapper, release = session._mapper, threading.Event()

    def slow_after_two(*args: Any) -> Any:
        if len(session.rows) >= 2 and threading.current_thread() is not threading.main_thread():
            release.wait(10)  # the mapping thread; the screen maps the listing it shows at once
        return mapper(*args)

    session._mapper = slow_after_two
    app = ReviewApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        while table(app).row_count < 2:
            await pilot.pause(0.01)
        assert "mapping: 2 listings so far" in message(app)
        await pilot.press("j")
        assert table(app).current() == 1
        await pilot.press("r")
        assert message(app).startswith("rejected: Dress Midi")
        assert saved(tmp_path)["1002"]["status"] == "rejected"
        await pilot.press("A")
        assert "still mapping (2 so far)" in message(app)
        release.set()
        while not app.screen.ready:  # type: ignore[attr-defined]
            await pilot.pause(0.01)
        assert table(app).row_count == 6
        assert table(app).current() == 1  # where the seller moved to
        assert session.rows[1].status == "rejected"
        assert gc.get_freeze_count() > 0  # the listings are out of the collector's full passes
        gc.unfreeze()
        await pilot.press("a")
    assert saved(tmp_path)["1002"]["status"] == "accepted"


async def test_a_filter_chosen_while_mapping_applies_to_the_listings_still_coming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_screen, "MAP_BATCH", 1)
    session = make_session(tmp_path)
    mapper, release = session._mapper, threading.Event()

    def slow_after_one(*args: Any) -> Any:
        if len(session.rows) >= 1 and threading.current_thread() is not threading.main_thread():
            release.wait(10)
        return mapper(*args)

    session._mapper = slow_after_one
    app = ReviewApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        while table(app).row_count < 1:
            await pilot.pause(0.01)
        await pilot.press("f")  # needs attention: the first listing has no issue
        assert table(app).order == []
        release.set()
        while not app.screen.ready:  # type: ignore[attr-defined]
            await pilot.pause(0.01)
        await pilot.pause()
        assert table(app).order == session.visible(Filter.ATTENTION)
        assert table(app).order and 0 not in table(app).order
    gc.unfreeze()


async def test_a_change_draws_only_the_lines_in_view(tmp_path: Path) -> None:
    """Accepting, filtering or searching a whole shop draws the rows on screen, not all."""
    products = [
        product(str(2000 + number), f"Kaos Polos {number}", "49000", "Pakaian Wanita/Dress", number)
        for number in range(6, 206)
    ]
    session = make_session(tmp_path, products)
    async with running(session) as (app, pilot):
        drawn: list[int] = []
        cells = table(app).row_cells

        def record(row: int) -> Any:
            drawn.append(row)
            return cells(row)

        table(app).row_cells = record  # type: ignore[method-assign]
        await pilot.press("A", "y")
        await pilot.pause()
        assert {row.status for row in session.rows} == {"accepted"}
        assert drawn and len(set(drawn)) <= 24
        drawn.clear()
        await pilot.press("f", "f", "f", "f", "f")  # accepted
        await pilot.pause()
        assert len(table(app).order) == 200
        assert len(set(drawn)) <= 24  # lines drawn before are reused
        drawn.clear()
        await pilot.press("j")
        await pilot.pause()
        assert len(set(drawn)) == 2  # the line the cursor left and the one it came to


async def test_what_a_key_said_stays_a_while_before_the_mapping_progress(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, main_screen.ReviewScreen)
        await pilot.press("r")
        said = message(app)
        screen._progress(6, None)  # a batch mapped just after the key
        await pilot.pause()
        assert message(app) == said
        screen._said_at -= main_screen.SAID_SECONDS
        screen._progress(6, None)
        await pilot.pause()
        assert message(app).startswith("mapping: 6 listings so far")


async def test_an_export_that_fails_past_its_first_products_says_so_and_keeps_them(
    tmp_path: Path,
) -> None:
    def export() -> Iterator[RetailProduct]:
        yield from catalog()[:2]
        raise InputError("shop.xlsx cannot be read past row 8: export it again")

    app = ReviewApp(make_session(tmp_path, export()))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table(app).row_count == 2
        assert (
            message(app) == "reading stopped: shop.xlsx cannot be read past row 8: export it again"
        )
        await pilot.press("r")
        assert message(app).startswith("rejected:")
    gc.unfreeze()
    assert saved(tmp_path)["1001"]["status"] == "rejected"
