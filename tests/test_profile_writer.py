"""The seller's own profile is written beside the export and loads back as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_migrate import profile as profiles
from catalog_migrate.profile_writer import save_seller_profile, seller_profile_path


def test_round_trips_through_load(tmp_path: Path) -> None:
    shipped = profiles.load("default")
    path = seller_profile_path(tmp_path / "my export.xlsx")
    assert path.name == "my export.profile.toml"
    category_map = {**shipped.category_map, 'toys/"odd", path': "Toys & Hobbies > Other"}
    names = {**shipped.attributes.names, "Bahan Dalam": "Lining Material"}
    units = {"pakaian wanita/atasan/kaos": "Set/Sets"}
    map_path = save_seller_profile(
        shipped, path, category_map=category_map, attribute_names=names, units_by_category=units
    )
    assert map_path == tmp_path / "my export.categories.csv"
    loaded = profiles.load(str(path))
    assert loaded.category_map == {
        profiles.normalise_category(k): v for k, v in category_map.items()
    }
    assert loaded.attributes.names == names
    assert loaded.units.by_category == units
    expected = shipped.model_copy(
        update={
            "attributes": shipped.attributes.model_copy(update={"names": names}),
            "units": shipped.units.model_copy(update={"by_category": units}),
            "categories": shipped.categories.model_copy(update={"map_file": map_path.name}),
        }
    )
    assert loaded.model_dump(exclude={"path", "category_map"}) == expected.model_dump(
        exclude={"path", "category_map"}
    )


def test_saving_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    shipped = profiles.load("default")
    path = tmp_path / "a.profile.toml"
    tables = {
        "category_map": dict(reversed(list(shipped.category_map.items()))),
        "attribute_names": dict(reversed(list(shipped.attributes.names.items()))),
        "units_by_category": {"b": "Pair/Pairs", "a": "Set/Sets"},
    }
    save_seller_profile(shipped, path, **tables)
    first = path.read_bytes(), (tmp_path / "a.categories.csv").read_bytes()
    save_seller_profile(profiles.load(str(path)), path, **tables)
    assert (path.read_bytes(), (tmp_path / "a.categories.csv").read_bytes()) == first
    assert not [name for name in tmp_path.iterdir() if name.suffix == ".tmp"]


FORMULA_TEXT = {
    '=HYPERLINK("http://x","y")': "+Toys",
    "-Pakaian/Atasan": "@SUM(1)",
    "Kaos/Polos": "=1+1",
    "'=quoted already": "''+two apostrophes",
    "'plain apostrophe": "Apparel > 'Quoted'",
    "Tas/Ransel": "\t=tab start",
}


def test_the_category_map_csv_follows_the_formula_rule(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "a.profile.toml"
    map_path = save_seller_profile(
        profiles.load("default"),
        path,
        category_map=FORMULA_TEXT,
        attribute_names={},
        units_by_category={},
    )
    with map_path.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert "''=quoted already" in cells  # guarded too, so the guard comes off exactly
    assert "'plain apostrophe" in cells  # no formula start after it: left as it is


def test_a_guarded_category_map_reads_back_as_saved(tmp_path: Path) -> None:
    path = tmp_path / "a.profile.toml"
    save_seller_profile(
        profiles.load("default"),
        path,
        category_map=FORMULA_TEXT,
        attribute_names={},
        units_by_category={},
    )
    loaded = profiles.load(str(path))
    assert loaded.category_map == {
        profiles.normalise_category(source): target.strip()
        for source, target in FORMULA_TEXT.items()
    }


def test_the_profile_and_its_map_are_saved_as_one_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catalog_migrate.spreadsheet import atomic

    shipped = profiles.load("default")
    path = tmp_path / "a.profile.toml"
    tables = {"category_map": {"a": "A"}, "attribute_names": {}, "units_by_category": {}}
    save_seller_profile(shipped, path, **tables)
    before = {item.name: item.read_bytes() for item in tmp_path.iterdir()}
    real, calls = atomic._replace, []

    def replace(temp: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 2:  # the map is in place, the TOML not yet
            raise KeyboardInterrupt
        real(temp, target)

    monkeypatch.setattr(atomic, "_replace", replace)
    with pytest.raises(KeyboardInterrupt):
        save_seller_profile(shipped, path, **{**tables, "category_map": {"b": "B"}})
    assert {item.name: item.read_bytes() for item in tmp_path.iterdir()} == before
