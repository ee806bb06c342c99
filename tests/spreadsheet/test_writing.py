from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from catalog_migrate.errors import UserError
from catalog_migrate.spreadsheet import writing
from catalog_migrate.spreadsheet.writing import (
    CellKind,
    CellTooLong,
    Column,
    atomic_output,
    neutralise_formula,
    refuse_overwriting_input,
    safe_workbook,
    write_csv_rows,
)

FORMULA = "=cmd|' /C calc'!A0"


def leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name != keep)


# --- atomic_output -------------------------------------------------------------------------


def test_the_temporary_file_is_hidden_beside_the_output_with_its_suffix(tmp_path: Path) -> None:
    output = tmp_path / "out.xlsx"
    with atomic_output(output) as temp:
        assert temp.parent == tmp_path
        assert temp.name.startswith(".")
        assert temp.suffix == ".xlsx"
        temp.write_bytes(b"new")
    assert output.read_bytes() == b"new"
    assert leftovers(tmp_path, "out.xlsx") == []


@pytest.mark.parametrize("failure", [ValueError("boom"), KeyboardInterrupt()])
def test_a_failed_block_leaves_the_old_output_and_no_temp_file(
    tmp_path: Path, failure: BaseException
) -> None:
    output = tmp_path / "out.xlsx"
    output.write_bytes(b"old contents")
    with pytest.raises(type(failure)), atomic_output(output) as temp:
        temp.write_bytes(b"half written")
        raise failure
    assert output.read_bytes() == b"old contents"
    assert leftovers(tmp_path, "out.xlsx") == []


def test_a_failed_block_creates_no_output(tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), atomic_output(output) as temp:
        temp.write_text("partial")
        raise RuntimeError
    assert os.listdir(tmp_path) == []


def test_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"), atomic_output(tmp_path / "no" / "x.csv"):
        pass


def test_the_sigterm_handler_is_restored(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    with atomic_output(tmp_path / "out.csv") as temp:
        assert signal.getsignal(signal.SIGTERM) is not before
        temp.write_text("x")
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_existing_output_keeps_its_permissions(tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    output.write_text("old")
    output.chmod(0o640)
    with atomic_output(output) as temp:
        temp.write_text("new")
    assert output.stat().st_mode & 0o777 == 0o640


SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from catalog_migrate.spreadsheet.writing import CellKind, Column, atomic_output, safe_workbook

    with atomic_output(Path(sys.argv[1])) as temp, safe_workbook(temp) as book:
        sheet = book.add_sheet("Rows", [Column("Text"), Column("Count", CellKind.INTEGER)])
        for n in range(1000):
            sheet.append([f"row {n}", n])
        print("writing", flush=True)
        time.sleep(60)
    """
)


def test_sigterm_mid_write_leaves_the_old_output_and_no_temp_file(tmp_path: Path) -> None:
    output = tmp_path / "out.xlsx"
    output.write_bytes(b"old workbook")
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        assert len(leftovers(tmp_path, "out.xlsx")) == 1  # the temp file exists mid-write
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert output.read_bytes() == b"old workbook"
    assert leftovers(tmp_path, "out.xlsx") == []


# --- refuse_overwriting_input --------------------------------------------------------------


@pytest.fixture
def export(tmp_path: Path) -> Path:
    folder = tmp_path / "a"
    folder.mkdir()
    path = folder / "x.xlsx"
    path.write_bytes(b"the seller's export")
    return path


def test_the_same_path_is_refused(export: Path) -> None:
    with pytest.raises(UserError, match="refusing to write"):
        refuse_overwriting_input(export, [export])


def test_another_spelling_is_refused(export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(export.parent.parent)
    with pytest.raises(UserError):
        refuse_overwriting_input(Path("./a/../a/x.xlsx"), [export])


def test_a_symlink_is_refused(export: Path) -> None:
    link = export.parent / "link.xlsx"
    link.symlink_to(export)
    with pytest.raises(UserError):
        refuse_overwriting_input(link, [export])


def test_a_hard_link_is_refused(export: Path) -> None:
    link = export.parent / "hard.xlsx"
    os.link(export, link)
    with pytest.raises(UserError):
        refuse_overwriting_input(link, [export])


def test_a_different_file_is_allowed(export: Path) -> None:
    other = export.parent / "other.xlsx"
    other.write_bytes(b"something else")
    refuse_overwriting_input(other, [export])
    refuse_overwriting_input(export.parent / "new.xlsx", [export])


# --- CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Dress", "Dress"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_formula(text: str, expected: str) -> None:
    assert neutralise_formula(text) == expected


def test_csv_rows_are_quoted_and_neutralised(tmp_path: Path) -> None:
    output = tmp_path / "report.csv"
    count = write_csv_rows(
        output,
        ["Product ID", "Title", "Price", "Quantity", "Note"],
        [["1729582937162839401", FORMULA, Decimal("12.50"), 3, None]],
    )
    assert count == 1
    lines = output.read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        '"Product ID","Title","Price","Quantity","Note"',
        '"1729582937162839401","\'=cmd|\' /C calc\'!A0","12.50","3",""',
    ]
    assert leftovers(tmp_path, "report.csv") == []


# --- xlsx ----------------------------------------------------------------------------------

COLUMNS = [
    Column("ID", CellKind.ID),
    Column("Text", wrap=True),
    Column("Price", CellKind.PRICE),
    Column("Quantity", CellKind.INTEGER),
    Column("Weight", CellKind.WEIGHT),
]


def write_sample(path: Path) -> None:
    with safe_workbook(path) as book:
        sheet = book.add_sheet("Data", COLUMNS)
        sheet.append(["00123", FORMULA, Decimal("12.50"), 40, Decimal("0.350")])
        sheet.append(["1729582937162839401", "http://example.com", Decimal("0.10"), 0, None])


def test_cells_are_typed(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_sample(path)
    sheet = openpyxl.load_workbook(path)["Data"]
    assert [cell.value for cell in sheet[1]] == ["ID", "Text", "Price", "Quantity", "Weight"]
    identifier, text, price, quantity, weight = sheet[2]
    assert (identifier.value, identifier.data_type) == ("00123", "s")
    assert (text.value, text.data_type) == (FORMULA, "s")
    assert text.alignment.wrap_text
    assert (price.value, price.data_type, price.number_format) == (12.5, "n", "0.00")
    assert (quantity.value, quantity.number_format) == (40, "0")
    assert isinstance(quantity.value, int)
    assert (weight.value, weight.number_format) == (0.35, "0.000")
    assert sheet["A3"].value == "1729582937162839401"
    assert sheet["B3"].hyperlink is None
    assert sheet.freeze_panes == "A2"


def test_the_same_rows_give_the_same_bytes(tmp_path: Path) -> None:
    write_sample(tmp_path / "one.xlsx")
    write_sample(tmp_path / "two.xlsx")
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()


def test_text_too_long_for_a_cell_fails_instead_of_truncating(tmp_path: Path) -> None:
    with pytest.raises(CellTooLong), safe_workbook(tmp_path / "t.xlsx") as book:
        book.add_sheet("Data", COLUMNS).append([None, "x" * 32_768, None, None, None])


def test_a_float_price_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError), safe_workbook(tmp_path / "t.xlsx") as book:
        book.add_sheet("Data", COLUMNS).append([None, None, 12.5, None, None])  # type: ignore[list-item]


def test_a_full_sheet_continues_in_a_new_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "MAX_ROWS", 3)
    path = tmp_path / "t.xlsx"
    with safe_workbook(path) as book:
        sheet = book.add_sheet("Data", [Column("N", CellKind.INTEGER)])
        for n in range(5):
            sheet.append([n])
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Data", "Data (2)", "Data (3)"]
    assert [[c.value for c in row] for row in workbook["Data (3)"].iter_rows()] == [["N"], [4]]


def test_a_failed_workbook_leaves_no_scratch_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    output = tmp_path / "out" / "t.xlsx"
    output.parent.mkdir()
    with pytest.raises(RuntimeError), atomic_output(output) as temp, safe_workbook(temp) as book:
        book.add_sheet("Data", COLUMNS).append(["1", "text", None, None, None])
        raise RuntimeError
    assert os.listdir(scratch) == []
    assert os.listdir(output.parent) == []


def test_an_orphaned_temporary_file_of_a_killed_writer_is_removed(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "out.xlsx"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    orphan = tmp_path / f".out.{dead.stdout.strip()}.abc123.tmp.xlsx"
    orphan.write_bytes(b"half a workbook")
    live = tmp_path / f".out.{os.getpid()}.def456.tmp.xlsx"
    live.write_bytes(b"another run still writing")
    with atomic_output(target) as temporary:
        temporary.write_bytes(b"new")
    assert not orphan.exists()
    assert live.exists()
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize(
    "text",
    ["=1", "'=1", "''=1", "'", "''", "'x", "x'=", "+", "-5", "@a", "\t", "\r=", "'\t", "", "plain"],
)
def test_the_formula_guard_comes_off_exactly(text: str) -> None:
    from catalog_migrate.spreadsheet.writing import restore_formula_text

    guarded = neutralise_formula(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_formula_text(guarded) == text
