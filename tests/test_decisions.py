"""The decisions file: fingerprints, atomic saving, loading and its one-line errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from catalog_migrate.decisions import DecisionsFile, fingerprint, json_depth, load_decisions
from catalog_migrate.errors import UserError
from catalog_migrate.model import (
    Attribute,
    Decision,
    Money,
    Overrides,
    RetailProduct,
    RetailVariant,
)


def product(**changes: object) -> RetailProduct:
    base = RetailProduct(
        key="1729",
        product_id="1729",
        title="Kaos Polos Katun",
        category="Pakaian Wanita/Atasan/Kaos",
        attributes=[Attribute(name="Bahan", value="Katun")],
        variation_names=["Warna"],
        variants=[
            RetailVariant(
                sku_id="17291",
                options={"Warna": "Hitam"},
                price=Money(amount=Decimal("49000"), currency="IDR"),
                quantity=10,
                source_row=7,
            )
        ],
        weight_g=Decimal("200"),
        source_rows=[7],
    )
    return base.model_copy(update=changes)


def fixed_clock() -> datetime:
    return datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_fingerprint_ignores_rows_stock_and_number_spelling() -> None:
    variant = product().variants[0]
    moved = product(
        source_rows=[99],
        variants=[
            variant.model_copy(
                update={
                    "source_row": 99,
                    "quantity": 3,
                    "price": Money(amount=Decimal("49000.00"), currency="IDR"),
                }
            )
        ],
    )
    assert fingerprint(moved) == fingerprint(product())


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Kaos Polos"},
        {"description": "new"},
        {"category": "Pakaian Pria/Atasan/Kaos"},
        {"brand": "Acme"},
        {"attributes": [Attribute(name="Bahan", value="Linen")]},
        {"weight_g": Decimal("250")},
    ],
)
def test_fingerprint_changes_with_the_source_fields(change: dict[str, object]) -> None:
    assert fingerprint(product(**change)) != fingerprint(product())


def test_fingerprint_changes_with_a_price() -> None:
    variant = (
        product()
        .variants[0]
        .model_copy(update={"price": Money(amount=Decimal("59000"), currency="IDR")})
    )
    assert fingerprint(product(variants=[variant])) != fingerprint(product())


def test_missing_file_is_empty_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "export.decisions.json"
    decisions = load_decisions(path, "alibaba", input_name="export.xlsx")
    assert len(decisions) == 0 and decisions.cursor is None
    assert not path.exists()


def test_set_writes_the_whole_file_and_it_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "export.decisions.json"
    decisions = DecisionsFile(path, "alibaba", input_name="export.xlsx", clock=fixed_clock)
    decisions.set("b", Decision(status="rejected", fingerprint="sha256:1"))
    decisions.set(
        "a",
        Decision(status="accepted", overrides=Overrides(moq=300, tiers=[(300, Decimal("1.50"))])),
    )
    decisions.set_cursor("b")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "version": 1,
        "target": "alibaba",
        "input": "export.xlsx",
        "cursor": "b",
        "products": {
            "a": {
                "status": "accepted",
                "overrides": {"moq": 300, "tiers": [[300, "1.50"]]},
                "fingerprint": "",
                "updated": "2026-11-25T12:00:00Z",
            },
            "b": {
                "status": "rejected",
                "overrides": {},
                "fingerprint": "sha256:1",
                "updated": "2026-11-25T12:00:00Z",
            },
        },
    }
    again = load_decisions(path, "alibaba")
    assert again.cursor == "b" and again.input_name == "export.xlsx"
    assert again.get("a") == decisions.get("a")
    assert again.dumps() == decisions.dumps()
    assert [key for key, _ in again.items()] == ["a", "b"]
    assert not [name for name in path.parent.iterdir() if name.suffix == ".tmp"]


def test_update_writes_many_at_once_and_discard_removes(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    decisions = DecisionsFile(path, "alibaba", clock=fixed_clock)
    decisions.update(
        {"a": Decision(status="accepted"), "b": Decision(status="accepted")}, cursor="a"
    )
    decisions.discard("a")
    again = load_decisions(path, "alibaba")
    assert again.get("a") is None and again.get("b") is not None and again.cursor == "a"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"version": 2, "target": "alibaba", "products": {}}', "has version 2"),
        ('{"version": 1, "target": "faire", "products": {}}', "written for target 'faire'"),
        (
            '{"version": 1, "target": "alibaba", "products": {"a": {"status": "maybe"}}}',
            "product 'a'",
        ),
        (
            '{"version": 1, "target": "alibaba", "products": {"a": {"overrides": {"colour": 1}}}}',
            "product 'a'",
        ),
    ],
)
def test_bad_files_are_one_line_user_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message) as caught:
        load_decisions(path, "alibaba")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [{"b": [1]}]}', 4),
        ('{"title": "Kaos [[[{{ \\" ]]] \\\\", "x": []}', 2),  # brackets in strings, escapes
        ("[" * 40 + "]" * 40, 33),  # counting stops past the limit
        ("[[}", 0),  # unbalanced: left for the parser to word
    ],
)
def test_json_depth_counts_only_structure(text: str, depth: int) -> None:
    assert json_depth(text) == depth


def test_a_decisions_file_nested_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    overrides = '{"specifications": ' * 40 + "{}" + "}" * 40
    path.write_text(
        f'{{"version": 1, "target": "alibaba", "products": {{"1": {overrides}}}}}',
        encoding="utf-8",
    )
    with pytest.raises(UserError) as raised:
        load_decisions(path, "alibaba")
    assert str(raised.value) == (
        "decisions file deep.json nests deeper than 32 levels: it is not a decisions file"
    )


def _as_json_writes(decisions: DecisionsFile) -> str:
    """The file's text as the standard encoder writes it (the format every version reads)."""
    return json.dumps(decisions.to_json(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def test_saved_text_is_the_standard_encoding_after_every_kind_of_change(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    decisions = DecisionsFile(path, "alibaba", input_name='tôko "A".xlsx', clock=fixed_clock)
    assert decisions.dumps() == _as_json_writes(decisions)  # empty: "products": {}
    edited = Overrides(
        title="Kaos \u201cPolos\u201d \\ Katun\n",
        keywords=["kaos", "katun"],
        moq=100,
        tiers=[(100, Decimal("2.50")), (500, Decimal("2.30"))],
        specifications={"Material": "Cotton", "Warna": "Hitam \U0001f525"},
    )
    decisions.update(
        {
            "b": Decision(status="accepted", fingerprint="sha256:b"),
            "a\u00e9": Decision(status="rejected", overrides=edited),
            "10": Decision(status="pending", overrides=Overrides(unit="Set/Sets")),
            "11": Decision(status="accepted", overrides=Overrides(title=None, moq=None)),
        },
        cursor="b",
    )
    assert path.read_text(encoding="utf-8") == _as_json_writes(decisions)
    decisions.set("b", Decision(status="rejected", fingerprint="sha256:b2"))  # one re-encoded
    decisions.discard("10")
    decisions.set_cursor("a\u00e9")
    text = path.read_text(encoding="utf-8")
    assert text == _as_json_writes(decisions)
    again = load_decisions(path, "alibaba")
    assert again.get("b") == decisions.get("b") and again.get("b").status == "rejected"  # type: ignore[union-attr]
    assert again.get("a\u00e9") == decisions.get("a\u00e9") and again.get("10") is None
    assert again.dumps() == text


def test_a_save_encodes_only_the_decisions_changed_since_the_last(tmp_path: Path) -> None:
    decisions = DecisionsFile(tmp_path / "d.json", "alibaba", clock=fixed_clock)
    decisions.update({str(key): Decision(status="accepted") for key in range(1000)})
    encoded = dict(decisions._encoded)
    decisions.set("7", Decision(status="rejected"))
    decisions.set_cursor("7")
    changed = [key for key, text in decisions._encoded.items() if text is not encoded.get(key)]
    assert changed == ["7"]
