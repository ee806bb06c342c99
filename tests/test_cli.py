"""The command line as a seller uses it: exit codes, exact summaries and messages, written files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from catalog_migrate.cli import cli
from tests.tiktok_builder import write_tiktok_xlsx

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REAL_WORLD = Path(__file__).resolve().parent / "data" / "real-world"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture
def id_export(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "tiktok_id_fashion.xlsx", tmp_path / "export.xlsx"))


def test_convert_writes_the_workbook_and_report_and_prints_the_summary(id_export: Path) -> None:
    result = run("convert", id_export, "--to", "alibaba")
    assert result.exit_code == 1  # one SKU row has an unreadable price
    output = id_export.with_name("export.alibaba.xlsx")
    report = id_export.with_name("export.alibaba.report.xlsx")
    assert result.stderr.splitlines()[:8] == [
        "┏━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━┓",
        "┃           ┃ products ┃ SKUs ┃",
        "┡━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━┩",
        "│ read      │       10 │   44 │",
        "│ converted │       10 │   43 │",
        "│ rejected  │        0 │    1 │",
        "└───────────┴──────────┴──────┘",
        "warnings: 6   errors: 1",
    ]
    assert "most frequent issues: category.unmapped (5), currency.inferred (1)," in result.stderr
    assert f"output: {output}" in result.stderr
    assert f"report: {report}" in result.stderr
    products = openpyxl.load_workbook(output, read_only=True)["Products"]
    assert products.max_row == 11
    issues = openpyxl.load_workbook(report, read_only=True)["Issues"]
    rows = list(issues.iter_rows(values_only=True))
    assert (44, "price.unparseable", "error") in {(row[0], row[4], row[5]) for row in rows[1:]}


def test_json_report_accounts_for_every_product_and_sku(id_export: Path) -> None:
    result = run("convert", id_export, "--json")
    data = json.loads(result.stdout)
    expected_keys = {
        "input", "format", "target", "currency", "products_read", "skus_read",
        "products_converted", "skus_converted", "products_rejected", "skus_rejected",
        "warnings", "errors", "output", "report", "issues",
    }  # fmt: skip
    assert expected_keys <= data.keys()
    assert (data["format"], data["target"], data["currency"]) == ("tiktok-sheet", "alibaba", "IDR")
    assert data["products_read"] == data["products_converted"] + data["products_rejected"]
    assert data["skus_read"] == data["skus_converted"] + data["skus_rejected"] == 44
    rejected = [issue for issue in data["issues"] if issue["severity"] == "error"]
    assert rejected == [
        {
            "code": "price.unparseable",
            "severity": "error",
            "message": "'Rp ??' is not a price",
            "product_id": "1729384756102939233",
            "seller_sku": "ID09-PUT-STD",
            "field": "price",
            "source_row": 44,
        }
    ]
    assert result.stderr == ""  # nothing but the JSON object when --json is given


def test_dry_run_writes_nothing_and_says_so(id_export: Path) -> None:
    result = run("convert", id_export, "--dry-run")
    assert result.exit_code == 1
    assert sorted(path.name for path in id_export.parent.iterdir()) == ["export.xlsx"]
    assert "dry run: no output and no report written" in result.stderr


def test_a_clean_export_exits_zero(tmp_path: Path) -> None:
    source = Path(shutil.copy(SAMPLES / "tiktok_my_home.csv", tmp_path / "my.csv"))
    (tmp_path / "out").mkdir()
    result = run("convert", source, "-o", tmp_path / "out" / ".." / "wholesale.xlsx", "--json")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert (data["currency"], data["skus_read"], data["skus_converted"]) == ("MYR", 16, 16)
    assert (tmp_path / "wholesale.xlsx").is_file()
    assert (tmp_path / "wholesale.report.xlsx").is_file()


def test_broken_rows_are_rejected_with_their_rows_and_the_rest_converted(tmp_path: Path) -> None:
    source = Path(shutil.copy(SAMPLES / "broken_export.xlsx", tmp_path / "broken.xlsx"))
    result = run("convert", source, "--currency", "MYR", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    errors = {(i["source_row"], i["code"]) for i in data["issues"] if i["severity"] == "error"}
    assert errors == {
        (8, "price.missing"),
        (9, "price.not_positive"),
        (10, "price.not_positive"),
        (11, "price.ambiguous"),
        (12, "price.currency_mismatch"),
        (13, "price.unparseable"),
        (14, "id.float_corrupted"),
        (15, "variation.duplicate"),
    }
    assert (data["skus_read"], data["skus_converted"], data["skus_rejected"]) == (11, 3, 8)
    skus = openpyxl.load_workbook(tmp_path / "broken.alibaba.xlsx", read_only=True)["SKUs"]
    assert skus.max_row == 1 + 3


def test_no_currency_in_the_file_asks_for_one(tmp_path: Path) -> None:
    source = tmp_path / "plain.xlsx"
    write_tiktok_xlsx(source, [{"product_name": "Kaos", "category": "A/B", "price": 89000}])
    result = run("convert", source)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: plain.xlsx does not say which currency its prices are in: pass --currency "
        "(e.g. --currency IDR) or --region (e.g. --region ID)\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plain.xlsx"]
    assert run("convert", source, "--region", "ID", "--json").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--currency", "IDR", "--region", "ID"], "Error: give --currency or --region, not both\n"),
        (
            ["--region", "XX"],
            "Error: unknown region 'XX'; known regions: ID, MY, PH, SG, TH, US, VN\n",
        ),
        (["--profile", "nope"], "Error: no profile named 'nope'; shipped profiles: default\n"),
        (["--only-accepted"], "Error: --only-accepted needs --decisions FILE\n"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    id_export: Path, args: list[str], message: str
) -> None:
    result = run("convert", id_export, *args)
    assert (result.exit_code, result.stderr) == (2, message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("IDR", "give CUR=RATE, e.g. --fx IDR=16250, not 'IDR'"),
        ("IDR=-3", "the rate must be a positive number of IDR per US dollar"),
        ("IDR=abc", "'abc' is not a number"),
    ],
)
def test_a_bad_fx_rate_is_a_usage_error(id_export: Path, value: str, message: str) -> None:
    result = run("convert", id_export, "--fx", value)
    assert result.exit_code == 2
    assert f"Error: Invalid value for '--fx': {message}" in result.stderr


def test_an_unrecognised_file_is_one_line_without_a_traceback(tmp_path: Path) -> None:
    page = tmp_path / "products.xls"
    page.write_text("<html><body><p>Please log in</p></body></html>", encoding="utf-8")
    result = run("convert", page)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output + result.stderr
    assert result.stderr.startswith("Error: products.xls is an HTML page")


@pytest.mark.parametrize(
    ("name", "source_format", "products", "skus"),
    [
        ("dianxiaomi_tiktok_import_example.xlsx", "dianxiaomi-import", 2, 3),
        ("dianxiaomi_product_export.xls", "dianxiaomi-export", 1, 3),
    ],
)
def test_dianxiaomi_files_convert(
    tmp_path: Path, name: str, source_format: str, products: int, skus: int
) -> None:
    output = tmp_path / "out.xlsx"
    result = run("convert", REAL_WORLD / name, "--currency", "USD", "-o", output, "--json")
    assert result.exit_code in (0, 1)
    data = json.loads(result.stdout)
    assert data["format"] == source_format
    assert (data["products_read"], data["skus_read"]) == (products, skus)
    assert (data["products_converted"], data["skus_converted"]) == (products, skus)
    assert (data["products_rejected"], data["skus_rejected"]) == (0, 0)
    assert output.exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "missing.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(missing), "--debug"])
    assert result.exit_code != 0
    assert "does not exist" in str(result.exception)


def test_an_export_without_product_rows_writes_nothing(tmp_path: Path) -> None:
    source = Path(
        shutil.copy(REAL_WORLD / "tiktok_store_backend_template_zh.xlsx", tmp_path / "zh.xlsx")
    )
    result = run("convert", source, "--currency", "CNY")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: zh.xlsx: nothing to convert: zh.xlsx (sheet Sheet1) has"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["zh.xlsx"]


def test_output_that_is_the_input_is_refused(id_export: Path) -> None:
    before = id_export.read_bytes()
    result = run("convert", id_export, "-o", id_export.parent / "." / id_export.name)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert id_export.read_bytes() == before


def test_fx_override_changes_every_price_in_proportion(id_export: Path) -> None:
    run("convert", id_export, "-o", id_export.with_name("a.xlsx"))
    run("convert", id_export, "-o", id_export.with_name("b.xlsx"), "--fx", "IDR=8125")
    prices = []
    for name in ("a.xlsx", "b.xlsx"):
        skus = openpyxl.load_workbook(id_export.with_name(name), read_only=True)["SKUs"]
        header, first = list(skus.iter_rows(min_row=1, max_row=2, values_only=True))
        prices.append(first[header.index("Price (USD)")])
    price_a, price_b = prices
    assert (price_a, price_b) == (2.74, 5.48)


def test_two_runs_write_byte_identical_workbooks(id_export: Path) -> None:
    run("convert", id_export, "-o", id_export.with_name("one.xlsx"))
    run("convert", id_export, "-o", id_export.with_name("two.xlsx"))
    assert (
        id_export.with_name("one.xlsx").read_bytes() == id_export.with_name("two.xlsx").read_bytes()
    )


def test_inspect_reports_layout_counts_and_currency() -> None:
    result = run("inspect", SAMPLES / "tiktok_id_fashion.xlsx", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert (data["format"], data["sheet"], data["data_start_row"]) == (
        "tiktok-sheet",
        "Template",
        6,
    )
    assert (data["key_row"], data["label_row"]) == (1, 3)
    assert data["columns"]["product_name"] == "Nama produk"
    assert (data["products"], data["skus"], data["rejected_skus"]) == (10, 43, 1)
    assert (data["currency"], data["currency_source"]) == ("IDR", "from price symbols")
    assert data["first_rows"][0]["row"] == "6"


def test_inspect_reads_a_label_only_chinese_template() -> None:
    result = run("inspect", REAL_WORLD / "tiktok_store_backend_template_zh.xlsx", "--json")
    data = json.loads(result.stdout)
    assert (data["key_row"], data["label_row"], data["data_rows"]) == (None, 1, 0)
    assert data["columns"]["product_name"] == "商品名称"
    assert data["columns"]["price"] == "零售价（本地币种）"


def test_profile_init_writes_an_editable_copy_that_loads(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    result = run("profile", "init", target)
    assert result.exit_code == 0
    categories = tmp_path / "mine.categories.csv"
    assert result.stdout == f"wrote {target} and {categories}; use it with --profile {target}\n"
    assert 'map_file = "mine.categories.csv"' in target.read_text(encoding="utf-8")
    again = run("profile", "init", target)
    assert (again.exit_code, again.stderr) == (
        2,
        f"Error: {target} exists; pass --force to overwrite it\n",
    )


def test_profiles_lists_the_shipped_profiles() -> None:
    result = run("profiles")
    assert result.stdout.startswith("default\t")


@pytest.mark.parametrize("command", ["convert", "inspect", "profiles", "profile", "review"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) > 3


def test_inspect_maps_the_columns_of_a_dianxiaomi_export() -> None:
    result = run(
        "inspect", REAL_WORLD / "dianxiaomi_product_export.xls", "--currency", "USD", "--json"
    )
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert (data["format"], data["label_row"], data["data_start_row"]) == (
        "dianxiaomi-export",
        1,
        2,
    )
    assert data["columns"]["price"] == "全球商品价格"
    assert "成本（有差值）" in data["unmapped_columns"]  # the cost is never read as a price
    assert (data["products"], data["skus"], data["rejected_skus"]) == (1, 3, 0)
