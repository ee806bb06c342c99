"""Engines behind the glossary: real HTTP to a fake server on 127.0.0.1, with its faults."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.mapping import map_product
from catalog_migrate.model import WholesaleListing
from catalog_migrate.profile import Translate, shipped_dir
from catalog_migrate.translate.build import TranslateSetupError, build_translator
from catalog_migrate.translate.listing import ListingTranslator
from tests.mapping.builders import default_profile, kaos_product
from tests.translate.fake_engines import FakeEngine, fake_engine

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FAST = {"timeout_s": "0.5", "retries": 3, "backoff_s": "0"}


def translator(
    engine: FakeEngine, tmp_path: Path, name: str = "libretranslate", **settings: object
) -> ListingTranslator:
    built = build_translator(
        Translate(**{**FAST, **settings}),  # type: ignore[arg-type]
        glossary_folder=shipped_dir() / "glossary",
        target_language="en",
        max_title_length=128,
        engine=name,
        url=engine.url,
        environ={"CATALOG_MIGRATE_TRANSLATOR_KEY": "sekrit-key-123"},
        cache_path=tmp_path / "cache.sqlite3",
    )
    assert built is not None
    return built


def listing(title: str = "Kaos Polos Zzqwerty Hitam 500ml") -> WholesaleListing:
    mapped, _ = map_product(kaos_product(title=title), default_profile())
    assert mapped is not None
    return mapped


def test_the_engine_translates_what_the_glossary_leaves_with_the_glossary_enforced(
    tmp_path: Path,
) -> None:
    with fake_engine() as engine:
        done = translator(engine, tmp_path).translate(listing(), "p1")
    assert done.listing.title == "Plain T-shirt Oversized Black 500ml"
    sent = engine.requests[0]["q"]
    assert "plain t-shirt Zzqwerty black 500ml" in sent  # the glossary's terms went out in English
    assert engine.requests[0]["api_key"] == "sekrit-key-123"
    assert not [issue for issue in done.issues if issue.field == "title"]
    rules = [entry.rule for entry in done.listing.provenance if entry.field == "title"]
    assert rules[-1] == "translate.libretranslate id->en from: Kaos Polos Zzqwerty Hitam 500ml"


def test_a_second_run_is_served_from_the_cache_with_no_request(tmp_path: Path) -> None:
    with fake_engine() as engine:
        translator(engine, tmp_path).translate(listing(), "p1")
        first = len(engine.requests)
        again = translator(engine, tmp_path).translate(listing(), "p1")
    assert first == 1
    assert len(engine.requests) == first
    assert again.listing.title == "Plain T-shirt Oversized Black 500ml"


@pytest.mark.parametrize("fault", [429, 500, 503, "slow"])
def test_a_passing_fault_is_retried(tmp_path: Path, fault: object) -> None:
    with fake_engine(faults=[fault], slow_s=1.0) as engine:
        done = translator(engine, tmp_path).translate(listing(), "p1")
    assert done.listing.title == "Plain T-shirt Oversized Black 500ml"
    assert len(engine.requests) == 2


@pytest.mark.parametrize("faults", [[500, 500, 500], ["malformed"], ["short"], [400]])
def test_an_engine_that_stays_down_leaves_the_glossary_and_one_warning(
    tmp_path: Path, faults: list[object]
) -> None:
    expected_requests = len(faults)
    with fake_engine(faults=faults) as engine:
        stage = translator(engine, tmp_path)
        first = stage.translate(listing(), "p1")
        second = stage.translate(listing("Kaos Polos Zzqwerty Putih"), "p2")
        asked = len(engine.requests)
    assert first.listing.title == "Kaos Polos Zzqwerty Hitam 500ml"
    assert [issue.code for issue in first.issues if issue.field == "title"] == [
        "language.not_translated"
    ]
    assert second.listing.title == "Kaos Polos Zzqwerty Putih"
    assert asked == expected_requests  # nothing more is sent once the engine is given up on
    warnings = stage.issues()
    assert [issue.code for issue in warnings] == ["translate.engine_unavailable"]
    assert "sekrit" not in warnings[0].message


def test_an_engine_that_changes_a_protected_token_is_not_believed(tmp_path: Path) -> None:
    with fake_engine(faults=["mangle"]) as engine:
        done = translator(engine, tmp_path).translate(listing(), "p1")
    assert done.listing.title == "Kaos Polos Zzqwerty Hitam 500ml"
    [warned] = [issue for issue in done.issues if issue.field == "title"]
    assert "libretranslate changed the protected '500ml'" in warned.message


def test_deepl_sends_its_key_in_the_header_and_at_most_50_texts(tmp_path: Path) -> None:
    with fake_engine() as engine:
        stage = translator(engine, tmp_path, "deepl")
        assert stage.engine is not None
        stage.engine.resolve("id", "en", [f"Zzqwerty {n}" for n in range(120)])
    sizes = sorted(len(body["text"]) for body in engine.requests)  # type: ignore[arg-type]
    assert sizes == [20, 50, 50]
    assert engine.headers[0]["Authorization"] == "DeepL-Auth-Key sekrit-key-123"
    assert engine.requests[0]["target_lang"] == "EN-US"


def test_openai_compatible_chat_at_temperature_zero(tmp_path: Path) -> None:
    with fake_engine() as engine:
        done = translator(engine, tmp_path, "openai", model="local-model").translate(
            listing(), "p1"
        )
    body = engine.requests[0]
    assert body["model"] == "local-model"
    assert body["temperature"] == 0
    assert engine.headers[0]["Authorization"] == "Bearer sekrit-key-123"
    assert done.listing.title == "Plain T-shirt Oversized Black 500ml"


def test_settings_that_cannot_work_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(TranslateSetupError, match="pass --translator-url URL"):
        build_translator(
            Translate(engine="libretranslate"),
            glossary_folder=shipped_dir() / "glossary",
            target_language="en",
            max_title_length=128,
            environ={},
            cache_path=tmp_path / "c.sqlite3",
        )
    with pytest.raises(TranslateSetupError, match="set the environment variable SHOP_DEEPL_KEY"):
        build_translator(
            Translate(engine="deepl", key_env="SHOP_DEEPL_KEY"),
            glossary_folder=shipped_dir() / "glossary",
            target_language="en",
            max_title_length=128,
            environ={},
            cache_path=tmp_path / "c.sqlite3",
        )


def _export(tmp_path: Path) -> Path:
    """The sample shop, one product of it with words no glossary knows (`Zzqwerty`)."""
    source = Path(shutil.copy(SAMPLES / "tiktok_id_fashion.xlsx", tmp_path / "sample.xlsx"))
    workbook = openpyxl.load_workbook(source)
    sheet = workbook["Template"]
    name = [cell.value for cell in sheet[1]].index("product_name") + 1
    for row in range(6, sheet.max_row + 1):
        title = sheet.cell(row=row, column=name).value
        if isinstance(title, str) and title.startswith("🔥PROMO Kaos Polos"):
            sheet.cell(row=row, column=name, value=title.replace("Oversize", "Zzqwerty"))
    path = tmp_path / "shop.xlsx"
    workbook.save(path)
    return path


def _cli(tmp_path: Path, url: str, *args: str) -> tuple[int, str, Path]:
    source = _export(tmp_path)
    output = tmp_path / "out.xlsx"
    env = {
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "CATALOG_MIGRATE_TRANSLATOR_KEY": "sekrit-key-123",
    }
    result = CliRunner().invoke(
        cli,
        [
            "convert",
            str(source),
            "-o",
            str(output),
            "--translator",
            "libretranslate",
            "--translator-url",
            url,
            "--json",
            *args,
        ],
        env=env,
    )
    return result.exit_code, result.output + result.stderr, output


def test_convert_with_an_engine_leaves_no_field_untranslated_and_reruns_from_cache(
    tmp_path: Path,
) -> None:
    with fake_engine() as engine:
        code, output, written = _cli(tmp_path, engine.url)
        asked = len(engine.requests)
        again, _, _ = _cli(tmp_path, engine.url)
        asked_again = len(engine.requests) - asked
    assert code in (0, 1), output
    assert again == code
    assert asked >= 1
    assert asked_again == 0
    assert "language.not_translated" not in output
    assert "sekrit" not in output
    report = openpyxl.load_workbook(written.with_name("out.report.xlsx"))
    for sheet in report.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any("sekrit" in str(value) for value in row)


def test_convert_with_an_engine_that_is_down_still_finishes(tmp_path: Path) -> None:
    with fake_engine(faults=[500] * 50) as engine:
        code, output, _ = _cli(tmp_path, engine.url)
    assert code in (0, 1), output
    assert "translate.engine_unavailable" in output
    assert "sekrit" not in output


def test_retail_words_an_engine_brings_back_leave_the_title(tmp_path: Path) -> None:
    """`Zzqwerty` comes back from the engine as `free shipping`: the title is cleaned again."""
    from catalog_migrate import pipeline
    from catalog_migrate.targets import get_target
    from tests.translate import fake_engines

    original = dict(fake_engines.WORDS)
    fake_engines.WORDS["zzqwerty"] = "free shipping"
    try:
        with fake_engine() as engine:
            stage = translator(engine, tmp_path)
            product = kaos_product(title="Kaos Polos Zzqwerty Hitam")
            mapped = pipeline.map_one(
                product, default_profile(), get_target("alibaba"), None, stage
            )
    finally:
        fake_engines.WORDS.clear()
        fake_engines.WORDS.update(original)
    assert mapped.listing is not None
    assert mapped.listing.title == "Plain T-shirt Black"
    rules = [entry.rule for entry in mapped.listing.provenance if entry.field == "title"]
    assert any(rule.startswith("title.clean") and "free shipping" in rule.lower() for rule in rules)
