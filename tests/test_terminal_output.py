"""Text from a hostile export never drives the terminal: controls are shown as visible escapes, and
output that is not a terminal holds no escape byte at all."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalog_migrate.cli import cli
from catalog_migrate.cli_render import terminal_console
from catalog_migrate.terminal_text import printable
from tests.review.export import export_rows
from tests.tiktok_builder import write_tiktok_xlsx

CLEAR = "\x1b[2J\x1b[H"  # clears the screen
CLIPBOARD = "\x1b]52;c;ZWNobyBoaQ==\x07"  # OSC 52: writes "echo hi" to the clipboard
CSI_C1 = "\x9b2J"  # the one-byte C1 form of ESC [
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shows what follows backwards
LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE

RAW = ("\x1b", "\x07", "\x9b", RLO, LRI)


@pytest.fixture(autouse=True)
def forced_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    # Even when the environment asks for colour, a pipe or a file gets no escape byte.
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")


def hostile_export(path: Path) -> Path:
    rows = export_rows()
    rows[0]["product_name"] = f"Kaos {CLIPBOARD}Polos [bold]x[/bold]"
    rows[0]["category"] = f"Pakaian{CLEAR}/Kaos{RLO}"
    rows[1]["seller_sku"] = f"KRN-{CLEAR}002{RLO}"
    rows[1]["price"] = "Rp \x1b[31m??"
    rows[2]["seller_sku"] = f"KRN-{CSI_C1}003{LRI}"
    rows[2]["price"] = "abc"
    return write_tiktok_xlsx(path, rows, labels={"seller_sku": f"Seller SKU{CLIPBOARD}"})


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def assert_no_raw_controls(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        for character in RAW:
            assert character not in stream, f"{character!r} reached the terminal"
    assert b"\x1b" not in result.stdout_bytes + result.stderr_bytes


def test_printable_spells_out_controls_and_bidi_and_keeps_the_rest() -> None:
    assert printable(f"a{CLEAR}b") == "a\\x1b[2J\\x1b[Hb"
    assert printable(CLIPBOARD) == "\\x1b]52;c;ZWNobyBoaQ==\\x07"
    assert printable(f"{CSI_C1}\x7f\x00") == "\\x9b2J\\x7f\\x00"
    assert printable(f"ABC{RLO}321{LRI}\u2069\u200f") == "ABC\\u202e321\\u2066\\u2069\\u200f"
    assert printable("line\nnext\r\tend\u2028") == "line\\x0anext\\x0d\\x09end\\u2028"
    assert printable("\udcff\udcfe.csv") == "\\udcff\\udcfe.csv"  # a file name that is not UTF-8
    assert printable("Kaos Polos [PROMO] 100% katun — ไทย 中文 ✓") == (
        "Kaos Polos [PROMO] 100% katun — ไทย 中文 ✓"
    )


def test_convert_summary_shows_rejected_skus_and_messages_escaped(tmp_path: Path) -> None:
    result = run("convert", hostile_export(tmp_path / "shop.xlsx"), "--currency", "IDR")
    assert result.exit_code == 1
    assert_no_raw_controls(result)
    lines = result.stderr.splitlines()
    assert (
        "  rejected row 7 (KRN-\\x1b[2J\\x1b[H002\\u202e): price.unparseable: "
        "'Rp \\x1b[31m??' is not a price"
    ) in lines
    assert "  rejected row 8 (KRN-\\x9b2J003\\u2066): price.unparseable: 'abc' is not a price" in (
        lines
    )


def test_inspect_shows_labels_and_rows_escaped_and_markup_literally(tmp_path: Path) -> None:
    export = hostile_export(tmp_path / "shop.xlsx")
    result = CliRunner().invoke(
        cli, ["inspect", str(export), "--currency", "IDR", "--rows", "1"], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0
    assert_no_raw_controls(result)
    assert "Seller SKU\\x1b]52;c;ZWNobyBoaQ==\\x07" in result.stdout
    assert "product_name=Kaos \\x1b]52;c;ZWNobyBoaQ==\\x07Polos [bold]x[/bold], " in result.stdout
    assert "category=Pakaian\\x1b[2J\\x1b[H/Kaos\\u202e, " in result.stdout


@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_json_keeps_every_character_but_writes_no_raw_control(tmp_path: Path, command: str) -> None:
    result = run(command, hostile_export(tmp_path / "shop.xlsx"), "--currency", "IDR", "--json")
    assert_no_raw_controls(result)
    data = json.loads(result.stdout)
    if command == "inspect":
        assert data["columns"]["seller_sku"] == f"Seller SKU{CLIPBOARD}"
        assert data["first_rows"][1]["seller_sku"] == f"KRN-{CLEAR}002{RLO}"
    else:
        skus = {issue["seller_sku"] for issue in data["issues"]}
        assert {f"KRN-{CLEAR}002{RLO}", f"KRN-{CSI_C1}003{LRI}"} <= skus


def test_an_error_line_naming_a_hostile_file_is_escaped_and_unstyled(tmp_path: Path) -> None:
    missing = tmp_path / f"shop{CLIPBOARD}{RLO}.xlsx"
    result = run("convert", missing)
    assert result.exit_code == 2
    assert_no_raw_controls(result)
    assert result.stderr == (
        f"Error: input file {tmp_path}/shop\\x1b]52;c;ZWNobyBoaQ==\\x07\\u202e.xlsx "
        "does not exist\n"
    )


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_real_terminal_still_gets_colour_and_a_pipe_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal, pipe = FakeTerminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    terminal_console(stderr=True).print("Error: x", style="bold red")
    monkeypatch.setattr(sys, "stderr", pipe)
    terminal_console(stderr=True).print("Error: x", style="bold red")
    assert "\x1b[" in terminal.getvalue()
    assert pipe.getvalue() == "Error: x\n"
