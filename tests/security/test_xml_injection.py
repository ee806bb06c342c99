"""Seller text cannot become markup in a written workbook, and reads back as the seller wrote it.

xlsxwriter (constant-memory mode) writes a string that starts with `<r>` and ends with `</r>` into
the sheet unescaped, as rich-string XML; seller text could so plant a live `=HYPERLINK` cell or make
the sheet unreadable. Every text cell of both writers (the upload workbook and the report) is fuzzed
here with XML fragments, `_xHHHH_` escapes, control characters, lone surrogates and formula starts:
every sheet must parse, hold no formula and no rich text, and give back the exact text once its
`_xHHHH_` escapes are decoded as the spreadsheet format says (ECMA-376 Part 1, 22.9.2.19).
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from catalog_migrate.cli import cli
from catalog_migrate.model import Issue, Provenance, Severity, WholesaleSku
from catalog_migrate.report_writer import _issue_row, issue_sort_key, open_report
from catalog_migrate.targets.alibaba import (
    PRODUCT_COLUMNS,
    AlibabaTarget,
    product_row,
    sku_row,
    variation_names,
)
from tests.targets.alibaba_listings import make_listing, usd
from tests.tiktok_builder import write_tiktok_csv

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
HYPERLINK = '<r><f>HYPERLINK("http://evil.example","click")</f></r>'
FRAGMENTS = (
    "<r>",
    "</r>",
    HYPERLINK,
    "<r><t>hi</t></r>",
    "<r><rPr><b/></rPr><t>x</t></r>",
    "</t></is></c><c><f>1+1</f></c><c><is><t>",
    "<f>SUM(1)</f>",
    "]]>",
    "<!--",
    "&amp;",
    "&",
    '"',
    "'",
    "_x0041_",
    "_x000D_",
    "_x005F_",
    "_xD800_",
    "_x00",
    "\x00",
    "\x01",
    "\x0b",
    "\x1f",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "=",
    "+",
    "-",
    "@",
    '=HYPERLINK("http://x")',
    " ",
    "é",
    "😀",
)
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")

# Text: fragments glued together, or an exact `<r>...</r>` wrapper around anything.
hostile = st.one_of(
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), min_size=1, max_size=6
    ).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=4).map(lambda parts: f"<r>{''.join(parts)}</r>"),
)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def decoded(text: str) -> str:
    """What a spreadsheet shows for a stored string: each `_xHHHH_` decoded, left to right."""
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def check_sheets(path: Path) -> None:
    """Every sheet parses as XML and holds neither a formula nor rich text."""
    with zipfile.ZipFile(path) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            root = etree.fromstring(archive.read(name))  # raises if the XML is broken
            assert next(root.iter(f"{MAIN}f"), None) is None, f"{path.name} {name}: a formula"
            assert next(root.iter(f"{MAIN}r"), None) is None, f"{path.name} {name}: rich text"


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book[sheet].iter_rows(min_row=2, values_only=True))
    finally:
        book.close()


def assert_row(read: tuple[Any, ...], expected: list[Any]) -> None:
    read = read + (None,) * (len(expected) - len(read))  # a row's empty end is not stored
    for got, want in zip(read, expected, strict=True):
        if isinstance(want, str) and want:
            assert isinstance(got, str)
            assert decoded(got) == want
        elif want is None or want == "":
            assert got is None
        elif isinstance(want, Decimal):
            assert got == float(want)
        else:
            assert got == want


def listing_of(texts: list[str]) -> Any:
    name_1, name_2 = texts[8], texts[8] + "2"  # two distinct variation names
    return make_listing(
        source_product_id=texts[0],
        title=texts[1],
        keywords=[texts[2], texts[3]],
        category=texts[4],
        unit=texts[5],
        place_of_origin=texts[6],
        brand=texts[7],
        specifications={"Material": texts[9], texts[10]: texts[11]},
        images=[texts[12]],
        description=texts[13],
        variation_names=[name_1, name_2],
        skus=[
            WholesaleSku(
                source_sku_id=texts[14],
                seller_sku=texts[15],
                options={name_1: texts[16], name_2: texts[17]},
                price=usd("12.50"),
                retail_price=usd("20"),
                quantity=3,
                image=texts[18],
                source_row=5,
            )
        ],
        provenance=[Provenance(field=texts[19], value=texts[20], rule=texts[21])],
    )


@FUZZ
@given(texts=st.lists(hostile, min_size=25, max_size=25))
def test_every_text_cell_of_both_workbooks_is_escaped(tmp_path: Path, texts: list[str]) -> None:
    listing = listing_of(texts)
    issue = Issue(
        code="fuzz.text",
        severity=Severity.WARNING,
        message=texts[22],
        product_key=texts[0],
        sku=texts[15],
        field=texts[23],
        source_row=5,
    )
    output, report = tmp_path / "out.xlsx", tmp_path / "report.xlsx"
    with AlibabaTarget().open_writer([output]) as writer:
        writer.write(listing)
    with open_report(report) as report_file:
        report_file.add_provenance(listing)
        report_file.close_with([issue], summary={texts[24]: texts[1]})

    check_sheets(output)
    check_sheets(report)
    (products,) = sheet_rows(output, "Products")
    assert_row(products, product_row(listing))
    (skus,) = sheet_rows(output, "SKUs")
    assert_row(skus, sku_row(listing, variation_names(listing), listing.skus[0]))
    (issues,) = sheet_rows(report, "Issues")
    assert_row(issues, _issue_row(issue))
    (provenance,) = sheet_rows(report, "Provenance")
    assert_row(provenance, [texts[0], texts[19], texts[20], texts[21]])
    (summary,) = sheet_rows(report, "Summary")
    assert_row(summary, [texts[24], texts[1]])
    assert issue_sort_key(issue)  # the row above is the one the report sorted


def test_a_rich_string_lookalike_reads_back_exactly_in_openpyxl(tmp_path: Path) -> None:
    output = tmp_path / "out.xlsx"
    listing = make_listing(title=HYPERLINK, brand="<r><t>Kirana</t></r>")
    with AlibabaTarget().open_writer([output]) as writer:
        writer.write(listing)
    check_sheets(output)
    (row,) = sheet_rows(output, "Products")
    assert row[1] == HYPERLINK
    assert "<r><t>Kirana</t></r>" in row


def test_a_literal_escape_in_seller_text_is_not_decoded(tmp_path: Path) -> None:
    output = tmp_path / "out.xlsx"
    with AlibabaTarget().open_writer([output]) as writer:
        writer.write(make_listing(title="Kaos _x0041_ and _x000D_"))
    with zipfile.ZipFile(output) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "Kaos _x005F_x0041_ and _x005F_x000D_" in xml
    (row,) = sheet_rows(output, "Products")
    assert decoded(row[1]) == "Kaos _x0041_ and _x000D_"


def export_rows() -> list[dict[str, object]]:
    return [
        {
            "product_id": f"17293847561000000{product}",
            "sku_id": f"17293847562000000{product}",
            "category": "Pakaian Wanita/Atasan/Kaos",
            "brand": HYPERLINK,
            "product_name": "Kaos Polos Wanita Oversize Katun Combed",
            "product_description": "<p>Bahan katun</p>",
            "main_image": "https://example.com/kaos.jpg",
            "property_name_1": "Warna",
            "property_value_1": f"<r><f>1+{product}</f></r>",
            "price": "Rp 89.000",
            "quantity": 10,
            "seller_sku": f'<r><f>HYPERLINK("http://x/{product}")</f></r>',
            "parcel_weight": 200,
        }
        for product in range(2)
    ]


def test_a_converted_export_full_of_rich_string_markup_writes_it_as_text(tmp_path: Path) -> None:
    export = write_tiktok_csv(tmp_path / "export.csv", export_rows())
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR"])
    assert result.exit_code in (0, 1), result.stderr
    output, report = tmp_path / "export.alibaba.xlsx", tmp_path / "export.alibaba.report.xlsx"
    check_sheets(output)
    check_sheets(report)
    skus = sheet_rows(output, "SKUs")
    assert [row[2] for row in skus] == [
        f'<r><f>HYPERLINK("http://x/{product}")</f></r>' for product in range(2)
    ]
    assert [row[4] for row in skus] == [f"<r><f>1+{product}</f></r>" for product in range(2)]
    products = sheet_rows(output, "Products")
    brand = [column.header for column in PRODUCT_COLUMNS].index("Brand Name")
    assert {row[brand] for row in products} == {HYPERLINK}
