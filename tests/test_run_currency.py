"""The run's currency and exchange rates, checked before anything is written (exit 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalog_migrate.cli import cli
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def _rows(prices: list[object]) -> list[dict[str, object]]:
    return [
        {
            "product_id": "1729000000000000001",
            "sku_id": f"17290000000000001{number:02d}",
            "product_name": "Kaos Polos Katun",
            "category": "Fashion/Kaos",
            "property_name_1": "Warna",
            "property_value_1": f"Warna {number}",
            "price": price,
            "quantity": 10,
        }
        for number, price in enumerate(prices)
    ]


def _written(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("builder", [write_tiktok_xlsx, write_tiktok_csv])
@pytest.mark.parametrize(
    ("args", "given"),
    [(["--currency", "IDR"], "--currency IDR"), (["--region", "id"], "--region ID (IDR)")],
)
def test_a_run_currency_most_cells_contradict_stops_the_run(
    tmp_path: Path, builder: object, args: list[str], given: str
) -> None:
    name = "shop.xlsx" if builder is write_tiktok_xlsx else "shop.csv"
    source = tmp_path / name
    builder(source, _rows(["RM 89.00", "RM89.00", "RM 95.50", "Rp 89.000"]))  # type: ignore[operator]
    result = run("convert", source, *args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {given} contradicts the prices in {name}: 3 of 4 price cells name MYR and 1 "
        "name IDR; pass --currency MYR if that is the shop's currency, or correct the cells\n"
    )
    assert _written(tmp_path) == [name]


def test_a_few_stray_cells_are_rejected_on_their_rows(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(
        tmp_path / "shop.xlsx", _rows(["Rp 89.000", 89000, "RM 12.90", "Rp 95.000"])
    )
    result = run("convert", source, "--currency", "IDR", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    errors = [(i["source_row"], i["code"]) for i in data["issues"] if i["severity"] == "error"]
    assert errors == [(8, "price.currency_mismatch")]
    assert (data["skus_converted"], data["skus_rejected"]) == (3, 1)


@pytest.mark.parametrize(
    ("args", "currency"),
    [(["--currency", "EUR"], "EUR"), (["--currency", "xyz"], "XYZ")],
)
def test_a_currency_without_a_rate_is_one_line(
    tmp_path: Path, args: list[str], currency: str
) -> None:
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", _rows([12.5, 13]))
    result = run("convert", source, *args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no exchange rate for {currency}: pass --fx {currency}=RATE or add it under "
        "[fx.rates]\n"
    )
    assert _written(tmp_path) == ["shop.xlsx"]
    rated = run("convert", source, *args, "--fx", f"{currency}=0.92", "--json")
    assert rated.exit_code == 0, rated.output


def test_an_inferred_currency_without_a_rate_is_one_line(tmp_path: Path) -> None:
    profile = tmp_path / "no-myr.toml"
    assert run("profile", "init", profile).exit_code == 0
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace(' MYR = "4.20",', ""), encoding="utf-8")
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", _rows(["RM 12.90"]))
    result = run("convert", source, "--profile", profile)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no exchange rate for MYR: pass --fx MYR=RATE or add it under [fx.rates]\n"
    )


@pytest.mark.parametrize(
    ("rate", "shown"),
    [
        ("1e30", "1.000000E+30"),
        ("1e-30", "1.000000E-30"),
        ("12345678901234567890123456789", "1.234568E+28"),
        ("16250.123456789012345678901234", "16250.123456789012345678901234"),
    ],
)
def test_an_absurd_fx_rate_is_one_line_and_exit_2(tmp_path: Path, rate: str, shown: str) -> None:
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", _rows(["Rp 89.000"]))
    result = run("convert", source, "--fx", f"IDR={rate}")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --fx IDR: the exchange rate for IDR must be between 0.0001 and 100,000,000 IDR "
        f"per US dollar, with at most 12 significant digits, not {shown}\n"
    )
    assert _written(tmp_path) == ["shop.xlsx"]


@pytest.mark.parametrize("rate", ['"1e30"', '"1e-30"', "12345678901234567890123456789"])
def test_an_absurd_profile_rate_is_one_line_and_exit_2(tmp_path: Path, rate: str) -> None:
    profile = tmp_path / "mine.toml"
    assert run("profile", "init", profile).exit_code == 0
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace('IDR = "16250"', f"IDR = {rate}"), encoding="utf-8")
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", _rows(["Rp 89.000"]))
    result = run("convert", source, "--profile", profile)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        (
            "Error: profile mine.toml: fx.rates: the exchange rate for IDR must be between 0.0001 "
            "and 100,000,000 IDR per US dollar",
            # An integer of 29 digits is refused earlier, as any integer too large to be a value.
            "Error: profile mine.toml: fx.rates.IDR is too large (at most 2,147,483,647)",
        )
    )
    assert result.stderr.count("\n") == 1


def test_lookalike_digits_and_absurd_prices_reject_their_rows(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(
        tmp_path / "shop.xlsx", _rows(["Rp 89.000", "Rp 89.000²", "①②", "1" * 300, "１２.０００"])
    )
    result = run("convert", source, "--currency", "IDR", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    errors = {(i["source_row"], i["code"]) for i in data["issues"] if i["severity"] == "error"}
    assert errors == {(7, "price.unparseable"), (8, "price.unparseable"), (9, "price.unparseable")}
    messages = [i["message"] for i in data["issues"] if i["source_row"] == 7]
    assert any("'²' only looks like a digit" in message for message in messages)
    assert (data["skus_converted"], data["skus_rejected"]) == (2, 3)
