"""A run killed half way leaves the previous output and report as they were, and no temp file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from tests.tiktok_builder import write_tiktok_xlsx

# A child started from a shell without job control inherits SIGINT ignored, and Python then keeps
# it ignored; installing the default handler makes the child react to Ctrl-C as in a terminal.
CLI = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from catalog_migrate.cli import main; main()"
)
PRODUCTS = 2_500  # 10,000 SKU rows: several seconds of work, so the signal lands mid-run


def rows(products: int) -> list[dict[str, object]]:
    return [
        {
            "product_id": f"1729384756{product:09d}",
            "sku_id": f"1729384757{product:07d}{sku:02d}",
            "category": "Pakaian Wanita/Atasan/Kaos",
            "product_name": f"Kaos Polos Wanita Oversize Katun Combed {product}",
            "product_description": "<p>Bahan: Katun Combed 30s</p><p>Cuci dengan air dingin.</p>",
            "main_image": f"https://example.com/kaos-{product}.jpg",
            "property_name_1": "Warna",
            "property_value_1": ("Hitam", "Putih", "Sage", "Navy")[sku],
            "price": "Rp 89.000",
            "quantity": 10,
            "seller_sku": f"KP-{product}-{sku}",
            "parcel_weight": 220,
        }
        for product in range(products)
        for sku in range(4)
    ]


@pytest.fixture(scope="module")
def large_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiktok_xlsx(tmp_path_factory.mktemp("large") / "export.xlsx", rows(PRODUCTS))


@pytest.fixture
def folder(large_export: Path, tmp_path: Path) -> Path:
    """The large export beside the output and report of an earlier run."""
    shutil.copy(large_export, tmp_path / "export.xlsx")
    earlier = write_tiktok_xlsx(tmp_path / "earlier.xlsx", rows(2))
    result = CliRunner().invoke(
        cli,
        [
            "convert",
            str(earlier),
            "--currency",
            "IDR",
            "-o",
            str(tmp_path / "export.alibaba.xlsx"),
            "--report",
            str(tmp_path / "export.alibaba.report.xlsx"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    earlier.unlink()
    return tmp_path


def temp_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".*.tmp*"))


def child_processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(text) for text in children.read_text().split()] if children.exists() else []


def still_running(pids: list[int], wait: float = 5) -> list[int]:
    deadline = time.monotonic() + wait
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
        time.sleep(0.05)
    return alive


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except OSError:
        return False


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _start_convert(folder: Path) -> subprocess.Popen[str]:
    """A conversion in a child process, returned once it has started writing its files."""
    child = subprocess.Popen(
        [sys.executable, "-c", CLI, "convert", "export.xlsx", "--currency", "IDR"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not temp_files(folder) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return child


@pytest.mark.parametrize(
    ("signum", "exit_code", "stderr"),
    [
        (signal.SIGTERM, 128 + signal.SIGTERM, "Error: terminated; nothing was written\n"),
        (signal.SIGINT, 130, "Error: interrupted; nothing was written\n"),
        (signal.SIGHUP, 129, "Error: hung up (SIGHUP); nothing was written\n"),
    ],
    ids=["SIGTERM", "SIGINT", "SIGHUP"],
)
def test_a_killed_run_keeps_the_previous_files(
    folder: Path, signum: int, exit_code: int, stderr: str
) -> None:
    before = snapshot(folder)
    child = _start_convert(folder)
    try:
        time.sleep(0.5)  # into the rows, well before the end
        assert child.poll() is None, "the run ended before it could be interrupted"
        assert temp_files(folder)
        helpers = child_processes(child.pid)
        assert helpers, "the run writes in a second process"
        child.send_signal(signum)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == exit_code
    assert "Traceback" not in err
    assert err == stderr
    assert snapshot(folder) == before
    assert temp_files(folder) == []
    assert not still_running(helpers), "the writing process outlived the run"


def test_a_killed_writer_process_is_a_clear_error_and_keeps_the_previous_files(
    folder: Path,
) -> None:
    before = snapshot(folder)
    child = _start_convert(folder)
    try:
        time.sleep(0.3)
        (writer,) = child_processes(child.pid)
        os.kill(writer, signal.SIGKILL)  # what the out-of-memory killer does
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 2
    assert err == (
        "Error: the writer process was killed (SIGKILL); nothing was written and the previous "
        "output and report are untouched\n"
    )
    assert snapshot(folder) == before
    assert temp_files(folder) == []
    # The writer's scratch folder (rows already written) went with it.
    assert not list(Path(tempfile.gettempdir()).glob(f"catalog-migrate-{writer}-*"))
