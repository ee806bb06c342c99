"""`review` resolves and reads the export before the screen opens: a bad input is one line and
exit code 2, as for `convert`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_migrate.review.command import review_command
from tests.review.export import write_export


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(review_command, list(args))
    return result.exit_code, result.output


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, output = run(str(tmp_path / "nope.xlsx"))
    assert code == 2
    assert output.startswith("Error: ") and output.count("\n") == 1
    assert "Traceback" not in output


def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "shop.xlsx"
    bad.write_bytes(b"this is not a workbook")
    code, output = run(str(bad))
    assert code == 2 and output.startswith("Error: ") and output.count("\n") == 1


def test_a_decisions_file_for_another_target_is_refused(tmp_path: Path) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    decisions = tmp_path / "other.json"
    decisions.write_text('{"version": 1, "target": "faire", "products": {}}', encoding="utf-8")
    code, output = run(str(export), "--currency", "IDR", "--decisions", str(decisions))
    assert code == 2 and "written for target 'faire'" in output


@pytest.mark.parametrize("value", ["IDR", "IDR=abc", "IDR=-1", "IDRX=5"])
def test_a_bad_fx_is_a_usage_error(tmp_path: Path, value: str) -> None:
    export = write_export(tmp_path / "shop.xlsx")
    code, output = run(str(export), "--fx", value)
    assert code == 2 and "--fx" in output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(review_command, [str(tmp_path / "nope.xlsx"), "--debug"])
    assert result.exit_code != 0 and result.exception is not None
