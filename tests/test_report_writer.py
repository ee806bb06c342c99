from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from catalog_migrate.model import Money, PriceTier, Provenance, WholesaleListing, error, warning
from catalog_migrate.report_writer import open_report
from catalog_migrate.spreadsheet import fast_xlsx

FORMULA = "=cmd|' /C calc'!A0"


def listing(product_id: str, *entries: tuple[str, str, str]) -> WholesaleListing:
    return WholesaleListing(
        source_product_id=product_id,
        title="Cotton Dress",
        moq=10,
        tiers=[PriceTier(min_quantity=10, price=Money(amount=Decimal("5.00"), currency="USD"))],
        provenance=[Provenance(field=f, value=v, rule=r) for f, v, r in entries],
    )


ISSUES = [
    warning("title.truncated", "title cut to 128", product_key="P2", field="title", source_row=9),
    error("price.unparseable", "price 'abc'", product_key="P1", sku="SKU-1", source_row=4),
    error("file.empty_rows", "3 empty rows skipped"),
    warning(
        "images.missing",
        "no main image",
        product_key="P1",
        field="images",
        source_row=4,
        target="alibaba",
    ),
    error("price.unparseable", FORMULA, product_key="00042", sku=FORMULA, source_row=2),
]


def values(sheet: Any) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def report(tmp_path: Path) -> Any:
    path = tmp_path / "report.xlsx"
    with open_report(path) as writer:
        writer.add_provenance(listing("P1", ("moq", "10", "moq.default 10")))
        writer.add_provenance(listing("00042", ("title", FORMULA, "titles.clean")))
        writer.close_with(ISSUES, summary={"products_read": 3, "dry_run": False, "currency": "IDR"})
    return openpyxl.load_workbook(path)


def test_issues_is_the_first_sheet(report: Any) -> None:
    assert report.sheetnames == ["Issues", "Summary", "Translations", "Provenance"]


def test_translations_are_listed_once_each_with_source_and_engine(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    hitam = Provenance(
        field="variations",
        value="Black",
        rule="translate.glossary id->en from: Hitam",
        source_text="Hitam",
        engine="glossary",
    )
    with open_report(path) as writer:
        for product in ("P1", "P2"):  # the same colour on two products: one row
            writer.add_provenance(
                listing(product).model_copy(update={"provenance": [hitam, hitam]})
            )
        writer.close_with([])
    assert values(openpyxl.load_workbook(path)["Translations"]) == [
        ["Field", "Source Text", "Translation", "Engine"],
        ["variations", "Hitam", "Black", "glossary"],
    ]


def test_issues_are_sorted_by_row_then_code(report: Any) -> None:
    assert values(report["Issues"]) == [
        ["Source Row", "Product ID", "Seller SKU", "Field", "Code", "Severity", "Message",
         "Target"],
        [2, "00042", FORMULA, None, "price.unparseable", "error", FORMULA, None],
        [4, "P1", None, "images", "images.missing", "warning", "no main image", "alibaba"],
        [4, "P1", "SKU-1", None, "price.unparseable", "error", "price 'abc'", None],
        [9, "P2", None, "title", "title.truncated", "warning", "title cut to 128", None],
        [None, None, None, None, "file.empty_rows", "error", "3 empty rows skipped", None],
    ]  # fmt: skip


def test_cells_are_typed_and_formula_safe(report: Any) -> None:
    sheet = report["Issues"]
    assert sheet["A2"].data_type == "n"
    assert sheet["A2"].number_format == "0"
    for cell in (sheet["B2"], sheet["C2"], sheet["G2"]):
        assert cell.data_type == "s"
    provenance = report["Provenance"]
    assert (provenance["C3"].value, provenance["C3"].data_type) == (FORMULA, "s")
    assert (provenance["A3"].value, provenance["A3"].data_type) == ("00042", "s")


def test_provenance_rows(report: Any) -> None:
    assert values(report["Provenance"]) == [
        ["Product ID", "Field", "Value", "Rule"],
        ["P1", "moq", "10", "moq.default 10"],
        ["00042", "title", FORMULA, "titles.clean"],
    ]


def test_summary_rows(report: Any) -> None:
    assert values(report["Summary"]) == [
        ["Item", "Value"],
        ["products_read", "3"],
        ["dry_run", "no"],
        ["currency", "IDR"],
    ]


def test_the_issue_order_does_not_depend_on_input_order(tmp_path: Path) -> None:
    for name, issues in (("a.xlsx", ISSUES), ("b.xlsx", list(reversed(ISSUES)))):
        with open_report(tmp_path / name) as writer:
            writer.close_with(issues)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_an_over_long_message_is_clipped_visibly(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with open_report(path) as writer:
        writer.close_with([error("x.y", "m" * 40_000)])
    message = openpyxl.load_workbook(path)["Issues"]["G2"].value
    assert len(message) == 32_767
    assert message.endswith(" [...]")


def test_a_failed_run_keeps_the_old_report(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"old report")
    with pytest.raises(KeyboardInterrupt), open_report(path) as writer:
        writer.add_provenance(listing("P1", ("moq", "10", "moq.default 10")))
        raise KeyboardInterrupt
    assert path.read_bytes() == b"old report"
    assert os.listdir(tmp_path) == ["report.xlsx"]


def test_a_report_never_finished_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with pytest.raises(RuntimeError, match="close_with"), open_report(path) as writer:
        writer.add_provenance(listing("P1"))
    assert os.listdir(tmp_path) == []


def test_nothing_is_added_after_close(tmp_path: Path) -> None:
    with open_report(tmp_path / "report.xlsx") as writer:
        writer.close_with([])
        with pytest.raises(RuntimeError):
            writer.add_provenance(listing("P1"))


def test_a_full_provenance_sheet_continues_in_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fast_xlsx, "MAX_ROWS", 3)  # a header and two rows per sheet
    path = tmp_path / "report.xlsx"
    entries = [("f", str(number), "r") for number in range(5)]
    with open_report(path) as writer:
        writer.add_provenance(listing("P1", *entries))
        writer.close_with([])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Issues",
        "Summary",
        "Translations",
        "Provenance",
        "Provenance (2)",
        "Provenance (3)",
    ]
    rows = [row for name in book.sheetnames[3:] for row in values(book[name])[1:]]
    assert rows == [["P1", *entry] for entry in entries]


def test_headers_are_bold_and_frozen(report: Any) -> None:
    for sheet in report.worksheets:
        assert sheet["A1"].font.b
        assert sheet.freeze_panes == "A2"


def test_descriptions_stay_out_of_the_translations_sheet(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    described = Provenance(
        field="description",
        value="<p>Cotton</p>",
        rule="translate.glossary id->en: 1 text nodes",
        source_text="<p>Katun</p>",
        engine="glossary",
    )
    with open_report(path) as writer:
        writer.add_provenance(listing("P1").model_copy(update={"provenance": [described]}))
        writer.close_with([])
    book = openpyxl.load_workbook(path)
    assert values(book["Translations"]) == [["Field", "Source Text", "Translation", "Engine"]]
    assert values(book["Provenance"])[1][1:3] == ["description", "<p>Cotton</p>"]
