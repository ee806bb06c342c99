"""One listing on Alibaba.com: its images in the photobank, its category's rules, its filled
document, one write, and the state file told before and after."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from catalog_migrate.model import Issue, WholesaleListing, error, warning
from catalog_migrate.publish.client import (
    SCHEMA_ADD,
    SCHEMA_ADD_DRAFT,
    SCHEMA_GET,
    SCHEMA_UPDATE,
    Api,
    CallFailed,
    OpenPlatformClient,
    PlatformError,
    Stopped,
    find_value,
)
from catalog_migrate.publish.item_match import Glossaries
from catalog_migrate.publish.item_schema import ItemXml, build_item_xml
from catalog_migrate.publish.photobank import ImageRefused, Photobank
from catalog_migrate.publish.results import Mode, PublishOptions
from catalog_migrate.publish.schema import CategorySchema, SchemaError
from catalog_migrate.publish.schema_cache import SchemaCache
from catalog_migrate.publish.state import (
    PublishState,
    Record,
    changed_fields,
    fingerprint,
    listing_fields,
)
from catalog_migrate.publish.xml_folder import XmlFolder


@dataclass
class Outcome:
    issues: list[Issue] = field(default_factory=list)
    counter: str = ""  # the PublishReport count this listing adds one to
    possible_duplicate: bool = False


@dataclass
class ListingPublisher:
    options: PublishOptions
    mode: Mode
    state: PublishState | None
    schemas: SchemaCache
    photobank: Photobank
    client: OpenPlatformClient | None
    xml_out: XmlFolder | None
    # The run's glossaries (the shipped ones and the seller's [translate] terms): a value in the
    # shop's language still finds the category's option it translates to.
    glossaries: Glossaries | None = None

    def publish_one(
        self, key: str, row: int | None, listing: WholesaleListing, category_id: str
    ) -> Outcome:
        outcome = Outcome()

        def say(issue_maker: Callable[..., Issue], code: str, message: str, **where: Any) -> None:
            outcome.issues.append(
                issue_maker(code, message, product_key=key, source_row=row, **where)
            )

        fields = listing_fields(listing, category_id)
        mark = fingerprint(fields)
        prior = self.state.get(key) if self.state is not None else None
        action = self._action(prior, mark)
        if action == "skip":
            outcome.counter = "skipped_unchanged"
            if prior is not None and prior.pending and self.state is not None:
                # A write of the same listing was cut off by a killed run: it may exist twice.
                outcome.possible_duplicate = True
                say(warning, *_duplicate(prior.pending, listing, "an earlier run was interrupted"))
                self.state.record(key, prior.model_copy(update={"pending": ""}))
            return outcome
        if action == "not_updated":
            assert prior is not None
            changed = ", ".join(changed_fields(prior.fields, fields))
            say(
                warning,
                "publish.not_updated",
                f"changed since it was published as product {prior.product_id} ({changed}); "
                "drafts do not update published products: run with --live to update it",
            )
            outcome.counter = "not_updated"
            return outcome
        try:
            schema = self.schemas.get(category_id, self.options.language)
            if self.xml_out is None:
                # The document first, with the pictures as the photobank knows them: a listing
                # that cannot be published uploads nothing.
                trial = self._build(listing, schema, category_id, self._images(listing, say, False))
                if not trial.publishable:
                    outcome.issues.extend(trial.issues)
                    outcome.counter = "not_published"
                    return outcome
            image_ids, image_urls = self._images(listing, say)
            built = self._build(listing, schema, category_id, (image_ids, image_urls))
        except SchemaError as exc:  # refused credentials and a stopping run go up as they are
            say(
                error,
                "publish.platform_error",
                f"{SCHEMA_GET.name} for category {category_id}: {exc}",
                field="category",
            )
            outcome.counter = "failed"
            return outcome
        except PlatformError as exc:
            say(error, *self._failure(exc, f" for category {category_id}"))
            outcome.counter = "failed"
            return outcome
        outcome.issues.extend(built.issues)
        if not built.publishable:
            outcome.counter = "not_published"
            return outcome
        if self.xml_out is not None:
            self.xml_out.write(key, built.xml)
            outcome.counter = "xml_written"
            return outcome
        assert self.state is not None and self.client is not None
        api = self._api(action)
        base = prior or Record()
        if base.pending:
            outcome.possible_duplicate = True
            say(warning, *_duplicate(base.pending, listing, "an earlier run was interrupted"))
        self.state.record(key, base.model_copy(update={"pending": api.name}))
        try:
            reply = self.client.call(api, _write_params(built.xml, category_id, schema, base))
        except Stopped as exc:
            if not exc.in_doubt:
                self.state.restore(key, prior)
            raise
        except CallFailed as exc:
            if not exc.in_doubt:
                self.state.restore(key, prior)
            say(error, *self._failure(exc))
            outcome.counter = "failed"
            return outcome
        except PlatformError as exc:
            self.state.restore(key, prior)
            say(error, *self._failure(exc))
            outcome.counter = "failed"
            return outcome
        if reply.in_doubt:
            outcome.possible_duplicate = True
            lost = "an answer was lost and the call sent again"
            say(warning, *_duplicate(api.name, listing, lost))
        created = _created_id(reply.data)
        record = Record(
            status="draft" if api is SCHEMA_ADD_DRAFT else "published",
            draft_id=created if api is SCHEMA_ADD_DRAFT else base.draft_id,
            product_id=base.product_id if api is SCHEMA_ADD_DRAFT else created,
            category_id=category_id,
            fingerprint=mark,
            fields=fields,
            image_ids=list(image_ids),
            title=listing.title,
        )
        if api is SCHEMA_UPDATE:
            record = record.model_copy(update={"product_id": created or base.product_id})
        self.state.record(key, record)
        outcome.counter = {
            SCHEMA_ADD_DRAFT.name: "drafts_created",
            SCHEMA_ADD.name: "published",
            SCHEMA_UPDATE.name: "updated",
        }[api.name]
        if prior is not None and prior.status:
            say(warning, "publish.changed", _what_changed(prior, fields, record, api))
        return outcome

    def check_access(self, category_id: str) -> None:
        """The run's first call, made alone and even when the rules are cached: credentials the
        platform refuses stop the run here (CredentialsError), before anything is sent."""
        if self.client is None:
            return
        # A refusal other than the credentials' is said for the listing, by its worker.
        with suppress(PlatformError, SchemaError):
            self.schemas.get(category_id, self.options.language, ask=True)

    def _action(self, prior: Record | None, mark: str) -> str:
        if self.mode == "dry-run" or prior is None or not prior.status:
            return "add"
        unchanged = prior.fingerprint == mark
        if prior.status == "published":
            if unchanged:
                return "skip"
            return "update" if self.mode == "live" else "not_updated"
        # a draft
        if unchanged and self.mode == "draft":
            return "skip"
        return "add"

    def _api(self, action: str) -> Api:
        if action == "update":
            return SCHEMA_UPDATE
        return SCHEMA_ADD if self.mode == "live" else SCHEMA_ADD_DRAFT

    def _build(
        self,
        listing: WholesaleListing,
        schema: CategorySchema,
        category_id: str,
        images: tuple[list[str], list[str]],
    ) -> ItemXml:
        ids, urls = images
        return build_item_xml(
            listing, schema, ids, category_id, image_urls=urls, glossaries=self.glossaries
        )

    def _images(
        self, listing: WholesaleListing, say: Callable[..., None], send: bool = True
    ) -> tuple[list[str], list[str]]:
        """The photobank fileId and URL of each image, in the listing's order; a picture not
        uploaded yet (a dry run, or `send` false) is fileId `0` with no URL."""
        ids: list[str] = []
        urls: list[str] = []
        for name in listing.images:
            try:
                uploaded = self.photobank.upload(name, send=send)
            except ImageRefused as exc:
                say(
                    warning,
                    "publish.image_refused",
                    f"the photobank refused image {name} ({exc}); the listing goes without it",
                    field="images",
                )
                continue
            except FileNotFoundError:
                continue  # not a file the images stage made (an address it left as it was)
            ids.append(uploaded.file_id if uploaded is not None else "0")
            urls.append(uploaded.url if uploaded is not None else "")
        return ids, urls

    def _failure(self, exc: PlatformError, what: str = "") -> tuple[str, str]:
        if isinstance(exc, CallFailed):
            doubt = (
                "; it may have been carried out: look on Alibaba.com before running again"
                if exc.in_doubt
                else "; nothing was created, a re-run tries again"
            )
            return "publish.failed", f"{exc.api}{what}: {exc.message}{doubt}"
        message = f": {exc.message}" if exc.message else ""
        return (
            "publish.platform_error",
            f"Alibaba.com refused {exc.api}{what}: {exc.code}{message}",
        )


def _write_params(
    xml: str, category_id: str, schema: CategorySchema, base: Record
) -> dict[str, str]:
    # §1.2: the request object as a JSON string; `schema.update` adds the product's id.
    request: dict[str, str] = {
        "publish_type": "default",
        "cat_id": category_id,
        "language": schema.language,
        "version": "trade.1.1",
        "xml": xml,
    }
    if base.status == "published" and base.product_id:
        request["product_id"] = base.product_id
    return {"param_product_top_publish_request": json.dumps(request, ensure_ascii=False)}


def _created_id(data: dict[str, Any]) -> str:
    for name in ("product_id", "draft_id", "productId", "id"):
        found = find_value(data, name)
        if found not in (None, ""):
            return str(found)
    found = find_value(data, "data")
    return str(found) if isinstance(found, str | int) else ""


def _duplicate(api: str, listing: WholesaleListing, why: str) -> tuple[str, str]:
    kind = "draft" if api.endswith("draft") else "product"
    return (
        "publish.possible_duplicate",
        f"{why} while {api} was on its way, so it may have created a {kind} besides the one "
        f"recorded: look on Alibaba.com for a second {kind} titled {listing.title[:80]!r} and "
        "delete it",
    )


def _what_changed(prior: Record, fields: dict[str, str], record: Record, api: Api) -> str:
    changed = ", ".join(changed_fields(prior.fields, fields)) or "nothing it sends"
    if api is SCHEMA_UPDATE:
        return f"changed since the last run ({changed}): product {record.product_id} updated"
    what = "draft" if api is SCHEMA_ADD_DRAFT else "product"
    created = record.draft_id if api is SCHEMA_ADD_DRAFT else record.product_id
    earlier = f"draft {prior.draft_id}" if prior.draft_id else "the earlier draft"
    if prior.fingerprint == record.fingerprint:
        return f"draft {prior.draft_id} published as product {record.product_id}; delete {earlier}"
    return (
        f"changed since the last run ({changed}): new {what} {created} created (no API "
        f"replaces a draft); {earlier} is still on Alibaba.com: delete it there"
    )
