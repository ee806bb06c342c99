"""Lead times by quantity, package weight and package size."""

from __future__ import annotations

from decimal import Decimal

from catalog_migrate.mapping.fit import lead_times_within, weight_at_least
from catalog_migrate.mapping.packaging import lead_times, package_size, package_weight
from catalog_migrate.model import LeadTime
from catalog_migrate.profile import LeadTimeRow, LeadTimes
from tests.mapping.builders import default_profile, kaos_product, notes


def test_lead_times_follow_the_moq() -> None:
    collected = notes()

    rows = lead_times(100, default_profile().lead_time, collected)

    assert rows == [
        LeadTime(max_quantity=500, days=7),
        LeadTime(max_quantity=2000, days=15),
        LeadTime(max_quantity=10000, days=30),
    ]
    [entry] = collected.provenance
    assert (entry.value, entry.rule) == (
        "up to 500: 7 days, up to 2,000: 15 days, up to 10,000: 30 days",
        "lead_time.rows MOQ x 5, MOQ x 20, MOQ x 100 (MOQ 100)",
    )


def test_lead_time_quantities_are_capped_and_stay_strictly_increasing() -> None:
    table = LeadTimes(
        rows=[
            LeadTimeRow(moq_multiple=5, days=7),
            LeadTimeRow(moq_multiple=50, days=20),
            LeadTimeRow(moq_multiple=100, days=30),
        ]
    )

    rows = lead_times(2000, table, notes())
    assert rows == [
        LeadTime(max_quantity=10000, days=7),
        LeadTime(max_quantity=100000, days=20),
        LeadTime(max_quantity=200000, days=30),
    ]
    assert lead_times_within(rows, 99_999, 3) == [
        LeadTime(max_quantity=10000, days=7),
        LeadTime(max_quantity=99999, days=20),
    ]
    assert lead_times_within(rows, 999_999, 2) == rows[:2]


def test_package_weight_in_kg_with_three_decimals() -> None:
    collected = notes()

    assert package_weight(kaos_product(weight_g=Decimal("1234.56")), collected) == Decimal("1.235")
    assert collected.provenance[0].rule == "package.weight 1,234.56 g / 1000"
    assert collected.issues == []


def test_a_featherweight_parcel_is_raised_to_a_channels_minimum() -> None:
    collected = notes()

    kg = package_weight(kaos_product(weight_g=Decimal("4")), collected)
    assert kg == Decimal("0.004")
    assert collected.issues == []
    assert weight_at_least(kg, Decimal("0.01"), collected) == Decimal("0.010")
    [issue] = collected.issues
    assert (issue.code, issue.message) == (
        "package.weight_raised",
        "4 g is below the 0.01 kg minimum; 0.010 kg is used",
    )


def test_missing_weight() -> None:
    for weight in (None, Decimal(0)):
        collected = notes()
        assert package_weight(kaos_product(weight_g=weight), collected) is None
        [issue] = collected.issues
        assert (issue.code, issue.severity, issue.field) == (
            "package.weight_missing",
            "warning",
            "package_weight_kg",
        )


def test_package_size_is_rounded_up_to_whole_centimetres() -> None:
    collected = notes()
    product = kaos_product(
        length_cm=Decimal("30"), width_cm=Decimal("25.1"), height_cm=Decimal("0.4")
    )

    assert package_size(product, collected) == (Decimal(30), Decimal(26), Decimal(1))
    assert (collected.provenance[0].value, collected.provenance[0].rule) == (
        "30 x 26 x 1 cm",
        "package.size 30 x 25.1 x 0.4 cm, rounded up to whole cm",
    )


def test_an_incomplete_size_is_missing() -> None:
    collected = notes()

    assert package_size(kaos_product(height_cm=None), collected) is None
    assert [issue.code for issue in collected.issues] == ["package.size_missing"]
