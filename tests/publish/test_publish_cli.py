"""`catalog-migrate publish --to alibaba` end to end against the fake Open Platform."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from tests.images.image_server import ImageServer, image_server
from tests.publish.fake_platform import (
    ADD,
    DRAFT,
    HIJABS,
    PHOTOBANK,
    SCHEMA_GET,
    TSHIRTS,
    UPDATE,
    FakePlatform,
    fake_platform,
)
from tests.publish.shop import A, B, C, D, Shop, make_shop, rename_product


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    with image_server() as images, fake_platform() as platform:
        platform.slow_s = 1.0
        yield make_shop(tmp_path, images, platform)


@pytest.fixture
def images() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def _writes(platform: FakePlatform) -> int:
    return sum(platform.requests[path] for path in (DRAFT, ADD, UPDATE, PHOTOBANK))


def test_one_draft_per_publishable_listing_each_image_uploaded_once(shop: Shop) -> None:
    run = shop.publish("--json")

    assert run.code == 1, run.stderr  # the skirt has no category id
    counts = run.json
    assert counts["drafts_created"] == 3
    assert counts["published"] == 0
    assert counts["failed"] == 0
    assert counts["not_published"] == 1
    assert counts["images_uploaded"] == 5  # red, green, blue, yellow and one for same-a/same-b
    drafts = shop.platform.drafts()
    assert sorted(draft.category_id for draft in drafts) == ["100001", "100001", "100002"]
    assert shop.platform.upload_calls == 5
    assert shop.platform.bad_requests == []
    assert shop.platform.requests[SCHEMA_GET] == 2  # one per category
    assert shop.platform.max_in_flight <= 4
    assert list((shop.folder / "cache" / "catalog-migrate").glob("scratch-*")) == []
    # The listing with a rejected SKU is published all the same, its other SKU kept.
    assert "price.unparseable" in run.codes()
    hijab = next(draft for draft in drafts if draft.category_id == "100002")
    assert len(hijab.image_ids) == 2
    # Each image by its photobank fileId, its photobank URL as the value (§1.3).
    for draft in drafts:
        images = etree.fromstring(draft.xml.encode()).xpath("//field[@id='scImages']//value")
        assert [image.get("fileId") for image in images] == draft.image_ids
        assert [image.text for image in images] == [
            shop.platform.photobank_urls[file_id] for file_id in draft.image_ids
        ]
    [missing] = run.issues("publish.category_id_missing")
    assert missing["product_id"] == D
    assert missing["severity"] == "error"
    assert missing["message"] == (
        f'product {D} is not published: category "Apparel > Women\'s Clothing > Skirts" has '
        "no Alibaba.com leaf category id; add it to shop.categories.csv, in the third column "
        "(target_category_id) of a row that maps to it"
    )
    state = shop.state()
    assert sorted(state) == sorted([A, B, C])
    assert {record["status"] for record in state.values()} == {"draft"}
    assert sorted(record["draft_id"] for record in state.values()) == sorted(
        draft.id for draft in drafts
    )
    assert all(record["pending"] == "" for record in state.values())
    assert state[A]["image_ids"] == drafts[0].image_ids or state[A]["image_ids"]
    book = openpyxl.load_workbook(shop.report_file)
    assert "publish.category_id_missing" in [row[4] for row in book["Issues"].values]
    # As convert's report: where each value came from, and what the glossary translated.
    assert {row[0] for row in book["Provenance"].values} >= {A, B, C}
    assert ("variations", "Hitam", "Black", "glossary") in set(book["Translations"].values)


def test_a_second_run_creates_nothing_and_uploads_nothing(shop: Shop) -> None:
    shop.publish()
    writes = _writes(shop.platform)
    schema_calls = shop.platform.requests[SCHEMA_GET]

    again = shop.publish("--json")

    assert again.code == 1
    assert again.json["skipped_unchanged"] == 3
    assert again.json["drafts_created"] == 0
    assert again.json["images_uploaded"] == 0
    assert _writes(shop.platform) == writes
    # One call to check the credentials, made alone; the rules came from the cache.
    assert shop.platform.requests[SCHEMA_GET] == schema_calls + 1
    assert len(shop.platform.drafts()) == 3


def test_injected_faults_are_survived_with_exactly_one_draft_each(shop: Shop) -> None:
    shop.platform.fault(SCHEMA_GET, "429", "500", "timeout")
    shop.platform.fault(PHOTOBANK, "500", "429", "timeout", "limit")
    shop.platform.fault(DRAFT, "429", "timeout", "500", "limit")

    run = shop.publish("--json")

    assert run.code == 1, run.stdout
    assert run.json["drafts_created"] == 3
    assert run.json["failed"] == 0
    assert len(shop.platform.drafts()) == 3
    assert len(shop.platform.uploads) == 5
    assert shop.platform.bad_requests == []
    # A timed-out or failed draft call may have been carried out: each retry after one says so.
    assert len(run.issues("publish.possible_duplicate")) <= 2


def test_a_lost_answer_is_reported_as_a_possible_duplicate(shop: Shop) -> None:
    shop.platform.fault(DRAFT, "lost")

    run = shop.publish("--json", "--concurrency", "1")

    assert run.json["drafts_created"] == 3
    assert run.json["possible_duplicates"] == 1
    [doubt] = run.issues("publish.possible_duplicate")
    assert doubt["severity"] == "warning"
    assert "look on Alibaba.com for a second draft titled" in doubt["message"]
    assert len(shop.platform.drafts()) == 4  # the lost answer's draft exists: the seller is told


def test_a_refused_listing_is_reported_with_the_platform_code_and_the_run_goes_on(
    shop: Shop,
) -> None:
    shop.platform.refuse_titles = ("Blue",)

    run = shop.publish("--json")

    assert run.code == 1
    assert run.json["drafts_created"] == 2
    assert run.json["failed"] == 1
    [refused] = run.issues("publish.platform_error")
    assert refused["product_id"] == B
    assert "CHK_BASIC_MAX_LENGTH: the title is too long" in refused["message"]
    assert B not in shop.state()

    shop.platform.refuse_titles = ()
    again = shop.publish("--json")
    assert again.json["drafts_created"] == 1
    assert again.json["skipped_unchanged"] == 2
    assert len(shop.platform.drafts()) == 3


def test_a_changed_listing_gets_a_new_draft_and_the_run_says_what_changed(shop: Shop) -> None:
    shop.publish()
    old = shop.state()[A]["draft_id"]
    rename_product(shop, "Kaos Polos Merah Katun", "Kaos Polos Merah Katun Premium")

    run = shop.publish("--json")

    assert run.json["drafts_created"] == 1
    assert run.json["skipped_unchanged"] == 2
    [changed] = run.issues("publish.changed")
    assert changed["product_id"] == A
    assert "(title" in changed["message"]
    assert f"draft {old} is still on Alibaba.com: delete it there" in changed["message"]
    assert shop.state()[A]["draft_id"] != old
    assert len(shop.platform.drafts()) == 4


def test_live_publishes_and_then_updates_a_changed_product(shop: Shop) -> None:
    run = shop.publish("--json", "--live")

    assert run.json["published"] == 3
    assert run.json["mode"] == "live"
    assert shop.platform.requests[DRAFT] == 0
    assert {record["status"] for record in shop.state().values()} == {"published"}
    product = shop.state()[A]["product_id"]

    rename_product(shop, "Kaos Polos Merah Katun", "Kaos Polos Merah Katun Premium")
    drafts = shop.publish("--json")
    assert drafts.json["not_updated"] == 1
    assert "run with --live to update it" in drafts.issues("publish.not_updated")[0]["message"]
    assert shop.platform.requests[DRAFT] == 0

    live = shop.publish("--json", "--live")
    assert live.json["updated"] == 1
    assert shop.platform.requests[UPDATE] == 1
    assert shop.state()[A]["product_id"] == product


def test_dry_run_sends_no_write_and_writes_each_document(shop: Shop) -> None:
    run = shop.publish("--json", "--dry-run")

    assert run.code == 1
    assert run.json["xml_written"] == 3
    assert run.json["mode"] == "dry-run"
    assert _writes(shop.platform) == 0
    assert not shop.state_file.exists()
    assert not shop.report_file.exists()
    written = sorted(path.name for path in shop.xml_folder.iterdir())
    assert written == [f"{A}.xml", f"{B}.xml", f"{C}.xml"]
    for path in shop.xml_folder.iterdir():
        assert etree.fromstring(path.read_bytes()).tag == "itemSchema"
    assert [path.name for path in shop.folder.iterdir() if path.name.startswith(".")] == []


def test_a_listing_whose_document_has_errors_is_not_sent(shop: Shop) -> None:
    rules = shop.platform.schemas[HIJABS].replace(
        '<field id="p-31" name="Hijab Type" type="singleCheck">',
        '<field id="p-31" name="Hijab Type" type="singleCheck">'
        '<rules><rule name="requiredRule" value="true"/></rules>',
    )
    assert rules != shop.platform.schemas[HIJABS]
    shop.platform.schemas[HIJABS] = rules

    run = shop.publish("--json")

    assert run.json["drafts_created"] == 2
    assert run.json["not_published"] == 2
    assert [draft.category_id for draft in shop.platform.drafts()] == [TSHIRTS, TSHIRTS]
    [unfilled] = run.issues("publish.required_field_unfilled")
    assert unfilled["product_id"] == C
    assert unfilled["severity"] == "error"
    assert unfilled["field"] == "icbuCatProp/p-31"
    assert unfilled["message"] == (
        "the category requires 'Hijab Type' (p-31), and the listing has no such specification"
    )
    assert C not in shop.state()
    assert shop.platform.bad_requests == []
    assert shop.platform.upload_calls == 4  # not the yellow picture only the hijab has


def test_a_category_requiring_what_no_listing_says_publishes_none_of_them(shop: Shop) -> None:
    # The reference T-shirt schema requires a material and a sleeve length, which the shop's
    # T-shirts do not say.
    path = shop.folder / "shop.categories.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("T-Shirts,100001", "T-Shirts,127734135"), encoding="utf-8")

    run = shop.publish("--json")

    assert run.code == 1
    assert run.json["drafts_created"] == 1
    assert run.json["not_published"] == 3  # the two T-shirts and the skirt without an id
    unfilled = run.issues("publish.required_field_unfilled")
    assert sorted((issue["product_id"], issue["field"]) for issue in unfilled) == [
        (A, "icbuCatProp/p-3"),
        (A, "icbuCatProp/p-7"),
        (B, "icbuCatProp/p-3"),
        (B, "icbuCatProp/p-7"),
    ]
    assert [draft.category_id for draft in shop.platform.drafts()] == [HIJABS]
    assert shop.platform.requests[SCHEMA_GET] == 2
    assert shop.platform.upload_calls == 2  # the hijab's; nothing for a listing not published


@pytest.mark.parametrize("fault", ["secret", "signature"])
def test_refused_credentials_stop_the_run_with_one_line(shop: Shop, fault: str) -> None:
    env = shop.env()
    if fault == "secret":
        env["ALIBABA_APP_SECRET"] = "not-the-secret"
    else:
        shop.platform.fault(SCHEMA_GET, "bad_signature")

    run = shop.publish(env=env)

    assert run.code == 2
    assert run.stderr.startswith("Error: Alibaba.com refused the credentials (")
    assert run.stderr.count("\n") == 1
    assert "catalog-migrate auth alibaba" in run.stderr
    assert _writes(shop.platform) == 0
    assert not shop.state_file.exists() or shop.state() == {}


def test_missing_credentials_are_one_line_and_exit_2(shop: Shop) -> None:
    env = shop.env(ALIBABA_ACCESS_TOKEN="")

    run = shop.publish(env=env)

    assert run.code == 2
    assert run.stderr == (
        "Error: no Alibaba.com credentials: set ALIBABA_ACCESS_TOKEN or run "
        "`catalog-migrate auth alibaba`\n"
    )


def test_publish_takes_alibaba_only_and_not_live_with_dry_run(shop: Shop) -> None:
    run = shop.publish("--live", "--dry-run")
    assert run.code == 2
    assert run.stderr == "Error: give --live or --dry-run, not both\n"


def test_exit_code_0_when_every_listing_is_done(shop: Shop) -> None:
    text = (shop.folder / "shop.categories.csv").read_text(encoding="utf-8")
    (shop.folder / "shop.categories.csv").write_text(
        text.replace("Women's Clothing > Skirts\n", "Women's Clothing > Skirts,100001\n"),
        encoding="utf-8",
    )
    rows = shop.publish("--json")
    assert rows.json["drafts_created"] == 4
    assert rows.code == 1  # the hijab's unreadable SKU price is a rejection, as in convert
    assert rows.json["products_rejected"] == 0


def test_refused_credentials_are_caught_first_even_with_the_rules_cached(shop: Shop) -> None:
    shop.publish()
    writes = _writes(shop.platform)
    shop.state_file.unlink()  # everything would be sent again
    shop.platform.access_token = "the-token-was-revoked"

    run = shop.publish()

    assert run.code == 2
    assert run.stderr.startswith("Error: Alibaba.com refused the credentials (IllegalAccessToken")
    assert _writes(shop.platform) == writes


def test_an_unchanged_listing_left_pending_by_a_killed_run_is_flagged_once(shop: Shop) -> None:
    shop.publish()
    data = json.loads(shop.state_file.read_text(encoding="utf-8"))
    data["listings"][A]["pending"] = "alibaba.icbu.product.schema.add.draft"
    shop.state_file.write_text(json.dumps(data), encoding="utf-8")

    run = shop.publish("--json")

    assert run.json["skipped_unchanged"] == 3
    [doubt] = run.issues("publish.possible_duplicate")
    assert doubt["product_id"] == A
    assert doubt["message"].startswith(
        "an earlier run was interrupted while alibaba.icbu.product.schema.add.draft was on its "
        "way, so it may have created a draft besides the one recorded: look on Alibaba.com for "
        "a second draft titled "
    )
    assert shop.state()[A]["pending"] == ""
    assert shop.publish("--json").issues("publish.possible_duplicate") == []


def test_a_map_without_the_id_column_says_how_to_add_it_once_per_category(shop: Shop) -> None:
    path = shop.folder / "shop.categories.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    two_columns = ["source_category,target_category"] + [
        ",".join(line.split(",")[:2]) for line in lines[1:]
    ]
    path.write_text("\n".join(two_columns) + "\n", encoding="utf-8")

    run = shop.publish()

    assert run.code == 2  # nothing could be published
    assert shop.platform.requests[DRAFT] == 0
    assert shop.platform.upload_calls == 0
    missing = [line for line in run.stdout.splitlines() if "publish.category_id_missing" in line]
    assert missing == [
        f"  error: publish.category_id_missing: product {A} is not published: category "
        "\"Apparel > Women's Clothing > Women's T-Shirts\" has no Alibaba.com leaf category id; "
        "shop.categories.csv has no target_category_id column: add `,target_category_id` to its "
        "header line and the id at the end of a row that maps to the category",
        "  error: publish.category_id_missing: 4 listings in 3 categories have no Alibaba.com "
        "category id: \"Apparel > Women's Clothing > Women's T-Shirts\" (2), 'Apparel > Ethnic "
        "Clothing > Islamic Clothing > Hijabs' (1), \"Apparel > Women's Clothing > Skirts\" (1)",
    ]
    assert "drafts created 0, published 0, updated 0" in run.stdout


def test_the_shipped_map_says_to_copy_the_profile(shop: Shop) -> None:
    run = shop.publish("--json", "--profile", "default")

    assert run.code == 2
    messages = {issue["message"] for issue in run.issues("publish.category_id_missing")}
    assert messages and all(
        message.endswith(
            "the shipped category map gives no ids: copy the profile with `catalog-migrate "
            "profile init my-shop.toml`, add the id to my-shop.categories.csv in the third column "
            "(target_category_id) of a row that maps to the category, and publish with --profile "
            "my-shop.toml"
        )
        for message in messages
    )


def test_the_console_names_the_product_of_each_issue_and_a_dry_run_its_counts(shop: Shop) -> None:
    run = shop.publish("--dry-run")

    assert run.stdout.splitlines() == [
        "publish to Alibaba.com (dry run, nothing sent): 4 listings of 4 products",
        "  rejected on reading: 0 of 4 products, 1 of 6 SKU rows",
        "  not published 1, failed 0",
        '  images already in the photobank 0 (the others show fileId="0": a real run uploads them)',
        f"  3 documents written to {shop.xml_folder}",
        f"  error: publish.category_id_missing: product {D} is not published: category "
        '"Apparel > Women\'s Clothing > Skirts" has no Alibaba.com leaf category id; add it to '
        "shop.categories.csv, in the third column (target_category_id) of a row that maps to it",
        f"  error: price.unparseable: product {C} row 10: 'harga?' is not a price",
    ]
