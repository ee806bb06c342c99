"""Target categories from the category map, and suggestions for the ones it lacks."""

from __future__ import annotations

from catalog_migrate.mapping.categories import map_category, suggest_categories
from catalog_migrate.mapping.notes import Notes
from tests.mapping.builders import default_profile, notes


def mapped(source: str | None) -> tuple[tuple[str, bool], Notes]:
    collected = notes()
    return map_category(source, default_profile().category_map, collected), collected


def test_a_mapped_category() -> None:
    result, collected = mapped("Pakaian Wanita/Atasan/Kaos")

    assert result == ("Apparel > Women's Clothing > Women's T-Shirts", True)
    assert collected.issues == []
    [entry] = collected.provenance
    assert entry.rule == "category.map 'Pakaian Wanita/Atasan/Kaos'"


def test_the_map_ignores_case_spaces_and_separators() -> None:
    assert mapped("  pakaian wanita / ATASAN /  kaos ")[0] == (
        "Apparel > Women's Clothing > Women's T-Shirts",
        True,
    )
    assert mapped("Pakaian Wanita>>>Atasan>>>Kaos")[0][1] is True


def test_an_unmapped_category_keeps_its_source_path() -> None:
    result, collected = mapped("Pakaian Wanita/Atasan/Kemeja")

    assert result == ("Pakaian Wanita/Atasan/Kemeja", False)
    [issue] = collected.issues
    assert (issue.code, issue.severity, issue.field) == ("category.unmapped", "warning", "category")
    assert collected.provenance[0].rule == "category.kept source path (unmapped)"


def test_a_missing_category_is_left_for_the_target_to_judge() -> None:
    for source in (None, "", "   "):
        result, collected = mapped(source)
        assert result == ("", False)
        assert collected.issues == []
        assert collected.provenance[0].rule == "category.none (the product has no category)"


def test_an_unmapped_path_falls_back_to_its_longest_mapped_parent_with_a_warning() -> None:
    category_map = {
        "fesyen muslim": "Apparel > Ethnic Clothing",
        "fesyen muslim/hijab": "Apparel > Ethnic Clothing > Islamic Clothing > Hijabs",
    }
    collected = notes()

    result = map_category("Fesyen Muslim / Hijab/Pashmina/Ceruty", category_map, collected)

    assert result == ("Apparel > Ethnic Clothing > Islamic Clothing > Hijabs", True)
    [issue] = collected.issues
    assert (issue.code, issue.severity, issue.field) == (
        "category.prefix_mapped",
        "warning",
        "category",
    )
    assert issue.message == (
        "no entry for 'Fesyen Muslim / Hijab/Pashmina/Ceruty' in the category map; mapped by its "
        "parent 'Fesyen Muslim/Hijab' to 'Apparel > Ethnic Clothing > Islamic Clothing > Hijabs': "
        "check it"
    )
    [entry] = collected.provenance
    assert entry.rule == (
        "category.prefix 'Fesyen Muslim/Hijab' of 'Fesyen Muslim / Hijab/Pashmina/Ceruty'"
    )


def test_only_whole_levels_count_as_a_parent() -> None:
    collected = notes()
    assert map_category("Fesyen Muslim/Hijab", {"fesyen": "Apparel"}, collected) == (
        "Fesyen Muslim/Hijab",
        False,
    )
    assert [issue.code for issue in collected.issues] == ["category.unmapped"]


def test_an_exact_entry_wins_over_a_parent() -> None:
    category_map = {"a": "Parent", "a/b": "Exact"}
    collected = notes()
    assert map_category("A/B", category_map, collected) == ("Exact", True)
    assert collected.issues == []


TARGETS = [
    "Apparel > Women's Clothing > Women's T-Shirts",
    "Apparel > Men's Clothing > Men's T-Shirts",
    "Apparel > Women's Clothing > Casual Dresses",
    "Shoes > Women's Shoes > Women's Sandals",
    "Jewelry > Fashion Jewelry > Earrings",
]


def test_suggestions_rank_by_shared_words() -> None:
    assert suggest_categories("Womenswear/Women's Tops/T-shirts", TARGETS) == [
        "Apparel > Women's Clothing > Women's T-Shirts",
        "Apparel > Men's Clothing > Men's T-Shirts",
        "Shoes > Women's Shoes > Women's Sandals",
        "Apparel > Women's Clothing > Casual Dresses",
    ]


def test_suggestion_ties_go_alphabetically_and_no_overlap_is_left_out() -> None:
    assert suggest_categories("Clothing", TARGETS, limit=5) == [
        "Apparel > Men's Clothing > Men's T-Shirts",
        "Apparel > Women's Clothing > Casual Dresses",
        "Apparel > Women's Clothing > Women's T-Shirts",
    ]
    assert suggest_categories("Kitchen Tools", TARGETS) == []


def test_suggestions_respect_the_limit() -> None:
    # Three targets share both words out of five; the alphabetically first wins the one place.
    assert suggest_categories("Apparel Clothing", TARGETS, limit=1) == [
        "Apparel > Men's Clothing > Men's T-Shirts"
    ]
    assert suggest_categories("", TARGETS) == []
    assert suggest_categories("Clothing", TARGETS, limit=0) == []


def test_suggestions_also_rank_targets_by_the_source_paths_mapped_to_them() -> None:
    known_map = {
        "pakaian wanita/dress": "Apparel > Women's Clothing > Casual Dresses",
        "sepatu wanita/sandal": "Shoes > Women's Shoes > Women's Sandals",
    }
    suggestions = suggest_categories(
        "Pakaian Wanita/Bawahan/Rok", known_map.values(), known_map=known_map
    )
    assert suggestions == [
        "Apparel > Women's Clothing > Casual Dresses",
        "Shoes > Women's Shoes > Women's Sandals",
    ]
    assert suggest_categories("Pakaian Wanita/Bawahan/Rok", known_map.values()) == []
