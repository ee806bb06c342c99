"""`convert --to a,b,...`: one read and one mapping, each target's files, one report, one commit."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from catalog_migrate import pipeline
from catalog_migrate.cli import cli
from catalog_migrate.model import Issue, Money, Provenance, WholesaleListing, warning
from catalog_migrate.targets import TARGETS
from catalog_migrate.targets.base import same_money
from catalog_migrate.targets.generic import GenericTarget
from tests.tiktok_builder import write_tiktok_xlsx

ALL = ",".join(TARGETS)  # every registered target, in the registry's order


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def kaos(number: int, category: str | None = "Pakaian Wanita/Atasan/Kaos") -> dict[str, object]:
    return {
        "product_id": f"17293847561029{number:05d}",
        "sku_id": f"17293847562029{number:05d}",
        "category": category,
        "product_name": f"Kaos Polos Wanita Katun {number}",
        "product_description": "<p>Bahan: Katun</p>",
        "main_image": "https://img.example/kaos.jpg",
        "parcel_weight": 200,
        "parcel_length": 30,
        "parcel_width": 20,
        "parcel_height": 5,
        "price": "Rp 89.000",
        "quantity": 500,
        "seller_sku": f"KP-{number}",
    }


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_tiktok_xlsx(tmp_path / "kaos.xlsx", [kaos(1), kaos(2)])


def files_of(folder: Path, stem: str = "kaos") -> set[str]:
    """What a run with every target writes into `folder`: each target's files and one report."""
    names = {f"{stem}.report.xlsx"}
    for name, target in TARGETS.items():
        names.update(path.name for path in target.outputs(folder / f"{stem}.{name}{target.suffix}"))
    return names


def listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def issue_rows(report: Path) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(report)["Issues"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_target_gets_its_files_in_the_folder_with_one_report(
    export: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "upload"  # missing: made by the run
    result = run("convert", export, "--to", ALL, "-o", folder, "--origin", "ID", "--json")
    assert result.exit_code == 0, result.stderr
    assert listing(folder) == files_of(folder)
    data = json.loads(result.stdout)
    assert data["target"] == ALL
    assert data["output"] == str(folder)
    assert data["report"] == str(folder / "kaos.report.xlsx")
    assert list(data["targets"]) == list(TARGETS)
    assert data["products_read"] == 2
    for name, counts in data["targets"].items():
        assert counts["products_converted"] == 2, name
        assert counts["skus_converted"] == 2, name
        assert counts["products_rejected"] == counts["skus_rejected"] == 0, name
        main = folder / f"kaos.{name}{TARGETS[name].suffix}"
        assert counts["files"] == [str(path) for path in TARGETS[name].outputs(main)]


def test_the_summary_shows_the_counts_and_files_of_each_target(
    export: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "upload"
    result = run("convert", export, "--to", "alibaba,generic", "-o", folder, "--origin", "ID")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:7] == [
        "┏━━━━━━━━━┳━━━━━━━━━━┳━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┓",
        "┃         ┃ products ┃ SKUs ┃ rejected ┃    ready ┃",
        "┡━━━━━━━━━╇━━━━━━━━━━╇━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━┩",
        "│ read    │        2 │    2 │          │          │",
        "│ alibaba │        2 │    2 │        - │ 2 (100%) │",
        "│ generic │        2 │    2 │        - │ 2 (100%) │",
        "└─────────┴──────────┴──────┴──────────┴──────────┘",
    ]
    assert lines[-4:] == [
        f"output (alibaba): {folder / 'kaos.alibaba.xlsx'}",
        f"output (generic): {folder / 'kaos.generic.csv'}",
        f"output (generic): {folder / 'kaos.generic.jsonl'}",
        f"report: {folder / 'kaos.report.xlsx'}",
    ]
    # The targets agree, so their readiness is said once.
    assert [line for line in lines if line.startswith("ready to upload")] == [
        "ready to upload to alibaba, generic: 2 of 2 listings (100.0%) are written with no "
        "warning and no error"
    ]


def test_a_listing_one_target_rejects_is_written_to_the_others(tmp_path: Path) -> None:
    # Alibaba.com needs a category; the generic files take the listing as mapped.
    export = write_tiktok_xlsx(tmp_path / "kaos.xlsx", [kaos(1), kaos(2, category=None)])
    result = run("convert", export, "--to", "alibaba,generic", "--origin", "ID", "--json")
    assert result.exit_code == 1  # a target rejected a product
    data = json.loads(result.stdout)
    alibaba, generic = data["targets"]["alibaba"], data["targets"]["generic"]
    assert [alibaba[key] for key in ("products_converted", "products_rejected")] == [1, 1]
    assert [alibaba[key] for key in ("skus_converted", "skus_rejected")] == [1, 1]
    assert [generic[key] for key in ("products_converted", "products_rejected")] == [2, 0]
    # As a whole, each product was written somewhere.
    assert [data[key] for key in ("products_converted", "products_rejected")] == [2, 0]
    for counts in (alibaba, generic, data):
        assert data["skus_read"] == counts["skus_converted"] + counts["skus_rejected"]
    products = openpyxl.load_workbook(tmp_path / "kaos.alibaba.xlsx", read_only=True)["Products"]
    assert [row[0] for row in products.iter_rows(min_row=2, values_only=True)] == [
        "1729384756102900001"
    ]
    with (tmp_path / "kaos.generic.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["product_id"] for row in csv.DictReader(handle)]
    assert ids == ["1729384756102900001", "1729384756102900002"]
    # One report beside the input; the rule's error names its target.
    assert not (tmp_path / "kaos.alibaba.report.xlsx").exists()
    rows = issue_rows(tmp_path / "kaos.report.xlsx")
    missing = [
        (row["Source Row"], row["Severity"], row["Target"])
        for row in rows
        if row["Code"] == "category.missing"
    ]
    assert missing == [(7, "error", "alibaba")]
    errors = [issue for issue in data["issues"] if issue["severity"] == "error"]
    assert [(issue["code"], issue["target"]) for issue in errors] == [
        ("category.missing", "alibaba")
    ]


def test_the_report_summary_has_the_rows_of_each_target(export: Path, tmp_path: Path) -> None:
    result = run("convert", export, "--to", "alibaba,generic", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out" / "kaos.report.xlsx")["Summary"]
    items = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert items["target"] == "alibaba,generic"
    assert items["alibaba: products_converted"] == "2"
    assert items["generic: skus_converted"] == "2"
    assert items["generic: currency_note"] == "USD"
    assert items["generic: files"] == "\n".join(
        str(tmp_path / "out" / name) for name in ("kaos.generic.csv", "kaos.generic.jsonl")
    )


def test_the_alibaba_workbook_is_the_same_bytes_alone_or_with_other_targets(
    export: Path, tmp_path: Path
) -> None:
    assert run("convert", export, "--to", "alibaba").exit_code == 0
    alone = (tmp_path / "kaos.alibaba.xlsx").read_bytes()
    assert run("convert", export, "--to", ALL, "-o", tmp_path / "all").exit_code == 0
    assert (tmp_path / "all" / "kaos.alibaba.xlsx").read_bytes() == alone


def test_without_o_the_files_go_beside_the_input(export: Path, tmp_path: Path) -> None:
    before = listing(tmp_path)
    result = run("convert", export, "--to", ALL)
    assert result.exit_code == 0, result.stderr
    assert listing(tmp_path) - before == files_of(tmp_path)


def test_a_dry_run_lists_every_file_and_writes_none(export: Path, tmp_path: Path) -> None:
    folder = tmp_path / "upload"
    result = run("convert", export, "--to", ALL, "-o", folder, "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    assert not folder.exists()  # not even the folder
    written = json.loads(result.stdout)["would_write"]
    assert {Path(path).name for path in written} == files_of(folder)
    assert written[-1] == str(folder / "kaos.report.xlsx")
    shown = run("convert", export, "--to", ALL, "-o", folder, "--dry-run").stderr.splitlines()
    assert [line for line in shown if line.startswith("  would have written: ")] == [
        f"  would have written: {path}" for path in written
    ]


def test_o_naming_a_file_with_several_targets_is_refused(export: Path, tmp_path: Path) -> None:
    taken = tmp_path / "out.xlsx"
    taken.write_bytes(b"previous")
    result = run("convert", export, "--to", "alibaba,generic", "-o", taken)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: -o {taken}: with several targets -o names a folder for their files, and "
        f"{taken} is a file\n"
    )
    assert taken.read_bytes() == b"previous"


def test_a_folder_under_a_missing_folder_is_refused(export: Path, tmp_path: Path) -> None:
    folder = tmp_path / "missing" / "upload"
    result = run("convert", export, "--to", "alibaba,generic", "-o", folder)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot make the folder {folder}: {folder.parent} is not a folder\n"
    )


def test_a_failed_run_removes_the_folder_it_made(export: Path, tmp_path: Path) -> None:
    # The run stops after mapping: no product of the export is in the decisions file.
    decisions = tmp_path / "other.decisions.json"
    decisions.write_text(
        '{"version": 1, "target": "alibaba", "products": {"1": {"status": "accepted"}}}',
        encoding="utf-8",
    )
    folder = tmp_path / "upload"
    result = run(
        "convert", export, "--to", "alibaba,generic", "-o", folder, "--decisions", decisions,
        "--only-accepted", "--json",
    )  # fmt: skip
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "decisions.unmatched"
    assert not folder.exists()


@pytest.mark.parametrize(
    ("target", "name", "suffix"),
    [("alibaba", "out.csv", ".xlsx"), ("generic", "out.xlsx", ".csv")],
)
def test_an_output_named_for_another_format_is_refused(
    export: Path, tmp_path: Path, target: str, name: str, suffix: str
) -> None:
    result = run("convert", export, "--to", target, "-o", tmp_path / name, "--json")
    assert result.exit_code == 2
    message = (
        f"-o {tmp_path / name}: {target} writes a {suffix} file; give a name ending in {suffix}"
    )
    assert json.loads(result.stdout) == {"error": {"code": "usage", "message": message}}
    assert not (tmp_path / name).exists()


def test_a_report_not_named_xlsx_is_refused(export: Path, tmp_path: Path) -> None:
    result = run("convert", export, "--report", tmp_path / "report.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --report {tmp_path / 'report.csv'}: the report is a .xlsx workbook; give a name "
        "ending in .xlsx\n"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("alibaba,ebay", f"unknown target 'ebay'; known targets: {', '.join(sorted(TARGETS))}"),
        ("alibaba,Alibaba", "--to names alibaba twice"),
        (",", f"--to names no target; known targets: {', '.join(sorted(TARGETS))}"),
    ],
)
def test_a_bad_target_list_is_one_line(export: Path, given: str, message: str) -> None:
    result = run("convert", export, "--to", given)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"


def test_a_file_in_the_way_of_one_target_writes_nothing_at_all(
    export: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "kaos.alibaba.xlsx").write_bytes(b"previous")
    (folder / "kaos.generic.jsonl").mkdir()  # the generic companion cannot be written
    result = run("convert", export, "--to", "alibaba,generic", "-o", folder)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot write {folder / 'kaos.generic.jsonl'}: it is a folder; give -o a file "
        "name\n"
    )
    assert listing(folder) == {"kaos.alibaba.xlsx", "kaos.generic.jsonl"}
    assert (folder / "kaos.alibaba.xlsx").read_bytes() == b"previous"


def test_decisions_apply_to_every_target(export: Path, tmp_path: Path) -> None:
    decisions = tmp_path / "kaos.decisions.json"
    decisions.write_text(
        json.dumps(
            {
                "version": 1,
                "target": "alibaba",
                "input": "kaos.xlsx",
                "products": {"1729384756102900002": {"status": "rejected"}},
            }
        ),
        encoding="utf-8",
    )
    # A file reviewed for alibaba applies though alibaba is not the first target.
    result = run("convert", export, "--to", "generic,alibaba", "--decisions", decisions, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["products_converted"], data["products_skipped_by_review"]) == (1, 1)
    for counts in data["targets"].values():
        assert (counts["products_converted"], counts["products_skipped_by_review"]) == (1, 1)
        assert counts["skus_converted"] + counts["skus_skipped_by_review"] == data["skus_read"]


# --- the store currency ----------------------------------------------------------------------


class StoreTarget(GenericTarget):
    """The generic files, priced in the seller's store currency (as a shop channel would be)."""

    name = "storefront"
    store_currency = True


@pytest.fixture
def storefront(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(TARGETS, "storefront", StoreTarget())
    yield


def prices(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["currency"], row["price"], row["tiers"]) for row in csv.DictReader(handle)]


@pytest.mark.usefixtures("storefront")
def test_a_store_currency_target_prices_in_the_store_currency(export: Path, tmp_path: Path) -> None:
    # 89,000 IDR x 0.5 at 16,250 IDR/USD = 2.74 USD; x 0.92 EUR/USD = 2.5208 -> 2.52 EUR.
    result = run(
        "convert", export, "--to", "generic,storefront", "--store-currency", "eur",
        "--fx", "EUR=0.92",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert prices(tmp_path / "kaos.generic.csv")[0][:2] == ("USD", "2.74")
    assert prices(tmp_path / "kaos.storefront.csv")[0][:2] == ("EUR", "2.52")
    line = json.loads((tmp_path / "kaos.storefront.jsonl").read_text().splitlines()[0])
    assert (line["currency"], line["skus"][0]["price"]) == ("EUR", "2.52")
    assert line["skus"][0]["retail_price"] == {"amount": "89000", "currency": "IDR"}
    assert (
        "prices for storefront: EUR at 0.92 EUR per USD (exchange rates of 2026-11-01)"
        in result.stderr.splitlines()
    )
    items = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(tmp_path / "kaos.report.xlsx")["Summary"].iter_rows(
            min_row=2, values_only=True
        )
    }
    assert items["storefront: currency_note"] == (
        "EUR at 0.92 EUR per USD (exchange rates of 2026-11-01)"
    )


@pytest.mark.usefixtures("storefront")
def test_a_currency_without_minor_units_is_rounded_to_whole_units(
    export: Path, tmp_path: Path
) -> None:
    result = run(
        "convert", export, "--to", "storefront", "--store-currency", "JPY", "--fx", "JPY=150.7",
        "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["targets"]["storefront"]["currency"] == "JPY"
    # 2.7384... USD x 150.7 = 412.68 -> 413 JPY (the listing's own USD price is 2.74)
    currency, price, _ = prices(tmp_path / "kaos.storefront.csv")[0]
    assert (currency, price) == ("JPY", "413")


@pytest.mark.usefixtures("storefront")
def test_the_profile_names_the_store_currency(export: Path, tmp_path: Path) -> None:
    profile = tmp_path / "shop.toml"
    assert run("profile", "init", profile).exit_code == 0
    profile.write_text(
        profile.read_text(encoding="utf-8") + '\n[targets]\nstore_currency = "SGD"\n',
        encoding="utf-8",
    )
    result = run("convert", export, "--to", "storefront", "--profile", profile, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["targets"]["storefront"]["currency_note"] == (
        "SGD at 1.30 SGD per USD (exchange rates of 2026-11-01)"
    )
    assert prices(tmp_path / "kaos.storefront.csv")[0][:2] == ("SGD", "3.56")


@pytest.mark.usefixtures("storefront")
def test_a_store_currency_without_a_rate_stops_the_run(export: Path, tmp_path: Path) -> None:
    result = run("convert", export, "--to", "storefront", "--store-currency", "CHF", "--json")
    assert result.exit_code == 2
    message = (
        "no exchange rate from USD to CHF for storefront: pass --fx CHF=RATE or add it under "
        "[fx.rates]"
    )
    assert json.loads(result.stdout) == {"error": {"code": "fx.missing_rate", "message": message}}
    assert listing(tmp_path) == {"kaos.xlsx"}


def test_targets_that_do_not_price_in_the_store_currency_keep_theirs(
    export: Path, tmp_path: Path
) -> None:
    result = run("convert", export, "--to", "alibaba,generic", "--store-currency", "EUR", "--json")
    assert result.exit_code == 0, result.stderr
    targets = json.loads(result.stdout)["targets"]
    assert [targets[name]["currency"] for name in ("alibaba", "generic")] == ["USD", "USD"]


def test_a_store_currency_that_is_no_code_is_refused(export: Path) -> None:
    result = run("convert", export, "--store-currency", "euro")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --store-currency takes an ISO 4217 code such as EUR, not 'euro'\n"
    )


def test_review_works_on_the_first_target_of_a_list(export: Path) -> None:
    from catalog_migrate.review.command import open_session

    options = pipeline.ConvertOptions(target="generic,alibaba", currency="IDR", dry_run=True)
    session = open_session(export, options)
    assert session.decisions.target == "generic"
    assert not list(export.parent.glob("*.generic.*"))  # review writes no output


class ShortTitleTarget(GenericTarget):
    """A channel with a short title limit: its prepare cuts the title and says so."""

    name = "shorttitle"

    def prepare(
        self, listing: WholesaleListing, convert: Callable[[Money], Money] = same_money
    ) -> tuple[WholesaleListing, list[Issue]]:
        listing, _ = super().prepare(listing, convert)
        title = listing.title[:12]
        entry = Provenance(field="title", value=title, rule="shorttitle: cut to 12 characters")
        changed = listing.model_copy(
            update={"title": title, "provenance": [*listing.provenance, entry]}
        )
        note = warning("title.truncated", "cut to 12 characters", product_key="x", field="title")
        return changed, [note]


def test_the_provenance_of_a_product_is_written_once_with_what_each_target_changed(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(TARGETS, "shorttitle", ShortTitleTarget())
    folder = tmp_path / "out"
    result = run("convert", export, "--to", "generic,shorttitle", "-o", folder, "--origin", "ID")
    assert result.exit_code == 0, result.stderr
    with (folder / "kaos.shorttitle.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["title"] for row in csv.DictReader(handle)] == ["Women Cotton"] * 2
    sheet = openpyxl.load_workbook(folder / "kaos.report.xlsx")["Provenance"]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    first = [row for row in rows if row[0] == "1729384756102900001"]
    assert len(first) == len(set(first))  # nothing twice
    assert [row[1:] for row in first if row[1].startswith("shorttitle: ")] == [
        ("shorttitle: title", "Women Cotton", "shorttitle: cut to 12 characters")
    ]
    targets = {row["Target"] for row in issue_rows(folder / "kaos.report.xlsx")}
    assert "shorttitle" in targets
