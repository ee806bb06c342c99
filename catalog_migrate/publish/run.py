"""`catalog-migrate publish INPUT --to alibaba`: every listing convert would write, on Alibaba.com.

The export is read, mapped, translated and checked exactly as `convert` does (pipeline.plan and
its mapped iterator), images are fetched and normalised by the images stage, and each listing
whose category has an id is then, on a pool of workers sharing the client's bounded concurrency:
its images put in the photobank, its category's rules fetched (cached), its itemSchema document
filled, and one write sent (`schema.add.draft` by default, `schema.add` with `--live`,
`schema.update` for a product published before). The state file records each outcome as it
comes, so a re-run skips what is unchanged and resumes what an interruption left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from catalog_migrate import pipeline
from catalog_migrate.accounting import Ledger
from catalog_migrate.category_ids import category_id_for, map_path, read_category_ids
from catalog_migrate.errors import UserError
from catalog_migrate.images import (
    ImageSetupError,
    ImageStage,
    build_image_stage,
    close_image_stage,
)
from catalog_migrate.model import Issue, WholesaleListing, error, warning
from catalog_migrate.profile import ProfileError
from catalog_migrate.publish.client import (
    SCHEMA_ADD,
    SCHEMA_ADD_DRAFT,
    SCHEMA_GET,
    SCHEMA_UPDATE,
    Api,
    CallFailed,
    OpenPlatformClient,
    PlatformError,
    RetryPolicy,
    Stopped,
    find_value,
)
from catalog_migrate.publish.credentials import Credentials, CredentialsError
from catalog_migrate.publish.item_schema import build_item_xml
from catalog_migrate.publish.photobank import (
    ImageRefused,
    Photobank,
    ScratchImages,
    UploadStore,
    default_store_folder,
)
from catalog_migrate.publish.schema import CategorySchema, SchemaError
from catalog_migrate.publish.schema_cache import SchemaCache, default_schema_folder
from catalog_migrate.publish.state import (
    PublishState,
    Record,
    changed_fields,
    fingerprint,
    listing_fields,
    state_path,
)
from catalog_migrate.report import issue_json
from catalog_migrate.report_writer import open_report
from catalog_migrate.spreadsheet.atomic import sigterm_raises
from catalog_migrate.spreadsheet.output_paths import check_output_path, refuse_overwriting_input

Mode = Literal["draft", "live", "dry-run"]
LANGUAGE = "en_US"
XML_SUFFIX = ".alibaba.publish.xml"


@dataclass(frozen=True)
class PublishOptions:
    convert: pipeline.ConvertOptions = field(default_factory=pipeline.ConvertOptions)
    live: bool = False
    dry_run: bool = False
    language: str = LANGUAGE
    concurrency: int = 4  # calls in flight at once
    timeout_s: float = 60.0  # per call and attempt
    attempts: int = 5
    backoff_s: float = 0.5


class PublishReport(BaseModel):
    input: str
    target: str = "alibaba"
    mode: Mode = "draft"
    state_file: str | None = None
    report: str | None = None
    xml_folder: str | None = None
    products_read: int = 0
    products_rejected: int = 0
    products_skipped_by_review: int = 0
    skus_read: int = 0
    skus_rejected: int = 0
    listings: int = 0  # listings convert would write
    drafts_created: int = 0
    published: int = 0
    updated: int = 0
    skipped_unchanged: int = 0
    not_updated: int = 0
    failed: int = 0  # the platform refused it or could not be reached
    not_published: int = 0  # no category id, or the document has errors
    xml_written: int = 0
    images_uploaded: int = 0
    images_reused: int = 0
    possible_duplicates: int = 0
    issues: list[Issue] = Field(default_factory=list)

    @property
    def done(self) -> int:
        return (
            self.drafts_created
            + self.published
            + self.updated
            + self.skipped_unchanged
            + self.xml_written
        )

    @property
    def exit_code(self) -> int:
        """0 all done; 1 some listings failed or were not published; 2 nothing done."""
        unfinished = self.failed + self.not_published + self.products_rejected + self.skus_rejected
        if self.done == 0 and (self.failed or self.not_published or not self.listings):
            return 2
        return 1 if unfinished else 0

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"issues"})
        data["issues"] = [issue_json(issue) for issue in self.issues]
        return data

    def summary_items(self) -> dict[str, object]:
        return {key: value for key, value in self.to_json().items() if key != "issues"}


ProgressCallback = Callable[[PublishReport], None]


@dataclass
class _Outcome:
    issues: list[Issue] = field(default_factory=list)
    counter: str = ""  # the PublishReport count this listing adds one to
    possible_duplicate: bool = False


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during a publish run; the state file holds everything finished."""

    def __init__(self, report: PublishReport, cause: BaseException) -> None:
        super().__init__("interrupted")
        self.report = report
        self.cause = cause


def publish(
    input_path: Path,
    options: PublishOptions,
    credentials: Callable[[], Credentials],
    on_progress: ProgressCallback | None = None,
) -> PublishReport:
    """Publish every listing of INPUT; returns the report (also written, on a real run)."""
    mode: Mode = "dry-run" if options.dry_run else "live" if options.live else "draft"
    convert_options = replace(
        options.convert, target="alibaba", dry_run=True, fetch_images=False, output=None
    )
    with ExitStack() as stack:
        stack.enter_context(sigterm_raises())
        run = pipeline.plan(input_path, convert_options)
        ids = _category_ids(run)
        state_file = state_path(input_path)
        report_file = input_path.with_name(f"{input_path.stem}.alibaba.publish.report.xlsx")
        xml_folder = input_path.with_name(f"{input_path.stem}{XML_SUFFIX}")
        read = [("the input", input_path)]
        if run.profile.path is not None:
            read.append(("the profile", run.profile.path))
        if options.dry_run:
            check_output_path(xml_folder, "the XML folder")
            refuse_overwriting_input(xml_folder, read, option="the XML folder")
        else:
            check_output_path(state_file, "the state file")
            check_output_path(report_file, "--report")
            refuse_overwriting_input(state_file, read, option="the state file")
        state = None if options.dry_run else PublishState.load(state_file)
        creds = _credentials(credentials, options.dry_run)
        client = None
        if creds is not None:
            client = stack.enter_context(
                OpenPlatformClient(
                    creds,
                    concurrency=options.concurrency,
                    timeout_s=options.timeout_s,
                    policy=RetryPolicy(attempts=options.attempts, backoff_s=options.backoff_s),
                )
            )
        account = creds.account_key if creds is not None else ""
        try:
            files = ScratchImages()
        except OSError as exc:
            raise UserError(
                f"cannot make a scratch folder for the images: {exc}; set XDG_CACHE_HOME to a "
                "writable folder"
            ) from None
        stack.callback(files.discard)
        try:
            images = build_image_stage(run.profile.images, run.target.images, folder=None)
        except ImageSetupError as exc:
            raise UserError(str(exc)) from None
        images.folder = files
        stack.callback(close_image_stage, images, commit=False)
        store = _upload_store()
        stack.callback(store.close)
        photobank = Photobank(None if options.dry_run else client, store, account, files)
        schemas = SchemaCache(default_schema_folder(), account, _schema_fetcher(client))
        xml_out = stack.enter_context(_xml_folder(xml_folder)) if options.dry_run else None
        worker = _Worker(options, mode, state, schemas, photobank, client, xml_out)
        report = PublishReport(
            input=str(input_path),
            mode=mode,
            state_file=None if options.dry_run else str(state_file),
            report=None if options.dry_run else str(report_file),
            xml_folder=str(xml_folder) if options.dry_run else None,
        )
        report.issues.extend(run.profile_notes)
        _publish_all(run, images, ids, worker, report, options, on_progress)
        if run.translator is not None:
            report.issues.extend(run.translator.issues())
        if report.products_read == 0:
            raise UserError(f"{input_path.name}: nothing to publish: no product rows were found")
        report.images_uploaded = photobank.uploaded
        report.images_reused = photobank.reused
        if xml_out is not None:
            xml_out.commit = True
        if not options.dry_run:
            with open_report(report_file) as written:
                written.close_with(report.issues, report.summary_items())
    return report


def _upload_store() -> UploadStore:
    where = default_store_folder()
    try:
        return UploadStore(where)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(
            f"cannot open the photobank store in {where}: {exc}; set XDG_CACHE_HOME to a "
            "writable folder"
        ) from None


def _category_ids(run: pipeline.Plan) -> dict[str, str]:
    path = map_path(run.profile)
    if path is None:
        return {}
    try:
        return read_category_ids(path)
    except ProfileError as exc:
        raise UserError(str(exc), code="profile.invalid") from None


def _credentials(load: Callable[[], Credentials], dry_run: bool) -> Credentials | None:
    """A dry run can go without: the category rules then come from the cache only."""
    try:
        return load()
    except CredentialsError:
        if dry_run:
            return None
        raise


def _schema_fetcher(client: OpenPlatformClient | None) -> Callable[[str, str], str]:
    def fetch(category_id: str, language: str) -> str:
        if client is None:
            raise PlatformError(
                "no_credentials",
                "the category's rules are not cached and no credentials are set to fetch them",
                SCHEMA_GET.name,
            )
        # §1.2: cat_id and language at the top level, not inside a request object.
        reply = client.call(SCHEMA_GET, {"cat_id": category_id, "language": language})
        found = find_value(reply.data, "data")
        if not isinstance(found, str) or not found.strip():
            found = find_value(reply.data, "schema")
        if not isinstance(found, str) or not found.strip():
            raise PlatformError("invalid_response", "the answer holds no rules", SCHEMA_GET.name)
        return found

    return fetch


def _publish_all(
    run: pipeline.Plan,
    images: ImageStage,
    ids: dict[str, str],
    worker: _Worker,
    report: PublishReport,
    options: PublishOptions,
    on_progress: ProgressCallback | None,
) -> None:
    decisions = pipeline._load_decisions(run)
    only_accepted = options.convert.only_accepted
    ledger = Ledger()
    asked_first = False
    pool = ThreadPoolExecutor(max_workers=options.concurrency, thread_name_prefix="publish")
    waiting: deque[Future[_Outcome]] = deque()

    def collect(future: Future[_Outcome]) -> None:
        outcome = future.result()
        report.issues.extend(outcome.issues)
        if outcome.counter:
            setattr(report, outcome.counter, getattr(report, outcome.counter) + 1)
        report.possible_duplicates += outcome.possible_duplicate
        if on_progress is not None:
            on_progress(report)

    try:
        for item, mapped in pipeline._mapped(run, decisions, images):
            if mapped is None:
                assert isinstance(item, Issue)
                ledger.record_bare_issue(item)
                report.issues.append(item)
                continue
            listing = mapped.listing
            if listing is not None and pipeline._skipped_by_review(mapped, only_accepted):
                ledger.record_skipped(mapped.product)
                report.issues.extend(issue for issue in mapped.issues if not issue.is_error)
                continue
            ledger.record(mapped.product, listing, mapped.issues)
            report.issues.extend(mapped.issues)
            if listing is None:
                continue
            report.listings += 1
            key = mapped.product.key
            category_id = category_id_for(listing.category, ids)
            if category_id is None:
                report.not_published += 1
                report.issues.append(_no_category_id(key, mapped.product.first_row, listing))
                continue
            if not asked_first:
                # The first call, made alone: credentials the platform refuses stop the run
                # before anything is sent (CredentialsError goes up from here).
                asked_first = True
                worker.check_access(category_id)
            row = mapped.product.first_row
            waiting.append(pool.submit(worker.publish_one, key, row, listing, category_id))
            while len(waiting) >= 2 * options.concurrency:
                collect(waiting.popleft())
            while waiting and waiting[0].done():
                collect(waiting.popleft())
        while waiting:
            collect(waiting.popleft())
        ledger.check()
        report.products_read = ledger.products_read
        report.products_rejected = ledger.products_rejected
        report.products_skipped_by_review = ledger.products_skipped
        report.skus_read = ledger.skus_read
        report.skus_rejected = ledger.skus_rejected
    except BaseException as exc:
        # Start nothing more; the calls on the wire finish (their outcome is recorded).
        if worker.client is not None:
            worker.client.stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        for future in waiting:
            if future.done() and not future.cancelled() and future.exception() is None:
                collect(future)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise Interrupted(report, exc) from None
        raise
    pool.shutdown(wait=True)


def _no_category_id(key: str, row: int | None, listing: WholesaleListing) -> Issue:
    category = listing.category or "(none)"
    how = (
        f"add its Alibaba.com leaf category id in the category map's third column, "
        f"target_category_id, on the row of {category!r}"
        if listing.category_mapped
        else "map its category (in `catalog-migrate review` or the category map CSV) and give "
        "the Alibaba.com leaf category id in the map's third column, target_category_id"
    )
    return error(
        "publish.category_id_missing",
        f"product {key} is not published: category {category!r} has no Alibaba.com category id; "
        f"{how}",
        product_key=key,
        field="category",
        source_row=row,
    )


@dataclass
class _Worker:
    options: PublishOptions
    mode: Mode
    state: PublishState | None
    schemas: SchemaCache
    photobank: Photobank
    client: OpenPlatformClient | None
    xml_out: _XmlFolder | None

    def publish_one(
        self, key: str, row: int | None, listing: WholesaleListing, category_id: str
    ) -> _Outcome:
        outcome = _Outcome()

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
            image_ids = self._image_ids(listing, say)
            built = build_item_xml(listing, schema, image_ids, category_id)
        except CredentialsError:
            raise
        except (Stopped, KeyboardInterrupt):
            raise
        except SchemaError as exc:
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
            say(warning, *_duplicate(api.name, listing, "an attempt's answer was lost"))
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
        # A refusal other than the credentials' is said for the listing, by its worker.
        with suppress(PlatformError, SchemaError):
            self.schemas.get(category_id, self.options.language)

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

    def _image_ids(self, listing: WholesaleListing, say: Callable[..., None]) -> list[str]:
        found: list[str] = []
        for name in listing.images:
            try:
                uploaded = self.photobank.upload(name)
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
            found.append(uploaded.file_id if uploaded is not None else "0")
        return found

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
    return (
        "publish.possible_duplicate",
        f"{api} was sent again because {why}: the first attempt may have created one too; look "
        f"on Alibaba.com for a second {'draft' if api.endswith('draft') else 'product'} titled "
        f"{listing.title[:80]!r} and delete it",
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


class _XmlFolder:
    """`<input stem>.alibaba.publish.xml/`: one filled document per listing, put in place whole
    at the end of a dry run (a run that stops leaves the previous folder as it was)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
        self.commit = False
        self._names: set[str] = set()
        self._lock = threading.Lock()

    def write(self, key: str, xml: str) -> None:
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", key)[:120] or "listing"
        with self._lock:
            name, number = f"{stem}.xml", 1
            while name in self._names:
                number += 1
                name = f"{stem}-{number}.xml"
            self._names.add(name)
        (self.staging / name).write_text(xml, encoding="utf-8")

    def finish(self) -> None:
        if not self.commit:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        old = None
        if self.path.exists():
            old = self.path.with_name(f".{self.path.name}.old-{os.getpid()}")
            os.replace(self.path, old)
        os.replace(self.staging, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _xml_folder(path: Path) -> Iterator[_XmlFolder]:
    folder = _XmlFolder(path)
    try:
        yield folder
    except BaseException:
        folder.commit = False
        raise
    finally:
        folder.finish()
