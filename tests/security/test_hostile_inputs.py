"""Hostile and broken inputs through `catalog-migrate convert`: exit 2, one line, nothing written.

The zip bombs run in a child process, so its peak memory and time are its own and measurable.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalog_migrate.cli import cli
from tests.security.hostile_files import SHEET, encrypted_workbook, entity_bomb, sheet_bomb
from tests.spreadsheet.sheet_files import (
    appended,
    biff_number,
    biff_workbook,
    legacy_xls,
    minimal_xlsx,
    ods_empty_cells,
    ods_file,
    ods_row,
    ods_text,
    ods_tiktok_rows,
    with_sheet_xml,
)
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ID_EXPORT = SAMPLES / "tiktok_id_fashion.xlsx"
MIB = 1024 * 1024
CLI = "from catalog_migrate.cli import main; main()"


def convert(path: Path, *extra: str | Path) -> Result:
    return CliRunner().invoke(cli, ["convert", str(path), "--currency", "IDR", *map(str, extra)])


def assert_refused(result: Result, folder: Path, message: str) -> None:
    """Exit 2, exactly one line naming the file, no traceback, and no file left but the input."""
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""
    assert len(list(folder.iterdir())) == 1


def limited_profile(folder: Path, **limits: int) -> Path:
    """A copy of the default profile (via `profile init`) with some read limits lowered."""
    folder.mkdir()
    path = folder / "limits.toml"
    CliRunner().invoke(cli, ["profile", "init", str(path)], catch_exceptions=False)
    text = path.read_text(encoding="utf-8")
    defaults = {"max_rows": 400000, "max_cell_chars": 32767}
    for key, value in limits.items():
        text = text.replace(f"{key} = {defaults[key]}\n", f"{key} = {value}\n")
    path.write_text(text, encoding="utf-8")
    return path


# --- files refused in process ---------------------------------------------------------------------


def truncated(folder: Path) -> Path:
    data = ID_EXPORT.read_bytes()
    path = folder / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def pdf(folder: Path) -> Path:
    path = folder / "scan.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


def empty(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def html_as_xls(folder: Path) -> Path:
    # A page with no table of <th> headers (a login page saved by the browser): an HTML table
    # export is read by the Dianxiaomi source instead.
    path = folder / "erp.xls"
    path.write_text(
        '<html><head><meta charset="UTF-8"></head><body><form><p>登录</p></form>'
        "<table><tr><td>Kaos Polos</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def cp1252_csv(folder: Path) -> Path:
    rows: list[dict[str, object]] = [
        {"product_name": "Café crème brûlée mug", "price": "RM12.90", "seller_sku": "MUG-1"}
    ]
    return write_tiktok_csv(folder / "latin.csv", rows, encoding="cp1252")


def long_cell_csv(folder: Path) -> Path:
    rows: list[dict[str, object]] = [
        {"product_name": "Mug", "product_description": "x" * 40_000, "price": "RM12.90"}
    ]
    return write_tiktok_csv(folder / "long.csv", rows)


REFUSED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "entity bomb": (
        lambda folder: entity_bomb(ID_EXPORT, folder / "laughs.xlsx"),
        "laughs.xlsx is refused: xl/worksheets/sheet2.xml declares a DTD or XML entities "
        "(a possible entity bomb); open the file in Excel and save it again",
    ),
    "truncated workbook": (
        truncated,
        "cut.xlsx is damaged: it is not a complete zip archive (an interrupted download?); "
        "download the export again",
    ),
    "encrypted workbook": (
        lambda folder: encrypted_workbook(folder / "locked.xlsx"),
        "locked.xlsx is password-protected: open it in Excel, remove the password "
        "(File > Info > Protect Workbook) and save it as .xlsx",
    ),
    "PDF renamed .xlsx": (
        pdf,
        "scan.xlsx is a PDF document, not a spreadsheet: download the product export from "
        "TikTok Shop Seller Center as .xlsx",
    ),
    "empty file": (
        empty,
        "empty.xlsx is empty (0 bytes): export the products again from TikTok Shop Seller Center",
    ),
    "HTML saved as .xls": (
        html_as_xls,
        "erp.xls is an HTML page saved with a spreadsheet name (as ERPs such as Dianxiaomi "
        "export): open it in Excel and save it as .xlsx",
    ),
    "CSV in an unknown encoding": (
        cp1252_csv,
        "latin.csv is not valid UTF-8 (byte 0xe9): pass --encoding with the file's encoding, "
        "e.g. --encoding cp1252 or --encoding gbk",
    ),
    "over-long CSV cell": (
        long_cell_csv,
        "long.csv has a cell at line 6 longer than the 32,767 character limit: shorten it, or "
        "raise limits.max_cell_chars in the profile",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_hostile_file_is_refused_in_one_line(case: str, tmp_path: Path) -> None:
    build, message = REFUSED[case]
    folder = tmp_path / "in"
    folder.mkdir()
    path = build(folder)
    started = time.perf_counter()
    result = convert(path)
    assert time.perf_counter() - started < 5
    assert_refused(result, folder, message)


def test_too_many_rows_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    profile = limited_profile(tmp_path / "profile", max_rows=30)
    folder = tmp_path / "in"
    folder.mkdir()
    path = Path(shutil.copy(ID_EXPORT, folder / "export.xlsx"))
    result = convert(path, "--profile", profile)
    assert_refused(
        result,
        folder,
        "export.xlsx (sheet Template) has 190 rows, more than the 30 row limit: split the export, "
        "or raise limits.max_rows in the profile",
    )


def test_too_many_csv_rows_is_refused(tmp_path: Path) -> None:
    profile = limited_profile(tmp_path / "profile", max_rows=10)
    folder = tmp_path / "in"
    folder.mkdir()
    path = Path(shutil.copy(SAMPLES / "tiktok_my_home.csv", folder / "home.csv"))  # 68 rows
    result = convert(path, "--currency", "MYR", "--profile", profile)
    assert_refused(
        result,
        folder,
        "home.csv has more rows than the 10 row limit: split the export, or raise "
        "limits.max_rows in the profile",
    )


def test_an_over_long_workbook_cell_is_refused(tmp_path: Path) -> None:
    profile = limited_profile(tmp_path / "profile", max_cell_chars=500)
    folder = tmp_path / "in"
    folder.mkdir()
    rows: list[dict[str, object]] = [
        {"product_name": "Kaos", "product_description": "y" * 501, "price": "Rp 89.000"}
    ]
    path = write_tiktok_xlsx(folder / "long.xlsx", rows)
    result = convert(path, "--profile", profile)
    assert_refused(
        result,
        folder,
        "long.xlsx has a cell of 501 characters at Template!B6 longer than the 500 character "
        "limit: shorten it, or raise limits.max_cell_chars in the profile",
    )


# --- zip bombs, in a child process ----------------------------------------------------------------


# Starts the command and prints its peak RSS. A child forked from the test process itself would
# report the test process's memory too: Linux keeps the high-water mark across exec.
MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def run_measured(args: list[str], folder: Path) -> tuple[int, str, float, int]:
    """Run the CLI in a child: (exit code, stderr, seconds, peak RSS of the child in bytes)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    peak = int(done.stdout) * (1 if sys.platform == "darwin" else 1024)
    return done.returncode, done.stderr, elapsed, peak


def bomb_facts(path: Path) -> tuple[int, int]:
    """(declared MB of the whole archive, declared ratio of the sheet), as the headers say."""
    with zipfile.ZipFile(path) as archive:
        total = sum(info.file_size for info in archive.infolist())
        sheet = archive.getinfo(SHEET)
    return round(total / MIB), sheet.file_size // sheet.compress_size


@pytest.mark.parametrize("kind", ["ratio", "size", "lying"])
def test_a_zip_bomb_is_refused_fast_in_little_memory(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # Inflated, the sheet holds 200 MiB or 2 GiB of rows; the lying one declares its own 34 KB.
    mib = 200 if kind == "ratio" else 2048
    bomb = sheet_bomb(ID_EXPORT, folder / "bomb.xlsx", mib, lie=kind == "lying")
    total_mb, ratio = bomb_facts(bomb)
    expected = {
        "ratio": f"bomb.xlsx is refused as a possible zip bomb: {SHEET} expands {ratio}:1 (limit "
        "100:1); if the file is genuine, raise limits.max_compression_ratio in the profile",
        "size": f"bomb.xlsx would expand to {total_mb:,} MB, more than the 1,024 MB limit: split "
        "the export into smaller files, or raise limits.max_uncompressed_mb in the profile",
        "lying": f"bomb.xlsx is refused as a possible zip bomb: {SHEET} expands to more than the "
        "140,203 bytes its zip header declares; open the file in Excel and save it again",
    }[kind]
    code, stderr, elapsed, peak = run_measured(["convert", bomb.name, "--currency", "IDR"], folder)
    assert (code, stderr) == (2, f"Error: {expected}\n")
    assert elapsed < 10
    assert peak < 200 * MIB
    assert [entry.name for entry in folder.iterdir()] == ["bomb.xlsx"]


# --- sheets whose grid or shared text would fill memory, in a child process ---------------------


def far_cell(folder: Path) -> Path:
    # A few KB: one value at the last cell Excel has, under a <dimension> that says A1:C6.
    cells = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return with_sheet_xml(folder / "far.xlsx", appended(cells))


def wide_and_long(folder: Path) -> Path:
    # 300,000 rows x 200 columns: within the row and column limits, not within the cell limit.
    return with_sheet_xml(
        folder / "grid.xlsx", appended('<row r="300000"><c r="GR300000"><v>1</v></c></row>')
    )


def ods_repeated_rows(folder: Path) -> Path:
    # A row of 100 values repeated a million times: 100,000,000 cells from a few hundred bytes.
    row = ods_row(
        '<table:table-cell table:number-columns-repeated="100" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell>',
        repeated=1_000_000,
    )
    return ods_file(folder / "repeat.ods", {"Template": ods_tiktok_rows() + row})


def ods_value_after_empty_rows(folder: Path) -> Path:
    # Empty repeated rows are normal at the end of an .ods; one value after them is not.
    rows = ods_row(ods_empty_cells(50), repeated=1_000_000) + ods_row(
        ods_empty_cells(49), ods_text("z")
    )
    return ods_file(folder / "tail.ods", {"Template": ods_tiktok_rows() + rows})


def shared_text_copies(folder: Path) -> Path:
    # One 30,000-character shared string that 40,000 cells refer to: calamine copies it into each.
    cells = "".join(
        f'<row r="{row}"><c r="B{row}" t="s"><v>0</v></c></row>' for row in range(7, 40_007)
    )
    book = minimal_xlsx(folder / "copies.xlsx", cells, shared=("x" * 30_000, "b"))
    return book


def xls_far_cell(folder: Path) -> Path:
    records = biff_number(0, 0, 1.0) + biff_number(65535, 65535, 2.0)
    return legacy_xls(folder / "far.xls", biff_workbook(records))


GRIDS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "xls far cell": (
        xls_far_cell,
        "far.xls (sheet Template) has 65,536 columns, more than the 2,000 column limit: remove "
        "unused columns, or raise limits.max_columns in the profile",
    ),
    "far cell": (
        far_cell,
        "far.xlsx (sheet Template) has 1,048,576 rows, more than the 400,000 row limit: split the "
        "export, or raise limits.max_rows in the profile",
    ),
    "long and wide": (
        wide_and_long,
        "grid.xlsx (sheet Template) spans 300,000 rows x 200 columns (60,000,000 cells, to "
        "GR300000 and GR300000), more than the 40,000,000 cell limit: delete the unused rows and "
        "columns, or raise limits.max_cells in the profile",
    ),
    "ods repeated rows": (
        ods_repeated_rows,
        "repeat.ods (sheet Template) has 1,000,002 rows, more than the 400,000 row limit: split "
        "the export, or raise limits.max_rows in the profile",
    ),
    "ods value after empty rows": (
        ods_value_after_empty_rows,
        "tail.ods (sheet Template) has 1,000,003 rows, more than the 400,000 row limit: split the "
        "export, or raise limits.max_rows in the profile",
    ),
    "shared text copied into every cell": (
        shared_text_copies,
        "copies.xlsx (sheet Template) repeats its shared text into 1,145 MB, more than the 1,024 "
        "MB limit: split the export into smaller files, or raise limits.max_uncompressed_mb in "
        "the profile",
    ),
}


@pytest.mark.parametrize("case", list(GRIDS))
def test_a_grid_too_large_is_refused_before_it_is_built(case: str, tmp_path: Path) -> None:
    build, message = GRIDS[case]
    folder = tmp_path / "in"
    folder.mkdir()
    path = build(folder)
    assert path.stat().st_size < 2 * MIB
    code, stderr, elapsed, peak = run_measured(["convert", path.name, "--currency", "IDR"], folder)
    assert (code, stderr) == (2, f"Error: {message}\n")
    assert elapsed < 20
    assert peak < 300 * MIB
    assert [entry.name for entry in folder.iterdir()] == [path.name]


def test_a_csv_line_of_commas_is_refused_before_it_becomes_fields(tmp_path: Path) -> None:
    # 64 MB of commas on one line was 32 million fields before the column limit could be checked.
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "commas.csv"
    with path.open("wb") as handle:
        handle.write(b"product_name,price\n")
        handle.write(b"," * (64 * MIB) + b"\n")
    code, stderr, elapsed, peak = run_measured(["convert", path.name, "--currency", "IDR"], folder)
    assert (code, stderr) == (
        2,
        "Error: commas.csv has a line longer than 2,097,088 characters at line 2: check that it "
        "is a CSV export, or raise limits.max_cell_chars in the profile\n",
    )
    assert peak < 300 * MIB
    assert elapsed < 20


def test_an_html_table_with_too_many_rows_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    profile = limited_profile(tmp_path / "profile", max_rows=10)
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "dxm.xls"
    rows = "".join(f"<tr><td>{n}</td><td>Kaos</td><td>1</td></tr>" for n in range(11))
    path.write_text(
        f"<html><body><table><tr><th>ERP ID</th><th>商品名称</th><th>全球商品价格</th></tr>{rows}"
        "</table></body></html>",
        encoding="utf-8",
    )
    result = convert(path, "--profile", profile)
    assert_refused(
        result,
        folder,
        "dxm.xls has 12 rows, more than the 10 row limit: split the export, or raise "
        "limits.max_rows in the profile",
    )
