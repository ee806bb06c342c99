"""The template target: the wrapped target's rules, the seller's template as the file written."""

from __future__ import annotations

import pickle
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from catalog_migrate.errors import UserError
from catalog_migrate.model import Money
from catalog_migrate.targets import template
from catalog_migrate.targets.alibaba import AlibabaTarget
from catalog_migrate.targets.base import WriteContext
from catalog_migrate.targets.template import with_template
from tests.targets.alibaba_listings import make_listing


def _template(path: Path, *labels: str) -> Path:
    book = openpyxl.Workbook()
    book.active.append(list(labels))
    book.save(path)
    return path


def test_it_keeps_the_wrapped_targets_rules_and_takes_the_templates_suffix(
    tmp_path: Path,
) -> None:
    alibaba = AlibabaTarget()
    wrapped = with_template(alibaba, _template(tmp_path / "t.xlsx", "Product Name", "Price"))
    assert (wrapped.name, wrapped.suffix, wrapped.currency) == ("alibaba", ".xlsx", "USD")
    assert wrapped.outputs(tmp_path / "out.xlsx") == (tmp_path / "out.xlsx",)
    bad = make_listing(title="")
    assert wrapped.check(bad) == alibaba.check(bad)
    assert wrapped.prepare(bad) == alibaba.prepare(bad)
    assert "template.column_unfilled" in wrapped.codes and "title.too_long" in wrapped.codes


def test_the_writing_process_gets_the_same_target_and_refuses_a_changed_template(
    tmp_path: Path,
) -> None:
    path = _template(tmp_path / "t.xlsx", "Product Name", "SKU", "Kode Gudang")
    wrapped = with_template(AlibabaTarget(), path, columns={"Kode Gudang": "sku_id"})
    # The run sends the target to its writing process whole.
    rebuilt = pickle.loads(pickle.dumps(wrapped))
    assert isinstance(rebuilt, template.TemplateTarget)
    assert rebuilt.layout == wrapped.layout
    assert [column.field for column in rebuilt.layout.columns] == ["title", "seller_sku", "sku_id"]
    _template(path, "Product Name", "SKU")  # changed while the run was going
    out = tmp_path / "out.xlsx"
    with (
        pytest.raises(UserError, match="changed while the run was reading it"),
        rebuilt.open_writer([out], WriteContext("USD")),
    ):
        pass
    assert not out.exists()


def test_prices_are_written_in_the_write_contexts_currency(tmp_path: Path) -> None:
    path = _template(tmp_path / "t.xlsx", "Seller SKU", "Price", "Currency", "Retail Price")
    wrapped = with_template(AlibabaTarget(), path)

    def to_eur(money: Money) -> Money:
        if money.currency != "USD":
            raise KeyError(money.currency)
        return Money(amount=money.amount * Decimal("0.9"), currency="EUR")

    out = tmp_path / "out.xlsx"
    with wrapped.open_writer([out], WriteContext("EUR", to_eur)) as writer:
        writer.write(make_listing())
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    # The IDR retail price cannot be converted by the writer: left empty, never written as EUR.
    assert rows[1:] == [("DRS-RED-M", 11.25, "EUR", None), ("00123", 11.25, "EUR", None)]


def test_a_failed_run_writes_no_template(tmp_path: Path) -> None:
    wrapped = with_template(AlibabaTarget(), _template(tmp_path / "t.xlsx", "Title", "SKU"))
    out = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError), wrapped.open_writer([out]) as writer:
        writer.write(make_listing())
        raise RuntimeError("stopped")
    assert not out.exists()


def test_control_characters_and_formula_text_are_stored_as_escaped_string_cells(
    tmp_path: Path,
) -> None:
    wrapped = with_template(AlibabaTarget(), _template(tmp_path / "t.xlsx", "Title", "SKU"))
    listing = make_listing()
    skus = [
        listing.skus[0].model_copy(update={"seller_sku": "=cmd|' /C calc'!A0"}),
        listing.skus[1].model_copy(update={"seller_sku": "A\x07B\r_x0041_"}),
    ]
    out = tmp_path / "out.xlsx"
    with wrapped.open_writer([out]) as writer:
        writer.write(listing.model_copy(update={"skus": skus}))
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert '<c r="B2" t="inlineStr"><is><t>=cmd|\' /C calc\'!A0</t></is></c>' in xml
    assert '<c r="B3" t="inlineStr"><is><t>A_x0007_B_x000D__x005F_x0041_</t></is></c>' in xml
