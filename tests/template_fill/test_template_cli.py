"""`convert --template FILE`: the seller's template comes back filled, everything else kept."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Border, Font, Side

from catalog_migrate import pipeline
from catalog_migrate.cli import cli
from catalog_migrate.errors import UserError
from tests.security.hostile_files import entity_bomb
from tests.template_fill.template_files import (
    HEADER_FILL,
    alibaba_cn_template,
    faire_template,
    kaos_export,
    shopify_csv_template,
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def convert(export: Path, template: Path, *more: str | Path) -> Result:
    return run("convert", export, "--currency", "IDR", "--template", template, *more)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return kaos_export(tmp_path / "kaos.xlsx")


def test_a_faire_template_is_filled_under_its_three_header_rows(
    export: Path, tmp_path: Path
) -> None:
    template = faire_template(tmp_path / "faire.xlsx")
    before = template.read_bytes()
    result = convert(export, template)
    assert result.exit_code == 0, result.output
    output = tmp_path / "kaos.alibaba.xlsx"  # the template's suffix, beside the input
    book = openpyxl.load_workbook(output)
    sheet = book["Products"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Product Name (English)"
    assert rows[1][0] == "Mandatory"
    assert rows[2][0] == "product_name_english"
    assert rows[3] == [
        "Women Cotton Plain T-shirt",
        None,  # Product Token: blank for new products
        "<p>Plain t-shirt <b>cotton</b></p><p>Material: cotton</p>",
        None,  # Selling Method: no field; warned
        100,
        0.2,
        "kg",
        "KP-H",
        None,
        "Color",
        "Black",
        2.74,
        5.48,  # USD retail price: the shop's 89,000 IDR converted at the run's rate
        "https://img.example/kaos.jpg https://img.example/kaos-2.jpg",
        None,
        500,
        None,  # matched twice: the second is left
    ]
    assert [row[7] for row in rows[3:]] == ["KP-H", "KP-P", "TT-1"]
    assert len(rows) == 6
    # What the template had besides its header survives.
    assert book.sheetnames == ["Products", "Instructions"]
    assert book["Instructions"]["A1"].value == "Fill one row per option. Prices are per unit."
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref) == "D4:D5000"
    assert validation.formula1 == '"By the item,By the case,Open sizing"'
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["A"].width == 48
    assert sheet["A1"].font.bold
    assert sheet["A1"].fill.start_color.rgb == HEADER_FILL.start_color.rgb
    assert template.read_bytes() == before


def test_columns_it_cannot_fill_are_one_warning_each_in_the_report_and_one_summary_line(
    export: Path, tmp_path: Path
) -> None:
    template = faire_template(tmp_path / "faire.xlsx")
    result = convert(export, template)
    assert (
        "template: 4 columns not filled (see the report's Issues): 'Product Token', "
        "'Selling Method', 'GTIN', 'On Hand Inventory (Read Only)'"
    ) in result.stderr.splitlines()
    report = openpyxl.load_workbook(tmp_path / "kaos.alibaba.report.xlsx")["Issues"]
    rows = list(report.iter_rows(values_only=True))
    code = rows[0].index("Code")
    message = rows[0].index("Message")
    found = [(row[code], row[message]) for row in rows[1:] if row[code].startswith("template.")]
    assert sorted(found, key=lambda item: item[1]) == [
        (
            "template.column_unfilled",
            "faire.xlsx (sheet Products) column B 'Product Token' matches no field the tool "
            "fills; it is left as the template has it: fill it by hand, or name its field under "
            "[template.columns] in the profile",
        ),
        (
            "template.column_unfilled",
            "faire.xlsx (sheet Products) column D 'Selling Method' matches no field the tool "
            "fills; it is left as the template has it: fill it by hand, or name its field under "
            "[template.columns] in the profile",
        ),
        (
            "template.column_unfilled",
            "faire.xlsx (sheet Products) column I 'GTIN' matches no field the tool fills; it is "
            "left as the template has it: fill it by hand, or name its field under "
            "[template.columns] in the profile",
        ),
        (
            "template.column_duplicate",
            "faire.xlsx (sheet Products) column Q 'On Hand Inventory (Read Only)' is also "
            "quantity, which column P 'On Hand Inventory' is filled with; it is left as the "
            "template has it",
        ),
    ]


def test_a_chinese_header_sheet_under_an_instruction_row_gets_tiers_and_keeps_its_merges(
    export: Path, tmp_path: Path
) -> None:
    template = alibaba_cn_template(tmp_path / "cn.xlsx")
    result = convert(export, template, "-o", tmp_path / "filled.xlsx", "--json")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "filled.xlsx")
    assert book.sheetnames == ["产品信息", "类目列表"]
    sheet = book["产品信息"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "填写说明：带*的为必填项，请勿修改表头。"
    assert [str(span) for span in sheet.merged_cells.ranges] == ["A1:M1"]
    assert rows[2][:8] == [
        "Women Cotton Plain T-shirt",
        "Women's T-Shirts, Plain T-shirt, T-shirt",
        100,
        "Piece/Pieces",
        100,
        2.74,
        500,
        2.6,
    ]
    assert rows[2][9:12] == ["Kaosku", "https://img.example/kaos.jpg", "KP-H"]
    issues = json.loads(result.stdout)["issues"]
    assert [issue["field"] for issue in issues if issue["code"] == "template.column_unfilled"] == [
        "证书编号"
    ]


def test_a_csv_template_keeps_its_bom_quoting_and_line_ends(export: Path, tmp_path: Path) -> None:
    template = shopify_csv_template(tmp_path / "shopify.csv")
    result = convert(export, template)
    assert result.exit_code == 0, result.output
    data = (tmp_path / "kaos.alibaba.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + template.read_bytes()[3:])
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == (
        '"1729384756000000001","Women Cotton Plain T-shirt","<p>Plain t-shirt <b>cotton</b></p>'
        '<p>Material: cotton</p>","Kaosku","Women\'s T-Shirts, Plain T-shirt, T-shirt","Color",'
        '"Black","KP-H","200","500","2.74","5.48","https://img.example/kaos.jpg, '
        'https://img.example/kaos-2.jpg",""'
    )
    assert lines[4] == ""  # three SKU rows, each ending in CRLF


def test_a_semicolon_csv_without_quotes_is_written_the_same_way(
    export: Path, tmp_path: Path
) -> None:
    template = tmp_path / "erp.csv"
    template.write_text("Nama Produk;SKU;Harga;Stok\nKeterangan: satu baris per SKU;;;\n")
    result = convert(export, template, "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.csv").read_text().splitlines() == [
        "Nama Produk;SKU;Harga;Stok",
        "Keterangan: satu baris per SKU;;;",
        "Women Cotton Plain T-shirt;KP-H;2.74;500",
        "Women Cotton Plain T-shirt;KP-P;2.74;500",
        "Tote Canvas Bag;TT-1;1.38;80",
    ]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    export = kaos_export(tmp_path / "kaos.xlsx", seller_sku='=HYPERLINK("http://x")')
    template = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Product Name", "SKU", "Price"])
    book.save(template)
    assert convert(export, template, "-o", tmp_path / "out.xlsx").exit_code == 0
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert '<c r="B2" t="inlineStr"><is><t>=HYPERLINK("http://x")</t></is></c>' in xml
    csv_template = tmp_path / "t.csv"
    csv_template.write_text("Product Name,SKU\n")
    assert convert(export, csv_template, "-o", tmp_path / "out.csv").exit_code == 0
    assert (tmp_path / "out.csv").read_text().splitlines()[1] == (
        'Women Cotton Plain T-shirt,"\'=HYPERLINK(""http://x"")"'
    )


def test_notes_below_the_data_rows_move_down_under_the_rows_written(
    export: Path, tmp_path: Path
) -> None:
    template = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Product Name", "SKU", "Price"])
    sheet["A4"] = "Notes: prices in USD"
    book.save(template)
    assert convert(export, template, "-o", tmp_path / "out.xlsx").exit_code == 0
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert [row[1] for row in rows[:4]] == ["SKU", "KP-H", "KP-P", "TT-1"]
    assert rows[4:] == [
        (None, None, None),
        (None, None, None),
        ("Notes: prices in USD", None, None),
    ]


def test_the_profile_names_the_sellers_own_labels(export: Path, tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Nama Barang Grosir", "Kode Internal", "Harga"])
    book.save(template)
    profile = tmp_path / "shop.toml"
    shipped = Path(__file__).resolve().parents[2] / "mappings"
    default = (shipped / "default.toml").read_text()
    shutil.copy(shipped / "default-categories.csv", tmp_path)
    profile.write_text(
        default
        + '\n[template.columns]\n"Nama Barang Grosir" = "title"\n"Kode Internal" = "seller_sku"\n'
    )
    result = convert(export, template, "-o", tmp_path / "out.xlsx", "--profile", profile)
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert rows[1] == ("Women Cotton Plain T-shirt", "KP-H", 2.74)
    profile.write_text(default + '\n[template.columns]\n"Harga" = "harga"\n')
    result = convert(export, template, "--profile", profile)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: [template.columns] names unknown field 'harga'; known fields: brand, category"
    )


def test_a_template_with_no_header_row_is_refused_naming_what_was_looked_for(
    export: Path, tmp_path: Path
) -> None:
    template = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Kolom A", "Kolom B"])
    book.save(template)
    result = convert(export, template, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"] == {
        "code": "template.unusable",
        "message": "--template t.xlsx: no header row found: looked in the first 20 rows of each "
        "sheet for at least 2 column labels such as Product Name, Description, SKU, Price, "
        "Quantity, Images (or 商品标题, 价格, Nama Produk, Harga); name your labels under "
        "[template.columns] in the profile",
    }
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kaos.xlsx", "t.xlsx"]


def test_a_template_with_macros_is_refused(export: Path, tmp_path: Path) -> None:
    macro = tmp_path / "t.xlsm"
    macro.write_bytes(b"PK\x03\x04")
    result = convert(export, macro)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --template t.xlsm holds macros, which are never kept or run: save it in Excel "
        "as an .xlsx workbook (Excel Workbook, not macro-enabled) and give that\n"
    )
    renamed = tmp_path / "renamed.xlsx"
    source_path = faire_template(tmp_path / "f.xlsx")
    with zipfile.ZipFile(source_path) as source, zipfile.ZipFile(renamed, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\0" * 64)
    result = convert(export, renamed)
    assert result.exit_code == 2
    assert "renamed.xlsx holds macros" in result.stderr


def test_a_hostile_template_is_refused_before_it_is_parsed(export: Path, tmp_path: Path) -> None:
    bomb = entity_bomb(export, tmp_path / "bomb.xlsx")
    result = convert(export, bomb, "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "input.hostile"
    assert error["message"].startswith("--template bomb.xlsx ")


def test_the_template_itself_is_never_written_over(export: Path, tmp_path: Path) -> None:
    template = faire_template(tmp_path / "faire.xlsx")
    before = template.read_bytes()
    result = convert(export, template, "-o", tmp_path / "." / "faire.xlsx")
    assert result.exit_code == 2
    assert "it is the --template file" in result.stderr
    (tmp_path / "sub").mkdir()
    result = convert(export, template, "--report", tmp_path / "sub" / ".." / "faire.xlsx")
    assert result.exit_code == 2
    assert "it is the --template file" in result.stderr
    assert template.read_bytes() == before


def test_a_missing_template_and_a_dry_run(export: Path, tmp_path: Path) -> None:
    result = convert(export, tmp_path / "nope.xlsx")
    assert result.exit_code == 2
    assert result.stderr == "Error: --template: input file " + str(tmp_path / "nope.xlsx") + (
        " does not exist\n"
    )
    template = faire_template(tmp_path / "faire.xlsx")
    result = convert(export, template, "--dry-run", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["would_write"][0] == str(tmp_path / "kaos.alibaba.xlsx")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["faire.xlsx", "kaos.xlsx"]


def test_a_template_fills_one_target_only(export: Path, tmp_path: Path) -> None:
    template = faire_template(tmp_path / "faire.xlsx")
    options = pipeline.ConvertOptions(target="alibaba,faire", currency="IDR", template=template)
    with pytest.raises(UserError) as raised:
        pipeline.plan(export, options)
    assert str(raised.value) == (
        "--template fills one channel's template: give one target with --to, not 'alibaba,faire'"
    )


def test_a_column_named_after_a_variation_takes_each_skus_value(
    export: Path, tmp_path: Path
) -> None:
    template = tmp_path / "t.csv"
    template.write_text("Nama Produk,Warna,Ukuran,Aroma\n")
    result = convert(export, template, "-o", tmp_path / "out.csv", "--json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.csv").read_text().splitlines()[1:] == [
        "Women Cotton Plain T-shirt,Black,,",
        "Women Cotton Plain T-shirt,White,,",
        "Tote Canvas Bag,,,",
    ]
    issues = json.loads(result.stdout)["issues"]
    assert [issue["field"] for issue in issues if issue["code"].startswith("template.")] == [
        "Aroma"
    ]


def test_a_utf16_big_endian_tab_separated_template_stays_so(export: Path, tmp_path: Path) -> None:
    template = tmp_path / "t.txt"
    template.write_bytes(b"\xfe\xff" + "商品标题\t商家编码\t价格\u2028备注\n".encode("utf-16-be"))
    result = convert(export, template, "-o", tmp_path / "out.txt")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "out.txt").read_bytes()
    assert data.startswith(template.read_bytes())
    assert data[2:].decode("utf-16-be").split("\n")[1] == "Women Cotton Plain T-shirt\tKP-H\t"


def test_two_runs_write_the_same_bytes(export: Path, tmp_path: Path) -> None:
    template = faire_template(tmp_path / "faire.xlsx")
    assert convert(export, template, "-o", tmp_path / "one.xlsx").exit_code == 0
    assert convert(export, template, "-o", tmp_path / "two.xlsx").exit_code == 0
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()


def test_the_output_takes_the_templates_kind(export: Path, tmp_path: Path) -> None:
    template = shopify_csv_template(tmp_path / "shopify.csv")
    result = convert(export, template, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: -o out.xlsx: the filled template is a .csv file like shopify.csv; give -o a "
        ".csv name\n"
    )


def test_the_header_is_found_on_a_later_sheet_and_its_data_row_style_is_used(
    export: Path, tmp_path: Path
) -> None:
    template = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["Isi satu baris per SKU. Harga dalam USD."])
    sheet = book.create_sheet("Template")
    sheet.append(["Nama Produk", "Harga", "Stok"])
    thin = Side(style="thin")
    sheet["B2"].number_format = "0.00"
    sheet["B2"].border = Border(bottom=thin)
    sheet.conditional_formatting.add(
        "C2:C1000", CellIsRule(operator="lessThan", formula=["100"], font=Font(color="FFFF0000"))
    )
    book.save(template)
    assert convert(export, template, "-o", tmp_path / "out.xlsx").exit_code == 0
    filled = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert filled["Petunjuk"]["A1"].value == "Isi satu baris per SKU. Harga dalam USD."
    sheet = filled["Template"]
    assert [cell.value for cell in sheet["B"]] == ["Harga", 2.74, 2.74, 1.38]
    assert [cell.number_format for cell in sheet["B"][1:]] == ["0.00"] * 3
    assert all(cell.border.bottom.style == "thin" for cell in sheet["B"][1:])
    assert [str(rule.sqref) for rule in sheet.conditional_formatting] == ["C2:C1000"]


def test_a_price_column_in_another_currency_is_left_and_said(export: Path, tmp_path: Path) -> None:
    template = tmp_path / "t.csv"
    template.write_text("SKU,Harga (Rp),价格（人民币）,Price (USD),GBR Unit Wholesale Price\n")
    result = convert(export, template, "-o", tmp_path / "out.csv", "--json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.csv").read_text().splitlines()[1] == "KP-H,,,2.74,"
    said = [
        issue["message"]
        for issue in json.loads(result.stdout)["issues"]
        if issue["code"] == "template.column_unfilled"
    ]
    assert said == [
        "t.csv column B 'Harga (Rp)' holds prices in IDR, and the run writes USD prices; it is "
        "left as the template has it: fill it by hand, or use a column for the target's currency",
        "t.csv column C '价格（人民币）' holds prices in CNY, and the run writes USD prices; it is "
        "left as the template has it: fill it by hand, or use a column for the target's currency",
        "t.csv column E 'GBR Unit Wholesale Price' matches no field the tool fills; it is left "
        "as the template has it: fill it by hand, or name its field under [template.columns] "
        "in the profile",
    ]
