"""How many listings are ready to upload, why the others are not, and what the seller can do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.codes import all_codes
from catalog_migrate.model import error, warning
from catalog_migrate.readiness import REMEDIES, Readiness
from catalog_migrate.report import RunReport

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_PROFILE = SAMPLES / "sample-shop.toml"


def test_every_issue_code_has_a_remedy() -> None:
    missing = sorted(set(all_codes()) - set(REMEDIES))
    assert not missing, f"no remedy in readiness.REMEDIES for: {', '.join(missing)}"
    stale = sorted(set(REMEDIES) - set(all_codes()))
    assert not stale, f"readiness.REMEDIES names codes the tool does not raise: {stale}"


def _report() -> RunReport:
    return RunReport(input="x.xlsx", format="tiktok-sheet", target="alibaba", currency="IDR",
                     profile="default")  # fmt: skip


def test_a_listing_is_ready_when_written_and_no_issue_names_its_product() -> None:
    readiness = Readiness()
    readiness.record_bare_issue(warning("currency.inferred", "prices read as IDR"))  # file-level
    readiness.record("P1", True, [])
    readiness.record("P2", True, [warning("category.unmapped", "no entry", product_key="P2")])
    readiness.record("P3", False, [error("price.missing", "empty", product_key="P3")])
    # A source warning about a product, said before or after the product itself.
    readiness.record_bare_issue(warning("id.float_corrupted", "lost digits", product_key="P4"))
    readiness.record("P4", True, [])
    readiness.record("P5", True, [])
    readiness.record_bare_issue(warning("variation.duplicate", "same", product_key="P5"))
    # A row grouped into no product: read, rejected, not ready.
    readiness.record_bare_issue(error("product.name_missing", "no name", source_row=9))
    report = _report()

    readiness.fill(report)

    assert report.listings_ready == 1
    assert report.ready_rate == round(1 / 6, 4)
    assert [(reason.code, reason.listings) for reason in report.not_ready] == [
        ("category.unmapped", 1),
        ("id.float_corrupted", 1),
        ("price.missing", 1),
        ("product.name_missing", 1),
        ("variation.duplicate", 1),
    ]
    assert report.not_ready[0].remedy == "map it: [categories] map_file, or `m` in review"


def test_reasons_count_listings_not_issues_most_first() -> None:
    readiness = Readiness()
    twice = [warning("spec.value_truncated", "cut", product_key="P1")] * 2
    readiness.record("P1", True, [*twice, warning("origin.missing", "none", product_key="P1")])
    readiness.record("P2", True, [warning("origin.missing", "none", product_key="P2")])
    report = _report()
    readiness.fill(report)
    assert [(reason.code, reason.listings) for reason in report.not_ready] == [
        ("origin.missing", 2),
        ("spec.value_truncated", 1),
    ]
    assert report.to_json()["not_ready"][0] == {
        "code": "origin.missing",
        "listings": 2,
        "remedy": "--origin CC, or [defaults] place_of_origin",
    }


def test_no_products_is_a_rate_of_zero() -> None:
    report = _report()
    Readiness().fill(report)
    assert (report.listings_ready, report.ready_rate, report.not_ready) == (0, 0.0, [])


def _convert(sample: str, tmp_path: Path, *args: str) -> dict[str, object]:
    source = Path(shutil.copy(SAMPLES / sample, tmp_path / sample))
    result = CliRunner().invoke(
        cli, ["convert", str(source), "--profile", str(SAMPLE_PROFILE), "--json", *args]
    )
    assert result.exit_code in (0, 1), result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_the_samples_are_at_least_90_percent_ready_with_the_sample_profile(
    tmp_path: Path,
) -> None:
    runs = [_convert(name, tmp_path, "--dry-run") for name in SAMPLE_SHOPS]
    ready = sum(int(str(run["listings_ready"])) for run in runs)
    considered = sum(
        int(str(run["products_read"])) - int(str(run["products_skipped_by_review"])) for run in runs
    )
    assert ready / considered >= 0.9, [run["not_ready"] for run in runs]
    reasons = {reason["code"] for run in runs for reason in run["not_ready"]}  # type: ignore[attr-defined]
    # The rows put there to show it keep their listings from being ready, and say why.
    assert {"category.prefix_mapped", "moq.above_stock", "price.unparseable"} <= reasons
    # With the origin set no listing lacks one, and every category is mapped.
    assert not reasons & {"origin.missing", "category.unmapped"}


SAMPLE_SHOPS = ("tiktok_id_fashion.xlsx", "tiktok_my_home.csv")


def test_the_summary_sheet_says_how_many_are_ready_and_why_not(tmp_path: Path) -> None:
    data = _convert("tiktok_id_fashion.xlsx", tmp_path, "-o", str(tmp_path / "out.xlsx"))
    report = openpyxl.load_workbook(tmp_path / "out.report.xlsx", read_only=True)
    sheet = report["Summary"].iter_rows(min_row=2, values_only=True)
    rows = {row[0]: (row[1:] or ("",))[0] for row in sheet}
    ready = data["listings_ready"]
    assert rows["listings_ready"] == str(ready)
    assert rows["ready_rate"] == f"{data['ready_rate']:.1%}"
    assert rows["not ready: category.prefix_mapped"] == (
        "1 listing; add the full source path to [categories] map_file, or map it with `m` in review"
    )
    assert rows["not ready: price.unparseable"].startswith("1 listing; fix the cell in the export")
    items = list(rows)
    assert items[items.index("ready_rate") + 1].startswith("not ready: ")
