"""A change to thousands of listings (`A`, its undo) is saved by a thread behind the screen: the
file holds it once the save is done, quitting waits for it, and a failed save is said."""

from __future__ import annotations

import errno
import json
import threading
from pathlib import Path

import pytest

from catalog_migrate import decisions as decisions_module
from catalog_migrate.review import session as session_module
from catalog_migrate.review.deferred_save import DeferredSave
from tests.review.catalog import make_session
from tests.review.pilot import running

pytestmark = pytest.mark.anyio


def statuses(folder: Path) -> dict[str, str]:
    text = (folder / "shop.decisions.json").read_text(encoding="utf-8")
    return {key: entry["status"] for key, entry in json.loads(text)["products"].items()}


def test_asked_twice_while_saving_it_saves_again_once_and_flush_waits() -> None:
    started, release = threading.Event(), threading.Event()
    saves: list[int] = []

    def save() -> None:
        saves.append(len(saves))
        started.set()
        release.wait(5)

    later = DeferredSave(save)
    later.ask()
    assert started.wait(5)
    later.ask()  # while the first save runs: one more save, however often asked
    later.ask()
    release.set()
    assert later.flush() is None
    assert saves == [0, 1]


def test_a_failed_save_is_told_once() -> None:
    def full_disk() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    later = DeferredSave(full_disk)
    later.ask()
    failure = later.flush()
    assert isinstance(failure, OSError) and failure.errno == errno.ENOSPC
    assert later.flush() is None and later.take_failure() is None


def test_accepting_many_is_saved_behind_and_written_once_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "SAVE_BEHIND_FROM", 2)
    session = make_session(tmp_path)
    session.map_all()
    outcome = session.accept_all_ready()
    assert outcome.ok and outcome.warning == ""
    assert session.finish_saving() == ""
    assert statuses(tmp_path) == dict.fromkeys(("1001", "1002", "1005", "1006"), "accepted")
    session.undo()
    assert session.finish_saving() == ""
    assert statuses(tmp_path) == {}
    session.decide([1], "rejected", "rejected")  # one listing: saved at once, as before
    assert statuses(tmp_path) == {"1002": "rejected"}


def test_a_decision_made_while_a_large_change_is_saved_is_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "SAVE_BEHIND_FROM", 2)
    session = make_session(tmp_path)
    session.map_all()
    session.accept_all_ready()
    session.decide([2], "rejected", "rejected")
    assert session.finish_saving() == ""
    assert statuses(tmp_path) == {
        **dict.fromkeys(("1001", "1002", "1005", "1006"), "accepted"),
        "1003": "rejected",
    }


def disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_large_change_whose_save_fails_is_said_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "SAVE_BEHIND_FROM", 2)
    session = make_session(tmp_path)
    async with running(session, (100, 30)) as (app, pilot):
        monkeypatch.setattr(decisions_module, "write_text_atomically", disk_full)
        await pilot.press("A", "y")
        for _ in range(40):  # the failure is looked for twice a second
            await pilot.pause(0.05)
            if app._notifications:
                break
        said = [str(notice.message) for notice in app._notifications]
        assert said == [
            "could not save decisions: No space left on device; they are kept in memory"
        ]
        assert sum(row.status == "accepted" for row in session.rows) == 4
        monkeypatch.undo()
        await pilot.press("q")  # the next save writes everything kept
        await pilot.pause()
    assert statuses(tmp_path) == dict.fromkeys(("1001", "1002", "1005", "1006"), "accepted")


async def test_quitting_at_once_after_a_waits_for_its_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "SAVE_BEHIND_FROM", 2)
    writing = threading.Event()
    write = decisions_module.write_text_atomically

    def slow_write(path: Path, text: str) -> None:
        writing.set()
        threading.Event().wait(1.0)  # a slow disk
        write(path, text)

    monkeypatch.setattr(decisions_module, "write_text_atomically", slow_write)
    session = make_session(tmp_path)
    async with running(session, (100, 30)) as (app, pilot):
        # On the last listing `A` accepts: quitting has no new place to save.
        await pilot.press("j", "j", "j", "j", "j")
        await pilot.pause()
        writing.clear()
        await pilot.press("A", "y", "q")
        await pilot.pause()
        assert not app.is_running
    assert writing.is_set()
    assert statuses(tmp_path) == dict.fromkeys(("1001", "1002", "1005", "1006"), "accepted")
