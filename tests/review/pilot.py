"""The review app run under Pilot for a test: the session mapped at once, the screen drawn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot

from catalog_migrate.review.app import ReviewApp
from catalog_migrate.review.session import ReviewSession


@asynccontextmanager
async def running(
    session: ReviewSession, size: tuple[int, int] = (80, 24)
) -> AsyncIterator[tuple[ReviewApp, Pilot[None]]]:
    app = ReviewApp(session, map_in_thread=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot
