"""A decisions file no review session could have written is refused before it is read whole."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from catalog_migrate.decisions import MAX_FILE_MB, load_decisions
from catalog_migrate.errors import UserError


def test_a_huge_decisions_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "export.decisions.json"
    with path.open("wb") as handle:
        handle.truncate((MAX_FILE_MB + 1) * 1024 * 1024)  # sparse: takes no disk, reads as NULs
    started = time.perf_counter()
    with pytest.raises(UserError) as caught:
        load_decisions(path, "alibaba")
    assert time.perf_counter() - started < 1
    assert str(caught.value) == (
        "decisions file export.decisions.json is 101 MB, more than the 100 MB a decisions file "
        "may hold: give another file with --decisions"
    )


def test_a_fifo_as_decisions_file_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "decisions.json"
    os.mkfifo(path)  # reading it would wait for a writer forever
    with pytest.raises(UserError) as caught:
        load_decisions(path, "alibaba")
    assert str(caught.value) == f"decisions file {path} is not a regular file"
