"""`convert` after `review`: the profile and decisions review saved are the ones used, and the
summary, report and JSON say which files those were."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from catalog_migrate import pipeline
from catalog_migrate.cli import cli
from catalog_migrate.decisions import DecisionsFile
from catalog_migrate.model import Decision
from catalog_migrate.profile import load, normalise_category
from catalog_migrate.profile_writer import save_seller_profile
from catalog_migrate.review.command import open_session
from tests.review.export import TOYS, export_rows, write_export
from tests.tiktok_builder import write_tiktok_xlsx

SAVED_TARGET = "Toys & Hobbies > Stuffed Toys"


def run(*args: str | Path) -> Result:
    currency = ["--currency", "IDR"] if args[0] == "convert" else []
    return CliRunner().invoke(cli, [str(arg) for arg in args] + currency)


def save_review_profile(folder: Path, stem: str = "shop") -> Path:
    """What review's mappings view leaves beside the export: the toys category mapped."""
    shipped = load()
    path = folder / f"{stem}.profile.toml"
    save_seller_profile(
        shipped,
        path,
        category_map={**shipped.category_map, normalise_category(TOYS): SAVED_TARGET},
        attribute_names=shipped.attributes.names,
        units_by_category=shipped.units.by_category,
    )
    return path


def save_decisions(path: Path, input_name: str, statuses: dict[str, str]) -> Path:
    decisions = {key: Decision(status=status) for key, status in statuses.items()}  # type: ignore[arg-type]
    DecisionsFile(path, "alibaba", input_name=input_name, decisions=decisions).save()
    return path


def categories(output: Path) -> list[str]:
    sheet = openpyxl.load_workbook(output, read_only=True)["Products"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Category")
    return [str(row[column]) for row in rows[1:]]


def test_without_profile_convert_uses_the_profile_review_saved_and_says_so(
    tmp_path: Path,
) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    saved = save_review_profile(tmp_path)
    result = run("convert", export, "--origin", "ID")
    assert categories(tmp_path / "shop.alibaba.xlsx").count(SAVED_TARGET) == 2
    assert f"profile: {saved} (saved by review for this export)" in result.stderr.splitlines()


def test_the_json_and_report_name_the_profile_file_used(tmp_path: Path) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    shipped = json.loads(run("convert", export, "--dry-run", "--json").stdout)
    assert (shipped["profile"], shipped["profile_file"]) == ("default", None)
    saved = save_review_profile(tmp_path)
    data = json.loads(run("convert", export, "--dry-run", "--json").stdout)
    assert data["profile_file"] == str(saved)
    run("convert", export)
    summary = openpyxl.load_workbook(tmp_path / "shop.alibaba.report.xlsx")["Summary"]
    items = {row[0]: row[1] for row in summary.iter_rows(values_only=True)}
    assert items["profile_file"] == str(saved)


def test_another_profile_than_the_saved_one_is_used_with_a_warning_naming_both(
    tmp_path: Path,
) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    saved = save_review_profile(tmp_path)
    other = tmp_path / "other.toml"
    assert run("profile", "init", other).exit_code == 0
    result = run("convert", export, "--profile", other, "--origin", "ID")
    assert SAVED_TARGET not in categories(tmp_path / "shop.alibaba.xlsx")
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warned == [
        f"warning: profile.not_from_review: --profile {other} is used, not {saved}, the profile "
        "review saved for this export: the mapping edits made in review are not applied"
    ]
    assert f"profile: {other}" in result.stderr.splitlines()
    # The saved profile given by name is no warning.
    same = run("convert", export, "--profile", saved, "--dry-run")
    assert "profile.not_from_review" not in same.stderr


def test_a_decisions_file_of_another_export_is_a_warning(tmp_path: Path) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    decisions = save_decisions(
        tmp_path / "march.decisions.json", "march.xlsx", {"1729000000000000001": "rejected"}
    )
    result = run("convert", export, "--decisions", decisions, "--dry-run")
    assert (
        "warning: decisions.other_export: decisions file march.decisions.json was made for "
        "march.xlsx, not shop.xlsx: only decisions on products with the same ID are applied"
    ) in result.stderr.splitlines()


def test_only_accepted_with_no_product_in_the_decisions_is_exit_2(tmp_path: Path) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    decisions = save_decisions(tmp_path / "march.decisions.json", "march.xlsx", {"999": "accepted"})
    result = run("convert", export, "--decisions", decisions, "--only-accepted")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --only-accepted: no product of shop.xlsx is in decisions file "
        "march.decisions.json, so nothing would be written; review this export or give its "
        "own decisions file\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["march.decisions.json", "shop.xlsx"]
    stopped = run("convert", export, "--decisions", decisions, "--only-accepted", "--json")
    assert json.loads(stopped.stdout)["error"]["code"] == "decisions.unmatched"


def test_a_listing_skipped_in_review_is_not_also_listed_as_rejected(tmp_path: Path) -> None:
    rows = export_rows()
    bad = {**rows[0], "sku_id": "17290000000000000999", "seller_sku": "KRN-BAD", "price": "abc"}
    export = tmp_path / "shop.xlsx"
    write_tiktok_xlsx(export, [rows[0], bad, *rows[1:]])
    decisions = save_decisions(
        tmp_path / "shop.decisions.json", "shop.xlsx", {"1729000000000000001": "rejected"}
    )
    result = run("convert", export, "--decisions", decisions, "--dry-run", "--origin", "ID")
    lines = result.stderr.splitlines()
    assert not [line for line in lines if "rejected row" in line]
    assert "│ rejected          │        0 │    0 │" in lines
    assert "│ skipped by review │        1 │    2 │" in lines
    assert result.exit_code == 0


def test_a_dry_run_names_the_files_it_would_have_written_and_no_stray_line(
    tmp_path: Path,
) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    result = run("convert", export, "--dry-run")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("┏")  # piped: the table is the first line, nothing before it
    assert lines[-2:] == [
        f"  would have written: {tmp_path / 'shop.alibaba.xlsx'}",
        f"  would have written: {tmp_path / 'shop.alibaba.report.xlsx'}",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["shop.xlsx"]
    assert json.loads(run("convert", export, "--dry-run", "--json").stdout)["would_write"] == [
        str(tmp_path / "shop.alibaba.xlsx"),
        str(tmp_path / "shop.alibaba.report.xlsx"),
    ]


def test_review_opens_with_the_saved_profile_and_warns_of_another(tmp_path: Path) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    saved = save_review_profile(tmp_path)
    options = pipeline.ConvertOptions(currency="IDR", dry_run=True)
    session = open_session(export, options)
    assert session.profile.path == saved and session.notices == []
    other = tmp_path / "other.toml"
    run("profile", "init", other)
    session = open_session(export, replace(options, profile=str(other)))
    assert session.profile_path == other  # mapping edits go into the file given
    assert session.notices == [
        f"--profile {other} is used, not {saved}, the profile review saved for this export: "
        "the mapping edits made in review are not applied"
    ]
