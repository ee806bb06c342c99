"""The command line as a seller uses it: exit codes, exact summaries and messages, written files."""

from __future__ import annotations

import io
import json
import runpy
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from rich.console import Console
from rich.progress import Progress

from catalog_migrate import pipeline
from catalog_migrate.cli import cli
from catalog_migrate.cli_render import RunProgress, progress_columns
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx

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
        "│ read      │       45 │  185 │",
        "│ converted │       45 │  184 │",
        "│ rejected  │        0 │    1 │",
        "└───────────┴──────────┴──────┘",
        "warnings: 42   errors: 1",
    ]
    assert "most frequent issues: category.unmapped (35), language.not_translated (3)," in (
        result.stderr
    )
    assert f"output: {output}" in result.stderr
    assert f"report: {report}" in result.stderr
    products = openpyxl.load_workbook(output, read_only=True)["Products"]
    assert products.max_row == 46
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
    assert data["skus_read"] == data["skus_converted"] + data["skus_rejected"] == 185
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
            "target": None,
        }
    ]
    assert result.stderr == ""  # nothing but the JSON object when --json is given


def test_dry_run_writes_nothing_and_says_so(id_export: Path) -> None:
    result = run("convert", id_export, "--dry-run")
    assert result.exit_code == 1
    assert sorted(path.name for path in id_export.parent.iterdir()) == ["export.xlsx"]
    assert "dry run: no output and no report written" in result.stderr


def test_a_clean_export_exits_zero(tmp_path: Path) -> None:
    home = runpy.run_path(str(SAMPLES / "build_samples.py"))["malaysian_rows"]()
    storage_boxes = [row for row in home if row.get("seller_sku", "").startswith("MYH-02")]
    source = write_tiktok_csv(tmp_path / "my.csv", storage_boxes, delimiter=";")
    (tmp_path / "out").mkdir()
    result = run("convert", source, "-o", tmp_path / "out" / ".." / "wholesale.xlsx", "--json")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert (data["currency"], data["skus_read"], data["skus_converted"]) == ("MYR", 3, 3)
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
    assert (data["products"], data["skus"], data["rejected_skus"]) == (45, 184, 1)
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
    assert data["columns"]["value_1 (颜色)"] == "规格1（颜色）"  # an axis column is read
    assert "规格1（颜色）" not in data["unmapped_columns"]
    assert (data["products"], data["skus"], data["rejected_skus"]) == (1, 3, 0)


def _kaos_rows(**changes: object) -> list[dict[str, object]]:
    """Two plain T-shirts of an Indonesian shop, neither saying where it was made."""
    base: dict[str, object] = {
        "category": "Pakaian Wanita/Atasan/Kaos",
        "brand": "No brand",
        "product_description": "<p>Kaos polos</p>",
        "main_image": "https://img.example/kaos.jpg",
        "parcel_weight": 200,
        "parcel_length": 30,
        "parcel_width": 20,
        "parcel_height": 5,
        "price": "Rp 89.000",
        "quantity": 500,
    }
    rows = [
        {**base, "product_id": "1729384756000000001", "sku_id": "1729384756000000011",
         "product_name": "Kaos Polos Wanita Katun", "seller_sku": "KP-1"},
        {**base, "product_id": "1729384756000000002", "sku_id": "1729384756000000012",
         "product_name": "Kaos Polos Pria Katun", "seller_sku": "KP-2"},
    ]  # fmt: skip
    for row in rows:
        row.update(changes)
    return rows


@pytest.mark.parametrize(("given", "country"), [("ID", "Indonesia"), ("viet nam", "Vietnam")])
def test_origin_fills_the_place_of_origin_of_every_listing(
    tmp_path: Path, given: str, country: str
) -> None:
    source = write_tiktok_xlsx(tmp_path / "kaos.xlsx", _kaos_rows())
    result = run("convert", source, "--origin", given, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "origin.missing" not in {issue["code"] for issue in data["issues"]}
    products = openpyxl.load_workbook(tmp_path / "kaos.alibaba.xlsx", read_only=True)["Products"]
    rows = list(products.iter_rows(values_only=True))
    column = rows[0].index("Place of Origin")
    assert [row[column] for row in rows[1:]] == [country, country]


def test_a_missing_origin_is_one_warning_for_the_file_and_counts_against_every_listing(
    tmp_path: Path,
) -> None:
    source = write_tiktok_xlsx(tmp_path / "kaos.xlsx", _kaos_rows())
    data = json.loads(run("convert", source, "--dry-run", "--json").stdout)
    origin = [issue for issue in data["issues"] if issue["code"] == "origin.missing"]
    assert origin == [
        {
            "code": "origin.missing",
            "severity": "warning",
            "message": "2 of 2 products have no place of origin: the product does not say and "
            "neither --origin nor the profile's [defaults] place_of_origin is set; most "
            "Alibaba.com categories require it",
            "product_id": None,
            "seller_sku": None,
            "field": "place_of_origin",
            "source_row": None,
            "target": None,
        }
    ]
    assert data["not_ready"][0] == {
        "code": "origin.missing",
        "listings": 2,
        "remedy": "--origin CC, or [defaults] place_of_origin",
    }


def test_an_unknown_origin_is_a_usage_error(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(tmp_path / "kaos.xlsx", _kaos_rows())
    result = run("convert", source, "--origin", "Atlantis")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown country 'Atlantis' for --origin; give a code or English name: BD, BN, "
        "CN, HK, ID, IN, JP, KH, KR, LA, MM, MY, PH, PK, SG, TH, TW, US, VN\n"
    )


def test_the_summary_says_how_many_listings_are_ready_and_what_to_do(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(tmp_path / "kaos.xlsx", _kaos_rows())
    result = run("convert", source, "--dry-run")
    lines = result.stderr.splitlines()
    start = lines.index("warnings: 3   errors: 0")
    assert lines[start + 1 : start + 4] == [
        "ready to upload: 0 of 2 listings (0.0%) would be written with no warning and no error",
        "  not ready: origin.missing (2 listings): --origin CC, or [defaults] place_of_origin",
        "most frequent issues: currency.inferred (1), origin.missing (1), "
        "row.instruction_skipped (1)",
    ]
    result = run("convert", source, "--dry-run", "--origin", "ID", "--currency", "IDR")
    assert result.exit_code == 0
    assert (
        "ready to upload: 2 of 2 listings (100.0%) would be written with no warning and no error"
        in result.stderr.splitlines()
    )


def test_an_moq_above_the_stock_is_a_warning_unless_the_seller_makes_to_order(
    tmp_path: Path,
) -> None:
    source = write_tiktok_xlsx(tmp_path / "kaos.xlsx", _kaos_rows(quantity=40))
    data = json.loads(run("convert", source, "--origin", "ID", "--dry-run", "--json").stdout)
    stock = [issue for issue in data["issues"] if issue["code"] == "moq.above_stock"]
    assert [(issue["product_id"], issue["field"], issue["message"]) for issue in stock] == [
        (
            product_id,
            "moq",
            "the minimum order quantity 100 is above the 40 units in stock; a first order "
            "could not be filled from stock",
        )
        for product_id in ("1729384756000000001", "1729384756000000002")
    ]
    profile = tmp_path / "shop.toml"
    assert run("profile", "init", profile).exit_code == 0
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("make_to_order = false", "make_to_order = true"), "utf-8")
    data = json.loads(
        run("convert", source, "--origin", "ID", "--profile", profile, "--dry-run", "--json").stdout
    )
    assert "moq.above_stock" not in {issue["code"] for issue in data["issues"]}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.xlsx"], "input.not_found", "input file {tmp}/missing.xlsx does not exist"),
        (["plain.xlsx"], "currency.required", "plain.xlsx does not say which currency its prices "
         "are in: pass --currency (e.g. --currency IDR) or --region (e.g. --region ID)"),
        (["page.xls"], "input.unreadable", None),
        (["plain.xlsx", "--region", "XX"], "usage",
         "unknown region 'XX'; known regions: ID, MY, PH, SG, TH, US, VN"),
        (["plain.xlsx", "--origin", "XX"], "origin.unknown", None),
        (["plain.xlsx", "--fx", "IDR"], "usage",
         "Invalid value for '--fx': give CUR=RATE, e.g. --fx IDR=16250, not 'IDR'"),
        ([], "usage", "Missing argument 'INPUT'."),
        (["plain.xlsx", "--profile", "nope"], "profile.invalid",
         "no profile named 'nope'; shipped profiles: default"),
    ],
)  # fmt: skip
def test_with_json_a_run_that_stops_prints_the_error_as_json_on_stdout(
    tmp_path: Path, args: list[str], code: str, message: str | None
) -> None:
    write_tiktok_xlsx(
        tmp_path / "plain.xlsx", [{"product_name": "Kaos", "category": "A/B", "price": 89000}]
    )
    (tmp_path / "page.xls").write_text("<html><body><p>Log in</p></body></html>", "utf-8")
    paths = [str(tmp_path / arg) if arg.endswith((".xlsx", ".xls")) else arg for arg in args]
    result = run("convert", *paths, "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == code
    if message is not None:
        assert error["message"] == message.format(tmp=tmp_path)
    assert result.stderr.splitlines()[-1] == f"Error: {error['message']}"


def test_inspect_with_json_prints_its_error_as_json_too(tmp_path: Path) -> None:
    result = run("inspect", tmp_path / "missing.xlsx", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": {
            "code": "input.not_found",
            "message": f"input file {tmp_path / 'missing.xlsx'} does not exist",
        }
    }


def test_convert_reports_its_stages_with_the_rows_to_map(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(tmp_path / "kaos.xlsx", _kaos_rows())
    stages: list[tuple[str, int | None]] = []
    done: list[tuple[int, int]] = []
    options = pipeline.ConvertOptions(currency="IDR")
    pipeline.convert(
        source, options, lambda *counts: done.append(counts), lambda *s: stages.append(s)
    )
    rows = openpyxl.load_workbook(source)["Template"].max_row  # the sheet the export is read from
    assert stages == [("checking", None), ("reading", None), ("mapping", rows), ("writing", None)]
    assert done[-1] == (2, 2)


def test_the_progress_line_shows_stage_percentage_counts_and_time_left() -> None:
    console = Console(file=io.StringIO(), width=120, record=True, force_terminal=False)
    progress = Progress(*progress_columns(), console=console, auto_refresh=False)
    shown = RunProgress(progress)
    shown.stage("reading", None)
    console.print(progress.make_tasks_table(progress.tasks))
    shown.stage("mapping", 200)
    shown.advance(50, 120)
    console.print(progress.make_tasks_table(progress.tasks))
    reading, mapping = console.export_text().splitlines()
    assert "reading" in reading and "products" not in reading
    assert "mapping" in mapping and " 60%" in mapping
    assert "50 products, 120 SKUs of 200 rows" in mapping
    assert "-:--:--" in mapping or ":" in mapping.rsplit("rows", 1)[1]
