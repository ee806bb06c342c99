"""The review app without traps: what the seller is offered, asked and shown, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, TabbedContent

from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.edit_screen import EditScreen
from catalog_migrate.review.listing_list import ListingList
from catalog_migrate.review.listing_screen import ListingScreen
from tests.review.catalog import TOYS, catalog, make_session, product
from tests.review.pilot import running

pytestmark = pytest.mark.anyio

BACKPACK = product("2001", "Tas Ransel Laptop Pria Anti Air", "189000", "Tas Pria/Tas Ransel", 12)
SOCKS = product("2002", "Kaos Kaki Olahraga Pria", "15000", "Olahraga/Kaos Kaki", 13)


def text_of(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def suggestions(app: ReviewApp) -> list[str]:
    found = app.screen.query_one("#suggestions", OptionList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


def test_a_backpack_is_never_offered_t_shirts_and_socks_are_offered_socks(tmp_path: Path) -> None:
    session = make_session(tmp_path, [*catalog(), BACKPACK, SOCKS])
    session.typed_categories.append("Luggage & Bags > Backpacks")
    offered = session.category_suggestions(BACKPACK.category, BACKPACK.title)
    assert offered[0] == "Luggage & Bags > Backpacks"
    assert not [target for target in offered if "Shirt" in target]
    socks = session.category_suggestions(SOCKS.category)
    assert socks == ["Sports & Entertainment > Sportswear > Sports Socks"]


async def test_editing_the_category_offers_targets_read_through_the_glossary(
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path, [SOCKS, *catalog()])
    async with running(session) as (app, pilot):
        await pilot.press("tab", "j", "j", "e")
        assert isinstance(app.screen, EditScreen)
        assert suggestions(app) == ["Sports & Entertainment > Sportswear > Sports Socks"]


def pending_of(app: ReviewApp) -> str:
    return text_of(app, "#bar")


async def test_the_header_says_how_many_are_left_to_decide(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        assert "6 to decide" in text_of(app, "#bar")
        await pilot.press("a", "r")
        await pilot.pause()
        assert "4 to decide" in text_of(app, "#bar")


def listings(app: ReviewApp) -> ListingList:
    return app.screen.query_one(ListingList)


async def test_capital_a_asks_first_accepts_the_ready_ones_and_u_reverts(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("A")
        await pilot.pause()
        asked = text_of(app, "#question")
        assert asked.startswith("Accept 4 ready listings?\n2 listings with an unmapped category")
        await pilot.press("escape")
        await pilot.pause()
        assert [row.status for row in session.rows] == ["pending"] * 6
        assert text_of(app, "#message") == "nothing accepted"
        await pilot.press("A", "enter")  # Enter is yes
        await pilot.pause()
        assert [row.status for row in session.rows] == [
            "accepted", "accepted", "pending", "pending", "accepted", "accepted"
        ]  # fmt: skip
        assert text_of(app, "#message") == "accepted 4 listings; 2 left to check"
        assert "2 to decide" in text_of(app, "#bar")
        await pilot.press("u")
        await pilot.pause()
        assert [row.status for row in session.rows] == ["pending"] * 6
        await pilot.press("A", "y")
        await pilot.pause()
        assert sum(row.status == "accepted" for row in session.rows) == 4


async def test_a_listing_that_cannot_be_written_is_not_accepted_by_a(tmp_path: Path) -> None:
    products = catalog()
    products[0] = products[0].model_copy(update={"variants": []})
    session = make_session(tmp_path, products)
    async with running(session) as (app, pilot):
        await pilot.press("a")
        await pilot.pause()
        assert session.rows[0].status == "pending"
        assert listings(app).current() == 0  # the cursor stays on it
        assert "cannot accept" in text_of(app, "#message")


async def test_escape_on_the_list_clears_the_search(tmp_path: Path) -> None:
    async with running(make_session(tmp_path)) as (app, pilot):
        await pilot.press("slash", "b", "o", "n", "e", "k", "a", "enter")
        await pilot.pause()
        assert listings(app).order == [2, 3]
        assert listings(app).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert len(listings(app).order) == 6
        assert text_of(app, "#message") == "search cleared"
        assert '"boneka"' not in text_of(app, "#bar")


LONG = "Perlengkapan Rumah/Dekorasi Rumah/Hiasan Dinding & Lukisan/Stiker Dinding Kamar"
STICKERS = (
    product("3001", "Stiker Dinding Anak", "10000", f"{LONG} Anak", 20),
    product("3002", "Stiker Dinding Tidur", "10000", f"{LONG} Tidur", 21),
)


async def test_mappings_after_switching_tab_arrows_and_e_work_on_the_list_shown(
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("m", "tab", "right")  # to the tab bar, then the Attributes tab
        await pilot.pause()
        await pilot.press("tab")  # focus back on the tab bar: arrows still move the list shown
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        attributes = app.screen.query_one("#table-attribute")
        assert app.focused is attributes and attributes.cursor_row == 1
        assert app.screen.query_one("#table-category").cursor_row == 0
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        assert text_of(app, "#dialog-title").startswith("Attribute: Bahan")


async def test_mappings_show_long_source_paths_whole(tmp_path: Path) -> None:
    session = make_session(tmp_path, [*catalog(), *STICKERS])
    async with running(session) as (app, pilot):
        await pilot.press("m")
        await pilot.pause()
        screen = app.export_screenshot()
        assert "Anak" in screen and "Tidur" in screen


LONG_TITLE = (
    "Kaos Polos Wanita Katun Combed 30s Premium Lengan Pendek Oversize Tebal Adem "
    "Tidak Menerawang Jahitan Rapi Ujung Judul"
)


async def test_enter_at_80x24_shows_the_whole_listing_wrapped(tmp_path: Path) -> None:
    products = catalog()
    products[0] = products[0].model_copy(update={"title": LONG_TITLE})
    session = make_session(tmp_path, products)
    async with running(session) as (app, pilot):
        listing = session.rows[0].listing
        assert listing is not None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListingScreen)
        shown = " ".join(app.screen.query_one("#full-text", Static).render().plain.split())  # type: ignore[attr-defined]
        assert listing.title in shown
        for tier in listing.tiers:
            assert f"{tier.min_quantity}+ {tier.price.amount}" in shown
        for name, value in listing.specifications.items():
            assert f"{name}: {value}" in shown
        for row in listing.lead_times:
            assert f"up to {row.max_quantity}: {row.days} days" in shown
        assert "SKUs 1" in shown  # the list keeps listings without their SKUs; this one has it
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ListingScreen)
        await pilot.press("enter", "enter")  # Enter opens it and Enter closes it
        await pilot.pause()
        assert not isinstance(app.screen, ListingScreen)


async def test_a_status_too_long_for_the_line_is_also_a_notification(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("m", "e")
        typed = "Toys & Hobbies > Dolls > Stuffed Toys"
        await pilot.press("ctrl+u", *[("space" if char == " " else char) for char in typed])
        await pilot.press("enter")
        await pilot.pause()
        said = (
            "category Mainan & Hobi/Boneka/Boneka Kain -> Toys & Hobbies > Dolls > Stuffed Toys: "
            "2 listings, saved to shop.profile.toml"
        )
        assert [notice.message for notice in app._notifications] == [said]


async def test_the_list_title_ends_in_an_ellipsis_when_cut(tmp_path: Path) -> None:
    products = catalog()
    products[0] = products[0].model_copy(update={"title": LONG_TITLE})
    async with running(make_session(tmp_path, products)) as (app, _):
        assert "Premium Lengan…" in app.export_screenshot().replace("&#160;", " ")


async def test_a_notice_from_opening_is_a_notification(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.notices.append("--profile a.toml is used, not shop.profile.toml")
    async with running(session) as (app, _):
        notes = [notice.message for notice in app._notifications]
        assert notes == ["--profile a.toml is used, not shop.profile.toml"]


async def test_while_a_asks_only_its_answers_act_and_w_takes_the_held_too(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("A")
        await pilot.pause()
        assert app.screen.has_class("asking")
        await pilot.press("a", "r", "j", "q", "slash", "x")  # none of them acts meanwhile
        await pilot.pause()
        assert app.is_running and listings(app).cursor_row == 0
        assert [row.status for row in session.rows] == ["pending"] * 6
        assert app.screen.has_class("asking")
        await pilot.press("w")
        await pilot.pause()
        assert not app.screen.has_class("asking")
        assert [row.status for row in session.rows] == ["accepted"] * 6
        assert text_of(app, "#message") == "accepted 6 listings"
        await pilot.press("u", "a")  # the keys act again once it is answered
        await pilot.pause()
        assert [row.status for row in session.rows] == ["accepted"] + ["pending"] * 5


async def test_mappings_arrows_across_change_list_from_the_list_and_e_edits_the_one_shown(
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("m", "right", "e")  # no Tab: from the categories list itself
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        assert text_of(app, "#dialog-title").startswith("Attribute: ")
        await pilot.press("escape", "left", "left", "e")  # round to the units
        await pilot.pause()
        assert text_of(app, "#dialog-title").startswith("Unit: ")


async def test_mappings_tab_and_arrows_typed_fast_never_flip_the_tabs(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    async with running(session) as (app, pilot):
        await pilot.press("m", "tab", "right", "tab", "e")
        for _ in range(5):
            await pilot.pause(0.05)
        assert isinstance(app.screen, EditScreen)
        shown = app.screen_stack[-2].query_one(TabbedContent).active
        kind = text_of(app, "#dialog-title").split(":")[0].lower()
        assert shown == f"tab-{kind}"


async def test_when_none_is_ready_a_says_so_and_only_w_accepts(tmp_path: Path) -> None:
    products = [item for item in catalog() if item.category == TOYS]  # a category not mapped
    session = make_session(tmp_path, products)
    async with running(session) as (app, pilot):
        await pilot.press("A")
        await pilot.pause()
        assert text_of(app, "#question") == (
            "No listing is ready to accept: the 2 listings pending have an unmapped category or "
            "an error.\nw: accept them anyway   n / Escape: cancel   u afterwards: undo"
        )
        await pilot.press("y", "enter")  # not answers here
        await pilot.pause()
        assert app.screen.has_class("asking")
        assert [row.status for row in session.rows] == ["pending", "pending"]
        await pilot.press("w")
        await pilot.pause()
        assert [row.status for row in session.rows] == ["accepted", "accepted"]
