"""A SKU that vanishes without a reason stops the run: exit 3, the row named, nothing kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_migrate import pipeline
from catalog_migrate.cli import cli
from catalog_migrate.mapping import map_product
from catalog_migrate.model import Issue, RetailProduct, WholesaleListing
from catalog_migrate.profile import Profile

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "tiktok_id_fashion.xlsx"


@pytest.fixture
def losing_a_sku(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Map products as usual, but drop the last SKU of the first product silently."""
    dropped: list[int] = []

    def mapping_that_loses_one(
        product: RetailProduct, profile: Profile
    ) -> tuple[WholesaleListing | None, list[Issue]]:
        listing, issues = map_product(product, profile)
        if listing is not None and not dropped and len(listing.skus) > 1:
            dropped.append(listing.skus[-1].source_row)
            listing = listing.model_copy(update={"skus": listing.skus[:-1]})
        return listing, issues

    monkeypatch.setattr(pipeline, "map_product", mapping_that_loses_one)
    return dropped


@pytest.mark.parametrize("extra", [[], ["--dry-run"], ["--json"]], ids=["write", "dry", "json"])
def test_a_lost_sku_is_an_internal_error_naming_its_row(
    losing_a_sku: list[int], extra: list[str], tmp_path: Path
) -> None:
    export = Path(shutil.copy(SAMPLE, tmp_path / "export.xlsx"))
    result = CliRunner().invoke(cli, ["convert", str(export), *extra])
    assert losing_a_sku == [14]  # the ninth SKU of the first product
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: internal error: 1 SKU row(s) were neither converted nor rejected (source rows "
        "14); no output was kept. Please report this with the input file.\n"
    )
    if "--json" in extra:
        assert json.loads(result.stdout) == {
            "error": {"code": "internal.accounting", "message": result.stderr[7:-1]}
        }
    else:
        assert result.stdout == ""
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export.xlsx"]
