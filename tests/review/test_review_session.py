"""The review session: changes are validated by the pipeline's rules, saved at once and undone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from catalog_migrate import profile as profiles
from catalog_migrate.decisions import load_decisions
from catalog_migrate.model import Decision, Issue, RetailProduct, warning
from catalog_migrate.review.mappings import Kind, attribute_rows, category_rows, unit_rows
from catalog_migrate.review.session import Filter, State, state_of
from tests.review.catalog import TOYS, catalog, make_session


def saved(folder: Path) -> dict[str, object]:
    return json.loads((folder / "shop.decisions.json").read_text(encoding="utf-8"))


def test_a_listing_that_cannot_be_written_cannot_be_accepted(tmp_path: Path) -> None:
    products = catalog()
    products[1] = products[1].model_copy(update={"variants": []})
    session = make_session(tmp_path, products)
    session.map_all()
    outcome = session.decide([1], "accepted", "accepted")
    assert not outcome.ok
    assert outcome.message == "cannot accept: this listing cannot be written (see its errors)"
    assert session.rows[1].status == "pending"
    assert session.decide([1], "rejected", "rejected").ok


def test_maps_every_product_once_with_progress(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    seen: list[tuple[int, int]] = []
    session.map_all(lambda done, total: seen.append((done, total)), every=4)
    assert len(session.rows) == 6 and seen == [(1, 6), (4, 6), (6, 6)]
    assert all(row.listing is not None for row in session.rows)


def test_an_edit_is_saved_as_an_override_and_changes_the_listing(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.map_all()
    outcome = session.edit(0, "moq", "350")
    assert outcome.ok and outcome.rows == (0,)
    listing = session.rows[0].listing
    assert listing is not None and listing.moq == 350 and listing.tiers[0].min_quantity == 350
    assert listing.provenance == []  # kept lean; the listing on screen is mapped in full
    row = session.full_row(0)
    full = row.listing if row is not None else None
    assert full is not None and full.moq == 350
    moq = full.provenance_of("moq")
    assert moq is not None and moq.rule.startswith("review")
    entry = saved(tmp_path)["products"]["1001"]  # type: ignore[index]
    assert entry["overrides"] == {"moq": 350} and entry["status"] == "pending"


def test_an_edit_that_breaks_a_rule_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.map_all()
    before = session.rows[0]
    outcome = session.edit(0, "tiers", "200: 1.00; 1000: 2.00")
    assert not outcome.ok
    assert outcome.message.startswith("Tiers not changed:") and "decrease" in outcome.message
    assert session.rows[0] is before
    assert not (tmp_path / "shop.decisions.json").exists()
    assert not session.edit(0, "moq", "lots").ok


def test_accept_all_takes_the_ready_listings_and_leaves_the_unmapped_and_unwritable(
    tmp_path: Path,
) -> None:
    products = catalog()
    products[1] = products[1].model_copy(update={"variants": []})  # cannot be priced: an error
    session = make_session(tmp_path, products)
    session.map_all()
    session.decide([4], "rejected", "rejected")
    assert session.accept_plan() == ([0, 5], [2, 3])  # 2 and 3: category not in the map
    outcome = session.accept_all_ready()
    assert outcome.ok and outcome.rows == (0, 5)
    assert outcome.message == "accepted 2 listings; 2 left to check"
    assert session.undo().ok
    assert [row.status for row in session.rows] == ["pending"] * 4 + ["rejected", "pending"]
    outcome = session.accept_all_ready(with_held=True)
    assert outcome.ok and set(outcome.rows) == {0, 2, 3, 5}
    assert [state_of(row) for row in session.rows] == [
        State.ACCEPTED,
        State.ERRORS,
        State.ACCEPTED,
        State.ACCEPTED,
        State.REJECTED,
        State.ACCEPTED,
    ]
    statuses = {key: entry["status"] for key, entry in saved(tmp_path)["products"].items()}  # type: ignore[attr-defined]
    assert statuses == {
        "1001": "accepted",
        "1003": "accepted",
        "1004": "accepted",
        "1005": "rejected",
        "1006": "accepted",
    }
    assert session.undo().ok
    assert session.rows[0].status == "pending" and session.decisions.get("1001") is None
    assert session.rows[4].status == "rejected"


def test_a_stale_decision_is_shown_pending_and_dropped_by_the_next_change(tmp_path: Path) -> None:
    decisions = load_decisions(tmp_path / "shop.decisions.json", "alibaba")
    decisions.set("1002", Decision(status="rejected", fingerprint="sha256:last-month"))
    session = make_session(tmp_path, decisions=decisions)
    session.map_all()
    row = session.rows[1]
    assert row.stale and row.status == "pending"
    assert "review.stale" in [issue.code for issue in row.issues]
    session.decide([1], "accepted", "accepted")
    assert not session.rows[1].stale and session.rows[1].status == "accepted"


def test_filters_search_and_attention(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.map_all()
    assert session.visible(Filter.ALL, "boneka") == [2, 3]
    assert session.visible(Filter.ALL, "sku-1005") == [4]
    attention = session.visible(Filter.ATTENTION)
    assert attention and all(session.rows[index].issues for index in attention)
    order = session.visible()
    assert session.next_attention(order, 0, 1) == attention[0]
    assert session.next_attention(order, attention[0], -1) is None


def test_mapping_a_category_remaps_its_products_and_saves_the_profile(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.map_all()
    rows = category_rows(session.rows, session.profile)
    assert (rows[0].source, rows[0].state, rows[0].count) == (TOYS, "unmapped", 2)
    outcome = session.set_mapping(Kind.CATEGORY, rows[0].key, "Toys > Stuffed Toys", TOYS)
    assert outcome.ok and outcome.rows == (2, 3)
    assert [row.listing.category for row in session.rows[2:4] if row.listing] == [
        "Toys > Stuffed Toys"
    ] * 2
    saved_profile = profiles.load(str(tmp_path / "shop.profile.toml"))
    assert saved_profile.category_map[rows[0].key] == "Toys > Stuffed Toys"
    assert "Toys > Stuffed Toys" in session.known_categories()
    assert session.undo().ok
    assert session.rows[2].listing is not None and session.rows[2].listing.category == TOYS
    assert rows[0].key not in profiles.load(str(tmp_path / "shop.profile.toml")).category_map


def test_attribute_and_unit_mappings(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.map_all()
    unmapped = attribute_rows(session.rows, session.profile)[0]
    assert (unmapped.source, unmapped.state, unmapped.count) == ("Bahan Isi", "unmapped", 1)
    assert session.set_mapping(Kind.ATTRIBUTE, "Bahan Isi", "Filling").ok
    listing = session.rows[3].listing
    assert listing is not None and listing.specifications.get("Filling") == "Dakron"
    unit = next(row for row in unit_rows(session.rows, session.profile) if row.source == TOYS)
    assert unit.state == "inferred"
    assert session.set_mapping(Kind.UNIT, unit.key, "Set/Sets").ok
    assert {row.listing.unit for row in session.rows[2:4] if row.listing} == {"Set/Sets"}
    saved_profile = profiles.load(str(tmp_path / "shop.profile.toml"))
    assert saved_profile.attributes.names["Bahan Isi"] == "Filling"
    assert saved_profile.units.by_category[unit.key] == "Set/Sets"
    assert not session.set_mapping(Kind.UNIT, unit.key, "   ").ok


def test_mapping_edits_go_into_the_sellers_own_profile_given_with_profile(tmp_path: Path) -> None:
    shop = tmp_path / "settings"
    shop.mkdir()
    own = shop / "kirana.toml"
    profiles.copy_shipped("default", own)
    map_file = profiles.load(str(own)).categories.map_file
    session = make_session(tmp_path, profile=profiles.load(str(own)))
    session.map_all()
    key = category_rows(session.rows, session.profile)[0].key
    outcome = session.set_mapping(Kind.CATEGORY, key, "Toys > Stuffed Toys", TOYS)
    assert outcome.message == (
        f"category {TOYS} -> Toys > Stuffed Toys: 2 listings, saved to {own}"
    )
    reloaded = profiles.load(str(own))
    assert reloaded.category_map[key] == "Toys > Stuffed Toys"
    assert reloaded.categories.map_file == map_file  # the seller's own map file, kept
    assert not (tmp_path / "shop.profile.toml").exists()


def test_a_shipped_profile_is_never_written_its_edits_go_beside_the_export(
    tmp_path: Path,
) -> None:
    shipped = profiles.load("default")
    before = shipped.path.read_bytes() if shipped.path else b""
    session = make_session(tmp_path, profile=shipped)
    session.map_all()
    key = category_rows(session.rows, session.profile)[0].key
    outcome = session.set_mapping(Kind.CATEGORY, key, "Toys > Stuffed Toys", TOYS)
    assert outcome.message.endswith("2 listings, saved to shop.profile.toml")
    assert shipped.path is not None and shipped.path.read_bytes() == before
    assert profiles.load(str(tmp_path / "shop.profile.toml")).category_map[key]


def test_the_states_and_counts_kept_as_rows_change_are_those_of_the_rows(tmp_path: Path) -> None:
    products = catalog()
    products[1] = products[1].model_copy(update={"variants": []})  # cannot be written: errors
    session = make_session(tmp_path, products)
    session.map_all()
    session.decide([0, 2], "accepted", "accepted")
    session.decide([1, 3], "rejected", "rejected")
    session.accept_all_ready(with_held=True)
    session.undo()
    session.edit(4, "moq", "350")
    session.decide([4], "rejected", "rejected")
    assert session.states == [state_of(row) for row in session.rows]
    states = [state_of(row) for row in session.rows]
    assert session.counts() == {state: states.count(state) for state in State}
    assert session.pending() == sum(1 for row in session.rows if row.status == "pending")
    assert session.accept_plan() == ([5], [])
    while session.undo().ok:  # every change undone, the first decisions by status alone
        states = [state_of(row) for row in session.rows]
        assert session.states == states
        assert session.counts() == {state: states.count(state) for state in State}
        assert session.pending() == sum(1 for row in session.rows if row.status == "pending")
    assert session.pending() == len(session.rows)


def test_an_export_given_as_it_is_read_is_mapped_one_product_at_a_time(tmp_path: Path) -> None:
    """The session takes the source's products and issues as they come: a listing is on screen
    before the next product is read, and the total is known at the end."""
    products = catalog()
    note = warning("image.not_url", "main_image holds 'x', not a URL; it is skipped", source_row=7)
    read: list[str] = []

    def export() -> Iterator[RetailProduct | Issue]:
        for number, item in enumerate(products):
            read.append(item.key)
            if number == 1:
                yield note
            yield item

    session = make_session(tmp_path, export())
    assert len(session.products) == 0 and session.total is None
    seen: list[tuple[int, int | None, int]] = []
    session.map_all(lambda done, total: seen.append((done, total, len(read))), every=4)
    assert seen == [(1, None, 1), (4, None, 4), (6, 6, 6)]
    assert [product.key for product in session.products] == [p.key for p in products]
    assert session.source_issues == [note] and session.complete
    assert session.index_of("1004") == 3


def test_the_counts_kept_as_thousands_change_agree_with_the_rows(tmp_path: Path) -> None:
    products = catalog()
    products[1] = products[1].model_copy(update={"variants": []})  # cannot be written
    session = make_session(tmp_path, products)
    session.map_all()

    def recounted() -> tuple[dict[State, int], int]:
        states = [state_of(row) for row in session.rows]
        pending = sum(row.status == "pending" for row in session.rows)
        return {state: states.count(state) for state in State}, pending

    session.decide([0], "rejected", "rejected")
    for change in (
        lambda: session.accept_all_ready(with_held=True),
        session.undo,
        lambda: session.decide(range(6), "rejected", "rejected"),
        lambda: session.decide(range(6), "pending", "pending"),
    ):
        change()
        assert (session.counts(), session.pending()) == recounted()
    assert session.counts()[State.ERRORS] == 1
