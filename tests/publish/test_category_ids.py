"""The category map's optional third column, `target_category_id`."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_migrate import profile as profiles
from catalog_migrate.category_ids import category_id_for, map_path, read_category_ids
from catalog_migrate.profile import ProfileError, copy_shipped


def _map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_ids_by_target_category_and_two_column_rows_stay_valid(tmp_path: Path) -> None:
    path = _map(
        tmp_path,
        "source_category,target_category,target_category_id\n"
        "Pakaian Wanita/Atasan/Kaos,Apparel > Women's T-Shirts,100001\n"
        "Womenswear/Tops/T-shirts,Apparel >  Women's T-Shirts,100001\n"
        "Fashion Muslim/Hijab,Apparel > Hijabs\n"
        "Pakaian Wanita/Rok,Apparel > Skirts,\n",
    )
    ids = read_category_ids(path)
    assert category_id_for("apparel > women's t-shirts", ids) == "100001"
    assert category_id_for("Apparel > Hijabs", ids) is None
    assert category_id_for("", ids) is None


def test_a_two_column_map_gives_no_ids_and_loads_as_before(tmp_path: Path) -> None:
    path = _map(tmp_path, "source_category,target_category\nA/B,Apparel > X\n")
    assert read_category_ids(path) == {}


def test_a_profile_with_a_three_column_map_loads_and_names_its_map(tmp_path: Path) -> None:
    profile_path = tmp_path / "shop.toml"
    copy_shipped("default", profile_path)
    (tmp_path / "shop.categories.csv").write_text(
        "source_category,target_category,target_category_id\nA/B,Apparel > X,42\n",
        encoding="utf-8",
    )
    loaded = profiles.load(str(profile_path))
    assert loaded.category_map == {"a/b": "Apparel > X"}
    path = map_path(loaded)
    assert path is not None
    assert read_category_ids(path) == {"apparel > x": "42"}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "A/B,Apparel > X,12ab\n",
            "category map map.csv line 2: target_category_id must be the channel's numeric "
            "category id, not '12ab'",
        ),
        (
            "A/B,Apparel > X,1\nC/D,Apparel > X,2\n",
            "category map map.csv line 3: 'Apparel > X' has id 2 here and 1 on line 2; give one id",
        ),
    ],
)
def test_a_bad_or_conflicting_id_is_one_clear_error(
    tmp_path: Path, rows: str, message: str
) -> None:
    path = _map(tmp_path, "source_category,target_category,target_category_id\n" + rows)
    with pytest.raises(ProfileError) as refused:
        read_category_ids(path)
    assert str(refused.value) == message
