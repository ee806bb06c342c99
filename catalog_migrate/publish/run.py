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

import csv
import sqlite3
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from catalog_migrate import pipeline
from catalog_migrate.accounting import Ledger
from catalog_migrate.category_ids import (
    ID_COLUMN,
    category_id_for,
    map_path,
    read_category_ids,
)
from catalog_migrate.errors import UserError
from catalog_migrate.images import ImageSetupError, ImageStage, build_image_stage, close_image_stage
from catalog_migrate.model import Issue, WholesaleListing, error
from catalog_migrate.profile import ProfileError, shipped_dir
from catalog_migrate.profile_writer import is_shipped
from catalog_migrate.publish.client import (
    SCHEMA_GET,
    OpenPlatformClient,
    PlatformError,
    RetryPolicy,
    find_value,
)
from catalog_migrate.publish.credentials import Credentials, CredentialsError
from catalog_migrate.publish.item_match import Glossaries
from catalog_migrate.publish.listing_publisher import ListingPublisher, Outcome
from catalog_migrate.publish.photobank import (
    Photobank,
    ScratchImages,
    UploadStore,
    default_store_folder,
)
from catalog_migrate.publish.results import XML_SUFFIX, Mode, PublishOptions, PublishReport
from catalog_migrate.publish.schema_cache import SchemaCache, default_schema_folder
from catalog_migrate.publish.state import PublishState, state_path
from catalog_migrate.publish.xml_folder import xml_folder as open_xml_folder
from catalog_migrate.report_writer import ReportWriter, open_report
from catalog_migrate.spreadsheet.atomic import sigterm_raises
from catalog_migrate.spreadsheet.output_paths import check_output_path, refuse_overwriting_input
from catalog_migrate.translate.glossary import load_glossaries

ProgressCallback = Callable[[PublishReport], None]


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
            _check_xml_folder(xml_folder)
        else:
            check_output_path(state_file, "the state file")
            check_output_path(report_file, "the report")
            refuse_overwriting_input(state_file, read, option="the state file")
            refuse_overwriting_input(report_file, read, option="the report")
        state = None if options.dry_run else PublishState.load(state_file)
        if state is not None:
            state.check_writable()
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
        xml_out = stack.enter_context(open_xml_folder(xml_folder)) if options.dry_run else None
        worker = ListingPublisher(
            options, mode, state, schemas, photobank, client, xml_out, _glossaries(run)
        )
        report = PublishReport(
            input=str(input_path),
            mode=mode,
            state_file=None if options.dry_run else str(state_file),
            report=None if options.dry_run else str(report_file),
            xml_folder=str(xml_folder) if options.dry_run else None,
        )
        report.issues.extend(run.profile_notes)
        # Opened before the first listing, so each one's provenance (and translations) is written
        # as it goes; discarded whole if the run stops.
        written = None if options.dry_run else stack.enter_context(open_report(report_file))
        _publish_all(run, images, ids, worker, report, options, on_progress, written)
        if run.translator is not None:
            report.issues.extend(run.translator.issues())
        if report.products_read == 0:
            raise UserError(f"{input_path.name}: nothing to publish: no product rows were found")
        report.images_uploaded = photobank.uploaded
        report.images_reused = photobank.reused
        if xml_out is not None:
            xml_out.commit = True
        if written is not None:
            written.close_with(report.issues, report.summary_items())
    return report


def _check_xml_folder(folder: Path) -> None:
    """The dry run's folder is replaced whole at the end: never a file or a link in its place."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UserError(f"{folder} is in the way: --dry-run writes a folder there; move it")
    if not folder.parent.is_dir():
        raise UserError(f"cannot write {folder}: the folder {folder.parent} does not exist")


def _upload_store() -> UploadStore:
    where = default_store_folder()
    try:
        return UploadStore(where)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(
            f"cannot open the photobank store in {where}: {exc}; set XDG_CACHE_HOME to a "
            "writable folder"
        ) from None


@dataclass(frozen=True)
class CategoryIds:
    ids: dict[str, str]  # target category (as category_key folds it) -> Alibaba.com id
    how: str  # how the seller adds an id, for this run's map


def _category_ids(run: pipeline.Plan) -> CategoryIds:
    path = map_path(run.profile)
    if path is None:
        return CategoryIds({}, _how_to_add(None, has_column=False))
    try:
        ids = read_category_ids(path)
    except ProfileError as exc:
        raise UserError(str(exc), code="profile.invalid") from None
    return CategoryIds(ids, _how_to_add(path, has_column=bool(ids) or _has_id_column(path)))


def _has_id_column(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return [cell.strip() for cell in header[2:3]] == [ID_COLUMN]


def _how_to_add(path: Path | None, *, has_column: bool) -> str:
    """What a seller does to give a category its id, with the map this run read."""
    if path is None or is_shipped(path):
        return (
            "the shipped category map gives no ids: copy the profile with `catalog-migrate "
            "profile init my-shop.toml`, add the id to my-shop.categories.csv in the third "
            f"column ({ID_COLUMN}) of a row that maps to the category, and publish with "
            "--profile my-shop.toml"
        )
    if not has_column:
        return (
            f"{path.name} has no {ID_COLUMN} column: add `,{ID_COLUMN}` to its header line and "
            "the id at the end of a row that maps to the category"
        )
    return f"add it to {path.name}, in the third column ({ID_COLUMN}) of a row that maps to it"


def _credentials(load: Callable[[], Credentials], dry_run: bool) -> Credentials | None:
    """A dry run can go without: the category rules then come from the cache only."""
    try:
        return load()
    except CredentialsError:
        if dry_run:
            return None
        raise


def _glossaries(run: pipeline.Plan) -> Glossaries:
    """The translator's glossaries; translation off, the same tables loaded for matching only."""
    if run.translator is not None:
        return run.translator.glossaries
    return load_glossaries(
        shipped_dir() / "glossary",
        run.profile.translate.terms,
        run.profile.category_map.values(),
    )


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
    ids: CategoryIds,
    worker: ListingPublisher,
    report: PublishReport,
    options: PublishOptions,
    on_progress: ProgressCallback | None,
    written: ReportWriter | None,
) -> None:
    decisions = pipeline._load_decisions(run)
    only_accepted = options.convert.only_accepted
    ledger = Ledger()
    asked_first = False
    pool = ThreadPoolExecutor(max_workers=options.concurrency, thread_name_prefix="publish")
    waiting: deque[Future[Outcome]] = deque()

    def collect(future: Future[Outcome]) -> None:
        outcome = future.result()
        report.issues.extend(outcome.issues)
        if outcome.counter:
            setattr(report, outcome.counter, getattr(report, outcome.counter) + 1)
        report.possible_duplicates += outcome.possible_duplicate
        if on_progress is not None:
            on_progress(report)

    try:
        for item, neutral, fitted in pipeline._mapped(run, decisions, images):
            if neutral is None:
                assert isinstance(item, Issue)
                ledger.record_bare_issue(item)
                report.issues.append(item)
                continue
            (mapped,) = fitted  # the run's one target, Alibaba.com
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
            if written is not None:
                written.add_provenance(listing)
            key = mapped.product.key
            category_id = category_id_for(listing.category, ids.ids)
            if category_id is None:
                report.not_published += 1
                report.missing_ids[listing.category or "(none)"] += 1
                report.issues.append(
                    _no_category_id(key, mapped.product.first_row, listing, ids.how)
                )
                continue
            if not asked_first:
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


def _no_category_id(key: str, row: int | None, listing: WholesaleListing, how: str) -> Issue:
    category = listing.category or "(none)"
    if not listing.category_mapped:
        how = (
            "map the category (in `catalog-migrate review` or the category map) and give its "
            f"Alibaba.com leaf category id; {how}"
        )
    return error(
        "publish.category_id_missing",
        f"product {key} is not published: category {category!r} has no Alibaba.com leaf "
        f"category id; {how}",
        product_key=key,
        field="category",
        source_row=row,
    )
