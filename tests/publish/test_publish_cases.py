"""Publish runs in the seller's other situations: review decisions, a refused image, a category
the platform does not know, a dry run offline, a damaged state file, the caches."""

from __future__ import annotations

import errno
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from catalog_migrate.publish.schema_cache import SchemaCache
from catalog_migrate.publish.state import PublishState, Record
from tests.images.image_server import image_server
from tests.publish.fake_platform import (
    DRAFT,
    HIJABS,
    PHOTOBANK,
    SCHEMA_GET,
    fake_platform,
    schema_xml,
)
from tests.publish.shop import A, B, C, D, Shop, make_shop, rename_product


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    with image_server() as images, fake_platform() as platform:
        platform.slow_s = 1.0
        yield make_shop(tmp_path, images, platform)


def test_only_listings_accepted_in_review_are_published(shop: Shop) -> None:
    decisions = shop.folder / "shop.decisions.json"
    decisions.write_text(
        json.dumps(
            {
                "version": 1,
                "target": "alibaba",
                "input": "shop.xlsx",
                "products": {A: {"status": "accepted"}, B: {"status": "rejected"}},
            }
        ),
        encoding="utf-8",
    )

    run = shop.publish("--json", "--decisions", str(decisions), "--only-accepted")

    assert run.code == 0, run.stdout
    assert run.json["drafts_created"] == 1
    assert run.json["products_skipped_by_review"] == 3
    assert [draft.title for draft in shop.platform.drafts()] == [shop.state()[A]["title"]]
    assert run.issues("publish.category_id_missing") == []  # D was not to be published


def test_a_refused_image_is_left_out_and_the_listing_published(shop: Shop) -> None:
    shop.platform.fault(PHOTOBANK, "refuse")

    run = shop.publish("--json", "--concurrency", "1")

    assert run.json["drafts_created"] == 3
    [refused] = run.issues("publish.image_refused")
    assert refused["product_id"] == A
    assert refused["field"] == "images"
    assert "SIZE_TOO_LARGE: the picture is over 5 MB" in refused["message"]
    first = next(
        draft for draft in shop.platform.drafts() if draft.title == shop.state()[A]["title"]
    )
    assert len(first.image_ids) == 2  # of its three pictures
    assert run.json["images_uploaded"] == 5  # the refused picture went up with listing B


def test_a_category_the_platform_does_not_know_fails_its_listings_only(shop: Shop) -> None:
    path = shop.folder / "shop.categories.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Hijabs,100002", "Hijabs,555"), encoding="utf-8"
    )

    run = shop.publish("--json")

    assert run.code == 1
    assert run.json["drafts_created"] == 2
    assert run.json["failed"] == 1
    [refused] = run.issues("publish.platform_error")
    assert refused["product_id"] == C
    assert refused["message"] == (
        "Alibaba.com refused alibaba.icbu.product.schema.get for category 555: "
        "PUB_BIZCHECK_CAT_ID_NOTEXIST: category does not exist"
    )


def test_the_sellers_own_glossary_terms_find_a_category_option(shop: Shop) -> None:
    # The hijab category takes a colour only from its options; `Mocca Susu` is none of them and
    # the shipped glossary does not know it, the seller's [translate.terms] make it Beige.
    rename_product(shop, "Hitam", "Mocca Susu")
    with shop.profile.open("a", encoding="utf-8") as profile:
        profile.write('\n[translate.terms]\nid = { "Mocca Susu" = "Beige" }\n')

    run = shop.publish("--json", "--no-translate")

    assert run.json["drafts_created"] == 3, run.json["issues"]
    assert run.issues("publish.variation_not_offered") == []
    [hijab] = [draft for draft in shop.platform.drafts() if draft.category_id == HIJABS]
    document = etree.fromstring(hijab.xml.encode("utf-8"))
    assert document.xpath("//field[@id='props']//value/@propValueName") == ["Beige"]
    assert document.xpath("//field[@id='props']//value/text()") == ["3216:6134"]
    assert shop.platform.bad_requests == []


def test_a_dry_run_without_credentials_uses_the_cached_rules_and_sends_nothing(
    shop: Shop,
) -> None:
    shop.publish()
    calls = sum(shop.platform.requests.values())
    env = shop.env(ALIBABA_ACCESS_TOKEN="", ALIBABA_APP_SECRET="")

    run = shop.publish("--json", "--dry-run", env=env)

    assert run.json["xml_written"] == 3, run.stdout
    assert sum(shop.platform.requests.values()) == calls
    document = etree.fromstring((shop.xml_folder / f"{A}.xml").read_bytes())
    assert document.xpath("//field[@id='productTitle']/value/text()") == [shop.state()[A]["title"]]


def test_a_dry_run_with_credentials_shows_the_photobank_ids_already_known(shop: Shop) -> None:
    shop.publish()
    known = set(shop.platform.uploads.values())

    run = shop.publish("--json", "--dry-run")

    assert run.json["xml_written"] == 3
    document = etree.fromstring((shop.xml_folder / f"{B}.xml").read_bytes())
    ids = {value.get("fileId") for value in document.iter("value") if value.get("fileId")}
    assert ids and ids <= known
    assert shop.platform.requests[DRAFT] == 3


def test_a_dry_run_before_any_upload_marks_images_not_uploaded(shop: Shop) -> None:
    run = shop.publish("--json", "--dry-run")

    assert run.json["xml_written"] == 3
    assert shop.platform.requests[PHOTOBANK] == 0
    document = etree.fromstring((shop.xml_folder / f"{C}.xml").read_bytes())
    assert {value.get("fileId") for value in document.iter("value") if value.get("fileId")} == {"0"}


def test_a_damaged_state_file_stops_with_one_line(shop: Shop) -> None:
    shop.state_file.write_text("{not json", encoding="utf-8")

    run = shop.publish()

    assert run.code == 2
    assert run.stderr == (
        "Error: state file shop.alibaba.publish.json cannot be read (it is not a publish state "
        "file); move it away to start afresh (what it recorded would then be created again)\n"
    )
    assert shop.platform.requests[DRAFT] == 0


def test_the_state_file_is_replaced_whole_and_forgets_a_write_not_carried_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.alibaba.publish.json"
    state = PublishState(path)
    state.record(A, Record(status="draft", draft_id="1", fingerprint="f"))
    state.record(B, Record(pending="alibaba.icbu.product.schema.add.draft"))
    state.restore(B, None)

    again = PublishState.load(path)

    assert list(again.listings) == [A]
    assert again.listings[A].draft_id == "1"
    assert [item.name for item in tmp_path.iterdir()] == [path.name]
    assert json.loads(path.read_text())["format"] == "catalog-migrate alibaba publish state"


def test_the_rules_cache_asks_once_and_again_when_stale(tmp_path: Path) -> None:
    asked: list[str] = []

    def fetch(category_id: str, language: str) -> str:
        asked.append(category_id)
        return schema_xml(category_id)

    SchemaCache(tmp_path, "acct", fetch).get("100001", "en_US")
    cached = SchemaCache(tmp_path, "acct", fetch)
    assert cached.get("100001", "en_US").field("productTitle") is not None
    assert cached.get("100001", "en_US") is cached.get("100001", "en_US")
    assert asked == ["100001"]
    SchemaCache(tmp_path, "other", fetch).get("100001", "en_US")  # another account
    SchemaCache(tmp_path, "acct", fetch, max_age_s=-1).get("100001", "en_US")
    assert asked == ["100001"] * 3


def test_images_are_remembered_per_account(shop: Shop) -> None:
    shop.publish()
    assert shop.platform.upload_calls == 5
    shop.state_file.unlink()
    shop.platform.access_token = "another-sellers-token"

    run = shop.publish("--json", env=shop.env(ALIBABA_ACCESS_TOKEN="another-sellers-token"))

    assert run.json["images_uploaded"] == 5
    assert shop.platform.upload_calls == 10
    assert shop.platform.requests[SCHEMA_GET] == 4  # and its own copy of the rules
    assert D not in shop.state()


def test_a_second_dry_run_replaces_the_documents_of_the_first(shop: Shop) -> None:
    shop.publish("--dry-run")
    (shop.xml_folder / "stale.xml").write_text("<itemSchema/>", encoding="utf-8")

    again = shop.publish("--json", "--dry-run")

    assert again.json["xml_written"] == 3
    assert sorted(path.name for path in shop.xml_folder.iterdir()) == [
        f"{A}.xml",
        f"{B}.xml",
        f"{C}.xml",
    ]


def test_a_file_where_the_dry_run_folder_goes_is_one_line(shop: Shop) -> None:
    shop.xml_folder.write_text("mine", encoding="utf-8")

    run = shop.publish("--dry-run")

    assert run.code == 2
    assert run.stderr == (
        f"Error: {shop.xml_folder} is in the way: --dry-run writes a folder there; move it\n"
    )
    assert shop.xml_folder.read_text(encoding="utf-8") == "mine"


def test_a_folder_where_the_state_file_cannot_be_written_stops_before_any_call(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, whom file modes do not stop: the error is injected where the operating
    # system would report it.
    real = tempfile.mkstemp

    def read_only(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(str(kwargs.get("dir"))).resolve() == shop.folder.resolve():
            raise OSError(errno.EROFS, "Read-only file system", str(shop.folder / ".x"))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    run = shop.publish()

    assert run.code == 2
    assert run.stderr == (
        f"Error: cannot write {shop.state_file}: the folder {shop.folder} is on a read-only "
        "file system\n"
    )
    assert sum(shop.platform.requests.values()) == 0
