"""Unlucky and hostile profiles, decisions files and options: each is one line and exit code 2 (or,
for a value too long to write, a rejected SKU), never an internal error."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from catalog_migrate.cli import cli
from catalog_migrate.profile import copy_shipped
from tests.review.export import export_rows
from tests.tiktok_builder import write_tiktok_csv


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_tiktok_csv(tmp_path / "shop.csv", export_rows(), encoding="utf-8")


def edited_profile(folder: Path, old: str, new: str) -> Path:
    """A seller's copy of the default profile with one line changed."""
    path = folder / "seller.toml"
    copy_shipped("default", path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def assert_one_line(result: Result, expected: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert result.stderr == f"Error: {expected}\n"


def test_a_seller_sku_too_long_for_a_cell_rejects_that_sku(tmp_path: Path) -> None:
    rows = export_rows()
    rows[0]["seller_sku"] = "KRN-" + "9" * 40_000
    source = write_tiktok_csv(tmp_path / "shop.csv", rows, encoding="utf-8")
    profile = edited_profile(tmp_path, "max_cell_chars = 32767", "max_cell_chars = 100000")
    result = run("convert", source, "--currency", "IDR", "--profile", profile)
    assert result.exit_code == 1, result.stderr
    line = next(line for line in result.stderr.splitlines() if "rejected row" in line)
    assert line == (
        f"  rejected row 6 (KRN-{'9' * 56}): cell.too_long: "
        "the seller SKU has 40,004 characters; a cell holds 32,767"
    )
    skus = openpyxl.load_workbook(tmp_path / "shop.alibaba.xlsx", read_only=True)["SKUs"]
    seller_skus = [row[2] for row in skus.iter_rows(min_row=2, values_only=True)]
    assert seller_skus == ["KRN-002", "KRN-003", "KRN-004", "KRN-005", "KRN-006"]


@pytest.mark.parametrize("codec", ["base64", "rot13", "hex", "zlib"])
@pytest.mark.parametrize("command", ["convert", "inspect", "review"])
def test_an_encoding_that_is_not_a_text_encoding_is_refused(
    export: Path, codec: str, command: str
) -> None:
    result = run(command, export, "--encoding", codec, "--currency", "IDR")
    assert_one_line(
        result,
        f"--encoding {codec} is not a text encoding: use a name such as utf-8, utf-16, cp1252 "
        "or gbk",
    )


@pytest.mark.parametrize("codec", ["undefined", "punycode"])
@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_a_text_encoding_that_cannot_decode_the_file_is_one_line(
    export: Path, codec: str, command: str
) -> None:
    result = run(command, export, "--encoding", codec, "--currency", "IDR")
    assert_one_line(
        result,
        f"shop.csv cannot be decoded as {codec}: check the --encoding value (a name such as "
        "utf-8, utf-16, cp1252 or gbk)",
    )


@pytest.mark.parametrize("command", ["convert", "review"])
def test_a_deeply_nested_decisions_file_is_refused(
    tmp_path: Path, export: Path, command: str
) -> None:
    decisions = tmp_path / "deep.json"
    nested = "[" * 100_000 + "]" * 100_000
    decisions.write_text(
        f'{{"version": 1, "target": "alibaba", "products": {{"1": {nested}}}}}', encoding="utf-8"
    )
    result = run(command, export, "--currency", "IDR", "--decisions", decisions)
    assert_one_line(
        result, "decisions file deep.json nests deeper than 32 levels: it is not a decisions file"
    )


def test_a_decisions_file_with_an_endless_number_is_refused(tmp_path: Path, export: Path) -> None:
    decisions = tmp_path / "big.json"
    decisions.write_text(
        '{"version": 1, "target": "alibaba", "products": {}, "cursor": ' + "7" * 5000 + "}",
        encoding="utf-8",
    )
    result = run("convert", export, "--currency", "IDR", "--decisions", decisions)
    assert_one_line(
        result, "decisions file big.json has a number too long to read: it is not a decisions file"
    )


def test_brackets_inside_decisions_strings_do_not_count_as_nesting(
    tmp_path: Path, export: Path
) -> None:
    decisions = tmp_path / "ok.json"
    decisions.write_text(
        '{"version": 1, "target": "alibaba", "products": {}, "input": "' + "[{" * 100 + '"}',
        encoding="utf-8",
    )
    result = run("convert", export, "--currency", "IDR", "--decisions", decisions, "--dry-run")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = " + "[" * 5_000 + "]" * 5_000, "nests arrays or tables too deeply to be a profile"),
        ("x = " + "{a = " * 3_000 + "1" + "}" * 3_000, "nests arrays or tables too deeply"),
        ("x = " + "1" * 5_000, "has a number too long to read"),
    ],
    ids=["arrays", "tables", "number"],
)
def test_a_profile_too_deep_or_with_an_endless_number_is_refused(
    tmp_path: Path, export: Path, line: str, expected: str
) -> None:
    profile = edited_profile(tmp_path, 'name = "default"', f'name = "default"\n{line}')
    result = run("convert", export, "--currency", "IDR", "--profile", profile)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"Error: profile seller.toml {expected}")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("max_cell_chars = 32767", "max_cell_chars = 99999999999999999999", "max_cell_chars"),
        ("max_rows = 400000", "max_rows = 4294967296", "max_rows"),
    ],
)
def test_a_profile_integer_beyond_what_can_work_names_its_key(
    tmp_path: Path, export: Path, old: str, new: str, key: str
) -> None:
    profile = edited_profile(tmp_path, old, new)
    result = run("convert", export, "--currency", "IDR", "--profile", profile)
    assert_one_line(
        result, f"profile seller.toml: limits.{key} is too large (at most 2,147,483,647)"
    )


def test_a_category_map_that_is_not_utf8_names_its_line(tmp_path: Path, export: Path) -> None:
    profile = edited_profile(tmp_path, 'map_file = "seller.categories.csv"', 'map_file = "cp.csv"')
    (tmp_path / "cp.csv").write_bytes(
        "source_category,target_category\nPakaian Wanita/Dress,Robes d'été\n".encode("cp1252")
    )
    result = run("convert", export, "--currency", "IDR", "--profile", profile)
    assert_one_line(result, "category map cp.csv is not UTF-8 text (line 2): save it as CSV UTF-8")


def test_an_empty_map_file_is_refused_at_load(tmp_path: Path, export: Path) -> None:
    profile = edited_profile(tmp_path, 'map_file = "seller.categories.csv"', 'map_file = " "')
    result = run("convert", export, "--currency", "IDR", "--profile", profile)
    assert_one_line(
        result,
        "profile seller.toml: categories.map_file: is empty: name the category map CSV "
        "(beside the profile)",
    )


@pytest.mark.parametrize("currency", ["EUR", "usd"])
@pytest.mark.parametrize("command", ["convert", "review"])
def test_a_pricing_currency_the_target_does_not_take_is_refused(
    tmp_path: Path, export: Path, currency: str, command: str
) -> None:
    profile = edited_profile(tmp_path, 'currency = "USD"', f'currency = "{currency}"')
    result = run(command, export, "--currency", "IDR", "--profile", profile)
    assert_one_line(
        result,
        f"profile seller.toml: pricing.currency is '{currency}', but alibaba takes prices in "
        'USD: set pricing.currency = "USD"',
    )


def test_a_decisions_file_with_half_a_surrogate_pair_is_refused(
    tmp_path: Path, export: Path
) -> None:
    decisions = tmp_path / "half.json"
    decisions.write_text(
        '{"version": 1, "target": "alibaba", "products": {"1729000000000000001": '
        '{"status": "accepted", "overrides": {"category": "Kaos \\ud800"}}}}',
        encoding="utf-8",
    )
    result = run("convert", export, "--currency", "IDR", "--decisions", decisions)
    assert_one_line(
        result,
        "decisions file half.json holds text that is not valid Unicode (a lone surrogate): "
        "it is not a decisions file",
    )


def test_a_decisions_file_with_an_escaped_emoji_is_read(tmp_path: Path, export: Path) -> None:
    decisions = tmp_path / "emoji.json"
    decisions.write_text(
        '{"version": 1, "target": "alibaba", "products": {"1729000000000000001": '
        '{"status": "rejected", "overrides": {"category": "Kaos \\ud83d\\ude00"}}}}',
        encoding="utf-8",
    )
    result = run("convert", export, "--currency", "IDR", "--decisions", decisions, "--dry-run")
    assert result.exit_code == 0, result.stderr
