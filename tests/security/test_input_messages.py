"""Unlucky inputs are named as what they are, in one line, before any parser runs."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalog_migrate.cli import cli
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.html_table import table_rows
from catalog_migrate.spreadsheet.reading import read_sheet
from tests.tiktok_builder import write_tiktok_xlsx

ROWS: list[dict[str, object]] = [
    {"product_name": "Kaos Polos", "price": "Rp 89.000", "seller_sku": "KP-01"}
]
HEADER = ("ERP ID", "商品名称", "全球商品价格", "Seller SKU")


def convert(path: Path | str, *extra: str) -> Result:
    return CliRunner().invoke(cli, ["convert", str(path), "--currency", "IDR", *extra])


def error_line(result: Result) -> str:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    return result.stderr.removeprefix("Error: ").removesuffix("\n")


def dianxiaomi_page(cells: tuple[str, ...], *, head: str = "", prolog: str = "") -> str:
    header = "".join(f"<th>{name}</th>" for name in HEADER)
    row = "".join(f"<td>{cell}</td>" for cell in cells)
    return (
        f'{prolog}<html><head>{head}</head><body><table border="1"><tr>{header}</tr>'
        f"<tr>{row}</tr></table></body></html>"
    )


# --- workbooks and pages under another name -------------------------------------------------------


def test_an_xlsx_named_csv_is_named_as_a_workbook(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.csv", ROWS)
    assert error_line(convert(path)) == (
        "export.csv is an Excel workbook (.xlsx) with a .csv name, not a text file: rename it "
        "to .xlsx"
    )


def test_an_ods_named_txt_is_named_as_an_ods(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
    assert error_line(convert(path)) == (
        "export.txt is an OpenDocument spreadsheet (.ods) with a .txt name, not a text file: "
        "rename it to .ods"
    )


@pytest.mark.parametrize(
    "prolog",
    [
        "<!-- saved by the ERP -->\n",
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- export -->\n<!DOCTYPE html>\n',
        '\ufeff  <!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN">',
    ],
)
def test_an_html_export_after_comments_or_a_doctype_is_recognised(
    prolog: str, tmp_path: Path
) -> None:
    path = tmp_path / "dxm.xls"
    page = dianxiaomi_page(("1001", "Nut Grinder", "2.65", "NG-1"), prolog=prolog)
    path.write_text(page, encoding="utf-8")
    sheet = read_sheet(path, ReadLimits())
    assert sheet.kind == "html"
    assert sheet.rows[1] == ["1001", "Nut Grinder", "2.65", "NG-1"]


def test_an_html_export_without_a_charset_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "dxm.xls"
    path.write_text(dianxiaomi_page(("1001", "研磨器", "26500", "NG-1")), encoding="utf-8")
    result = convert(path, "--dry-run", "--json")
    assert result.exit_code == 1, result.stderr  # read; the SKU has no category to convert with
    assert '"format": "dianxiaomi-export"' in result.stdout
    assert '"skus_read": 1' in result.stdout
    assert read_sheet(path, ReadLimits()).rows[1][1] == "研磨器"


def test_an_html_export_without_a_charset_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dxm.xls"
    path.write_bytes(dianxiaomi_page(("1001", "研磨器", "2.65", "NG-1")).encode("gbk"))
    assert error_line(convert(path)) == (
        "dxm.xls is an HTML table that declares no encoding and is not UTF-8: open it in Excel "
        "and save it as .xlsx"
    )


def test_script_and_style_in_a_cell_are_never_cell_text() -> None:
    page = dianxiaomi_page(
        (
            "1001",
            "<script>document.write('Free gift')</script>Nut <style>b{}</style>Grinder",
            "<style>td{}</style>2.65",
            "NG-1",
        ),
        head="<meta charset='utf-8'><style>br{mso-data-placement:same-cell;}</style>",
    )
    assert table_rows(page.encode()) == [list(HEADER), ["1001", "Nut Grinder", "2.65", "NG-1"]]


# --- paths that are no regular file ---------------------------------------------------------------


def test_a_folder_is_named_as_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "exports.xlsx"
    folder.mkdir()
    assert error_line(convert(folder)) == (
        f"input {folder} is a folder, not a file: give the export file inside it"
    )


def test_a_fifo_is_named_and_never_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "export.csv"
    os.mkfifo(pipe)  # opening it would block until a writer came
    assert error_line(convert(pipe)) == (
        f"input {pipe} is a named pipe (FIFO), not a file: save the export to a file and give that"
    )


def test_a_device_is_named_as_a_device() -> None:
    assert error_line(convert("/dev/zero")) == (
        "input /dev/zero is a device, not a file: give the export file"
    )


def test_inspect_names_a_folder_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(tmp_path)])
    assert error_line(result) == (
        f"input {tmp_path} is a folder, not a file: give the export file inside it"
    )


def test_a_file_name_with_a_newline_cannot_break_the_error_line(tmp_path: Path) -> None:
    path = tmp_path / "scan\nfinal\x1b[2J.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert error_line(convert(path)) == (
        "scan\\x0afinal\\x1b[2J.xlsx is a PDF document, not a spreadsheet: download the product "
        "export from TikTok Shop Seller Center as .xlsx"
    )
