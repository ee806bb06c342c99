"""Done when a seller can open an export, reject one listing, change one MOQ, map one source
category for all its products, quit, reopen to find all three, and convert with them applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from textual.pilot import Pilot

from catalog_migrate import pipeline
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.command import open_session
from catalog_migrate.review.edit_screen import EditScreen
from catalog_migrate.review.mappings_screen import MappingsScreen
from tests.review.export import PRODUCTS, TOYS_TARGET, write_export

pytestmark = pytest.mark.anyio

KAOS, DRESS, KELINCI, BERUANG = (product[0] for product in PRODUCTS[:4])
OPTIONS = pipeline.ConvertOptions(currency="IDR", dry_run=True)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press("ctrl+u", *[("space" if char == " " else char) for char in text])


def listing_of(app: ReviewApp, key: str) -> Any:
    index = app.session.index_of(key)
    assert index is not None
    return app.session.rows[index]


def products_sheet(path: Path) -> dict[str, dict[str, Any]]:
    sheet = openpyxl.load_workbook(path, read_only=True)["Products"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    found = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    return {str(row["Source Product ID"]): row for row in found}


async def test_reject_change_moq_map_category_quit_reopen_and_convert(tmp_path: Path) -> None:
    export = write_export(tmp_path / "shop.xlsx")

    # Open, reject the dress, set the first listing's MOQ, map the toys' category, quit.
    app = ReviewApp(open_session(export, OPTIONS), map_in_thread=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "r")  # the dress
        await pilot.press("k", "k", "tab", "j", "j", "j", "j", "e")
        assert isinstance(app.screen, EditScreen)
        await type_text(pilot, "350")
        await pilot.press("enter", "shift+tab")
        await pilot.press("m")
        assert isinstance(app.screen, MappingsScreen)
        await pilot.press("e")  # unmapped first: the toys
        await type_text(pilot, TOYS_TARGET)
        await pilot.press("enter", "escape", "q")
        await pilot.pause()
    assert app.return_code == 0
    assert (tmp_path / "shop.profile.toml").is_file()

    # Reopen: all three are there, the mapping from the seller's profile beside the export.
    app = ReviewApp(open_session(export, OPTIONS), map_in_thread=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert listing_of(app, DRESS).status == "rejected"
        assert listing_of(app, KAOS).listing.moq == 350
        assert listing_of(app, KELINCI).listing.category == TOYS_TARGET
        assert listing_of(app, BERUANG).listing.category == TOYS_TARGET
        await pilot.press("q")

    # Convert with the decisions and the seller's profile.
    report = pipeline.convert(
        export,
        pipeline.ConvertOptions(
            currency="IDR",
            profile=str(tmp_path / "shop.profile.toml"),
            decisions=tmp_path / "shop.decisions.json",
        ),
    )
    assert report.products_skipped_by_review == 1
    assert report.products_read == (
        report.products_converted + report.products_rejected + report.products_skipped_by_review
    )
    rows = products_sheet(Path(report.output or ""))
    assert DRESS not in rows
    assert rows[KAOS]["Min. Order Quantity"] == 350
    assert rows[KAOS]["Quantity 1"] == 350
    assert rows[KELINCI]["Category"] == TOYS_TARGET
    assert rows[BERUANG]["Category"] == TOYS_TARGET
