"""The output workbook and its report are one pair: a run replaces both or neither.

The failures are injected between the two renames of the commit (the one place where a pair could
be split), in a real run in a subprocess; a signal landing there is real too.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.errors import UserError
from catalog_migrate.spreadsheet import atomic
from catalog_migrate.spreadsheet.atomic import atomic_outputs
from tests.tiktok_builder import write_tiktok_xlsx

OUTPUT = "export.alibaba.xlsx"
REPORT = "export.alibaba.report.xlsx"


def rows(products: int) -> list[dict[str, object]]:
    return [
        {
            "product_id": f"1729384756{product:09d}",
            "sku_id": f"1729384757{product:09d}",
            "category": "Pakaian Wanita/Atasan/Kaos",
            "product_name": f"Kaos Polos Wanita Oversize Katun Combed {product}",
            "product_description": "<p>Bahan: Katun Combed 30s</p>",
            "main_image": f"https://example.com/kaos-{product}.jpg",
            "price": "Rp 89.000",
            "quantity": 10,
            "seller_sku": f"KP-{product}",
            "parcel_weight": 220,
        }
        for product in range(products)
    ]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An export beside the output and report of an earlier run made from other rows."""
    write_tiktok_xlsx(tmp_path / "export.xlsx", rows(2))
    export = tmp_path / "export.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR"])
    assert result.exit_code == 0, result.stderr
    write_tiktok_xlsx(tmp_path / "export.xlsx", rows(3))
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def hidden(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def run_with_second_rename(folder: Path, action: str) -> subprocess.CompletedProcess[str]:
    """`convert` with `action` run just before the second rename of the commit (in the writer)."""
    script = (
        "import errno, os, signal, time\n"
        "from catalog_migrate.spreadsheet import atomic\n"
        "real, calls = atomic._replace, []\n"
        "def replace(temp, path):\n"
        "    calls.append(path)\n"
        "    if len(calls) == 2:\n"
        f"        {action}\n"
        "    real(temp, path)\n"
        "atomic._replace = replace\n"
        "from catalog_migrate.cli import main\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, "convert", "export.xlsx", "--currency", "IDR"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


def test_a_failure_between_the_renames_keeps_the_previous_pair(folder: Path) -> None:
    before = snapshot(folder)
    done = run_with_second_rename(
        folder, "raise OSError(errno.ENOSPC, 'No space left on device', str(temp))"
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"Error: cannot write {REPORT}: the disk holding {folder} is full\n"
    assert snapshot(folder) == before
    assert hidden(folder) == []


def test_a_signal_between_the_renames_waits_until_the_pair_is_in_place(folder: Path) -> None:
    before = snapshot(folder)
    # SIGTERM to the run, and to the writer itself, exactly between the two renames.
    done = run_with_second_rename(
        folder,
        "os.kill(os.getppid(), signal.SIGTERM); os.kill(os.getpid(), signal.SIGTERM); "
        "time.sleep(0.3)",
    )
    assert done.returncode == 0, done.stderr
    after = snapshot(folder)
    assert after[OUTPUT] != before[OUTPUT]
    assert after[REPORT] != before[REPORT]
    assert hidden(folder) == []
    # The same bytes as an undisturbed run: both files are the new pair, complete.
    rerun = run_with_second_rename(folder, "pass")
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(folder) == after


# --- the commit itself -----------------------------------------------------------------------


def failing_second_rename(monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> list[Path]:
    real, calls = atomic._replace, []

    def replace(temp: Path, path: Path) -> None:
        calls.append(path)
        if len(calls) == 2:
            if isinstance(failure, OSError):  # as os.replace raises it: naming the files
                raise OSError(failure.errno, failure.strerror, str(temp), None, str(path))
            raise failure
        real(temp, path)

    monkeypatch.setattr(atomic, "_replace", replace)
    return calls


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.EACCES, "Permission denied"), KeyboardInterrupt(), SystemExit(143)],
    ids=["OSError", "KeyboardInterrupt", "SIGTERM"],
)
def test_a_failed_second_rename_puts_the_first_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    failing_second_rename(monkeypatch, failure)
    expected = UserError if isinstance(failure, OSError) else type(failure)
    with pytest.raises(expected), atomic_outputs(first, second) as staged:
        for temp in staged.temps:
            temp.write_bytes(b"new")
    assert (first.read_bytes(), second.read_bytes()) == (b"old a", b"old b")
    assert sorted(os.listdir(tmp_path)) == ["a.xlsx", "b.xlsx"]


def test_a_first_file_that_did_not_exist_is_removed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    failing_second_rename(monkeypatch, OSError(errno.EIO, "Input/output error"))
    error = pytest.raises(UserError, match=r"b\.xlsx: Input/output error")
    with error, atomic_outputs(first, second) as staged:
        for temp in staged.temps:
            temp.write_bytes(b"new")
    assert os.listdir(tmp_path) == []


def test_a_pair_is_committed_together(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(b"old a")
    with atomic_outputs(first, second) as staged:
        for temp, text in zip(staged.temps, (b"new a", b"new b"), strict=True):
            temp.write_bytes(text)
    assert (first.read_bytes(), second.read_bytes()) == (b"new a", b"new b")
    assert sorted(os.listdir(tmp_path)) == ["a.xlsx", "b.xlsx"]


# --- leftovers of killed runs ----------------------------------------------------------------


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_the_next_run_removes_what_a_killed_run_left(folder: Path) -> None:
    dead, alive = dead_pid(), os.getpid()
    left = [
        f".export.alibaba.{dead}.ab12cd34.tmp.xlsx",
        f"..export.alibaba.{dead}.ab12cd34.tmp.{dead}.ef56gh78.tmp.xlsx",  # a nested one
        f".export.alibaba.report.{dead}.0a1b2c3d.old.xlsx",  # a commit's backup
        f"..export.alibaba.report.{dead}.zz12zz34.tmp.{dead}.yy56yy78.tmp.xlsx",
    ]
    kept = [f".export.alibaba.{alive}.ab12cd34.tmp.xlsx"]  # a run still writing
    for name in left + kept:
        (folder / name).write_bytes(b"half a workbook")
    scratch = Path(tempfile.gettempdir()) / f"catalog-migrate-{dead}-x1y2z3"
    scratch.mkdir()
    (scratch / "tmp1234").write_bytes(b"rows of a killed run")
    result = CliRunner().invoke(cli, ["convert", str(folder / "export.xlsx"), "--currency", "IDR"])
    assert result.exit_code == 0, result.stderr
    assert hidden(folder) == kept
    assert not scratch.exists()


def test_a_backup_that_cannot_be_put_back_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(b"old a")
    real_replace, calls = os.replace, []

    def replace(temp: Path, path: Path) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error", str(temp))
        real_replace(temp, path)

    def broken(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic, "_replace", replace)
    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(UserError), atomic_outputs(first, second) as staged:
        for temp in staged.temps:
            temp.write_bytes(b"new")
    (backup,) = [path for path in tmp_path.iterdir() if path.name.endswith(".old.xlsx")]
    assert backup.read_bytes() == b"old a"  # the previous file is not lost
