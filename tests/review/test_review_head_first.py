"""On a terminal the first listings come from the export's first rows, at once; the whole export,
checked and read behind them as `convert` reads it, is the truth."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog_migrate import pipeline
from catalog_migrate.errors import UserError
from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.command import open_session
from catalog_migrate.review.head_first import (
    ReadingRest,
    RestRead,
    StillReading,
    WholeExportRefused,
    head_then_whole,
)
from catalog_migrate.review.main_screen import ReviewScreen
from catalog_migrate.spreadsheet.sheet_head import HEAD_ROWS
from tests.review.catalog import make_session, product
from tests.review.shop_export import COLOURS, limited_profile, shop_rows, sku_row
from tests.tiktok_builder import write_tiktok_xlsx

HEADER_ROWS = 5  # the Seller Center layout: SKU rows start at row 6
OPTIONS = pipeline.ConvertOptions(currency="IDR", dry_run=True, no_translate=True)
# The head holds HEAD_ROWS rows: whole products of 4 SKU rows, then part of the next, left out.
HEAD_PRODUCTS = (HEAD_ROWS - HEADER_ROWS) // 4


def test_the_head_s_listings_come_first_and_the_whole_export_gives_the_same(
    tmp_path: Path,
) -> None:
    export = write_tiktok_xlsx(tmp_path / "shop.xlsx", shop_rows(300))
    session = open_session(export, OPTIONS, announce=False, head_first=True)
    seen: list[tuple[int, int | None, bool]] = []

    def progress(done: int, total: int | None) -> None:
        seen.append((done, total, session.reading_rest_since is not None))

    session.map_all(progress, every=100)
    # Every listing of the head is offered before the rest of the export is checked and read.
    head = [(1, None, False), (100, None, False), (200, None, False), (HEAD_PRODUCTS, None, True)]
    assert seen[:4] == head
    assert seen[-1] == (300, 300, False)
    whole = open_session(export, OPTIONS, announce=False)
    whole.map_all()
    assert session.products.keys == whole.products.keys
    assert [row.listing for row in session.rows] == [row.listing for row in whole.rows]
    assert session.take_revised() == set()
    assert session.sheet_rows == HEADER_ROWS + 300 * 4


def test_a_product_whose_rows_come_back_after_the_head_is_mapped_again_whole(
    tmp_path: Path,
) -> None:
    rows = shop_rows(300)
    rows.append(sku_row(2, 4))  # the seller added a fifth colour to product 2 at the end
    export = write_tiktok_xlsx(tmp_path / "shop.xlsx", rows)
    session = open_session(export, OPTIONS, announce=False, head_first=True)
    shown: list[int] = []

    def progress(done: int, total: int | None) -> None:
        if session.reading_rest_since is not None:
            shown.append(len(session.products[1].variants))

    session.map_all(progress, every=100)
    assert shown == [4]  # the head's product 2, before the rest was read
    assert session.take_revised() == {1}
    assert [variant.options["Warna"] for variant in session.products[1].variants] == list(COLOURS)
    assert session.index_of(session.products.keys[1]) == 1
    whole = open_session(export, OPTIONS, announce=False)
    whole.map_all()
    assert [row.listing for row in session.rows] == [row.listing for row in whole.rows]
    assert session.full_row(1) == whole.full_row(1)


def test_an_export_refused_as_a_whole_after_its_head_ends_the_app_with_convert_s_line(
    tmp_path: Path,
) -> None:
    export = write_tiktok_xlsx(tmp_path / "shop.xlsx", shop_rows(300))
    options = pipeline.ConvertOptions(
        currency="IDR",
        dry_run=True,
        no_translate=True,
        profile=str(limited_profile(tmp_path, HEAD_ROWS + 100)),
    )
    with pytest.raises(UserError) as convert_says:
        pipeline.plan(export, options)

    async def run() -> ReviewApp:
        app = ReviewApp(opener=lambda: open_session(export, options, head_first=True))
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(200):
                await pilot.pause(0.05)
                if not app.is_running:
                    break
        return app

    app = asyncio.run(run())
    assert app.return_code == 2
    assert app.failure is not None and str(app.failure) == str(convert_says.value)
    assert "rows" in str(app.failure)  # the row limit, which the head alone passes


def test_the_reading_line_counts_the_seconds_while_the_rest_is_read(tmp_path: Path) -> None:
    export = write_tiktok_xlsx(tmp_path / "shop.xlsx", shop_rows(300))
    lines: list[str] = []

    async def run() -> None:
        app = ReviewApp(opener=lambda: open_session(export, OPTIONS, head_first=True))
        async with app.run_test(size=(120, 24)) as pilot:
            for _ in range(400):
                await pilot.pause(0.02)
                screen = app.screen
                if isinstance(screen, ReviewScreen):
                    lines.append(str(screen.query_one("#message").render()))
                    if screen.ready:
                        break

    asyncio.run(run())
    assert any(
        line.startswith(
            f"{HEAD_PRODUCTS} listings shown; checking and reading the rest of shop.xlsx"
        )
        for line in lines
    )
    assert "300 listings mapped" in lines[-1]


def test_an_export_with_fewer_products_than_its_head_showed_says_it_changed() -> None:
    head = [
        product("1001", "Kaos", "49000", "Pakaian", 6),
        product("1002", "Dress", "99000", "Dress", 7),
    ]

    def whole() -> tuple[int, Iterator[RetailProduct | Issue]]:
        return 7, iter(head[:1])  # the file was saved again, shorter, while it was read

    items = (item for item in head_then_whole(head, whole) if not isinstance(item, StillReading))
    assert list(itertools.islice(items, 4)) == [*head, ReadingRest(), RestRead(7)]
    with pytest.raises(UserError) as refused:
        next(items)
    assert str(refused.value) == (
        "the export changed while it was read: it holds 1 products, fewer than the 2 shown "
        "first; open the review again"
    )


def test_a_refusal_of_the_whole_export_is_carried_to_the_app() -> None:
    head = [product("1001", "Kaos", "49000", "Pakaian", 6)]
    refusal = UserError("shop.xlsx spans 1,205 rows, more than the 1,100 row limit")

    def whole() -> tuple[int, Iterator[RetailProduct | Issue]]:
        raise refusal

    items = (item for item in head_then_whole(head, whole) if not isinstance(item, StillReading))
    assert list(itertools.islice(items, 2)) == [*head, ReadingRest()]
    with pytest.raises(WholeExportRefused) as refused:
        next(items)
    assert refused.value.refusal is refusal


def test_while_the_rest_is_read_the_mapping_may_stop(tmp_path: Path) -> None:
    """The seller quits while the whole export is read: the mapping loop stops at once, it does
    not wait seconds for the read (which goes on in a daemon thread and ends with the process)."""
    head = [product("1001", "Kaos", "49000", "Pakaian", 6)]
    release = threading.Event()

    def whole() -> tuple[int, Iterator[RetailProduct | Issue]]:
        release.wait(10)
        return 7, iter(head)

    session = make_session(tmp_path, head_then_whole(head, whole))
    quit_at: list[float] = []

    def stop() -> bool:
        if session.reading_rest_since is not None and not quit_at:
            quit_at.append(time.monotonic())
        return bool(quit_at)

    session.map_all(stop=stop)
    waited = time.monotonic() - quit_at[0]
    release.set()
    assert len(session.rows) == 1 and not session.complete
    assert waited < 1.0
