"""The library entry point: read an export, map every product, check the target's rules, write.

`convert()` is what `catalog-migrate convert` runs; the review app uses `plan()`, `read_products()`
and `map_one()` to show and re-map listings one at a time with the same rules.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from catalog_migrate import profile as profiles
from catalog_migrate.accounting import Ledger
from catalog_migrate.countries import place_of_origin
from catalog_migrate.currency_check import check_run_currency
from catalog_migrate.decisions import DecisionsFile, fingerprint, load_decisions
from catalog_migrate.errors import UserError
from catalog_migrate.images import ImageProgress, ImageStage, close_image_stage
from catalog_migrate.images.run import (
    check_images_folder,
    close_image_stages,
    images_summary,
    open_image_stage,
    open_image_stages,
    several_images_summary,
)
from catalog_migrate.images.several import ImageStages
from catalog_migrate.mapping import clean_translated_title, map_product
from catalog_migrate.mapping.moq import stock_issues
from catalog_migrate.mapping.overrides import apply_overrides
from catalog_migrate.model import (
    Decision,
    Issue,
    Money,
    Provenance,
    RetailProduct,
    ReviewStatus,
    WholesaleListing,
    warning,
)
from catalog_migrate.money import REGION_CURRENCY, Converter, FxRateMissing, converter
from catalog_migrate.output_process import OutputProcess
from catalog_migrate.profile import Profile
from catalog_migrate.profile_writer import is_shipped, seller_profile_path
from catalog_migrate.readiness import Readiness
from catalog_migrate.report import RunReport, TargetReport
from catalog_migrate.sources import detect_and_read_head, detect_in
from catalog_migrate.sources.base import Source, SourceOptions
from catalog_migrate.spreadsheet.archive import check_input_file
from catalog_migrate.spreadsheet.atomic import sigterm_raises
from catalog_migrate.spreadsheet.output_paths import check_output_path, refuse_overwriting_input
from catalog_migrate.spreadsheet.reading import SheetData, read_sheet, read_sheet_head
from catalog_migrate.targets import TARGETS, get_target
from catalog_migrate.targets.base import Target, same_money
from catalog_migrate.targets.template import with_template
from catalog_migrate.translate import ListingTranslator
from catalog_migrate.translate.build import TranslateSetupError, build_translator

Progress = Callable[[int, int], None]  # (products done, SKUs done)
# A stage begins: "checking", "reading", "mapping" (with the rows to map) or "writing".
StageCallback = Callable[[str, int | None], None]
ImagesProgress = Callable[[ImageProgress], None]


@dataclass(frozen=True)
class ConvertOptions:
    # One target name, or several separated by commas (`alibaba,generic`): each gets its files.
    target: str = "alibaba"
    # One target: the output file, default <input stem>.<target><suffix> beside the input.
    # Several: the folder of their files (created if missing), default the input's folder.
    output: Path | None = None
    # Default: <output stem>.report.xlsx beside the output; with several targets
    # <input stem>.report.xlsx in their folder.
    report: Path | None = None
    currency: str | None = None
    region: str | None = None
    fx: Mapping[str, Decimal] = field(default_factory=dict)
    profile: str | None = None  # a shipped profile name or a TOML file
    encoding: str | None = None
    dry_run: bool = False
    decisions: Path | None = None
    only_accepted: bool = False
    origin: str | None = None  # a country code or name; replaces [defaults] place_of_origin
    translate_to: str | None = None  # default: the target's buyer language
    no_translate: bool = False
    translator: str | None = None  # an engine name; default: the profile's [translate] engine
    translator_url: str | None = None
    fetch_images: bool = False  # `--images fetch`: download, check and normalise every image
    # The seller's store currency for the targets that price in it; default the profile's
    # [targets] store_currency, else each target's own currency.
    store_currency: str | None = None
    template: Path | None = None  # `--template FILE`: fill the seller's own template instead


@dataclass(frozen=True)
class TargetRun:
    """One target of a run: its main file and the currency its files price in."""

    target: Target
    output: Path
    convert: Converter  # listing and retail prices into the target's currency
    rate: Decimal | None = None  # units of its currency per US dollar, when not the listing's

    @property
    def name(self) -> str:
        return self.target.name

    @property
    def currency(self) -> str:
        return self.convert.currency

    @property
    def files(self) -> tuple[Path, ...]:
        return self.target.outputs(self.output)

    def currency_note(self, fx_date: object) -> str:
        """`USD`, or `EUR at 0.92 EUR per USD (exchange rates of 2026-11-01)`."""
        if self.rate is None:
            return self.currency
        return (
            f"{self.currency} at {self.rate} {self.currency} per USD (exchange rates of {fx_date})"
        )


@dataclass(frozen=True)
class Plan:
    """Everything resolved before the first product is read."""

    input: Path
    source: Source
    source_options: SourceOptions
    profile: Profile
    target: Target
    output: Path
    report: Path
    decisions_path: Path
    options: ConvertOptions
    translator: ListingTranslator | None = None
    data_rows: int = 0  # rows of the sheet read (headers included): the total progress shows
    profile_notes: tuple[Issue, ...] = ()  # which profile a run uses when review saved one
    # Every target of the run, the first being `target` (whose file is `output`).
    targets: tuple[TargetRun, ...] = ()
    created_folder: Path | None = None  # the -o folder this run made, removed if it fails

    @property
    def many(self) -> bool:
        return len(self.targets) > 1

    @property
    def written_files(self) -> list[Path]:
        """Every file the run writes: each target's, then the report."""
        return [path for run in self.targets for path in run.files] + [self.report]


@dataclass
class MappedProduct:
    product: RetailProduct
    listing: WholesaleListing | None
    issues: list[Issue]
    status: ReviewStatus = "pending"
    stale: bool = False


def plan(input_path: Path, options: ConvertOptions, on_stage: StageCallback | None = None) -> Plan:
    """Resolve the profile, target, source format, currency and output paths, or raise UserError."""
    found = _plan(input_path, options, on_stage, head=False)
    if found is None:  # only a head is ever missing
        raise RuntimeError("the export was not read")
    return found


def plan_head(input_path: Path, options: ConvertOptions) -> Plan | None:
    """`plan`, reading only the first rows of the export (`read_sheet_head`): its source yields the
    products of those rows, the last maybe cut short (the review app shows them while the whole
    export is read and checked). None when the export has no head to read apart from the rest."""
    return _plan(input_path, options, None, head=True)


def _plan(
    input_path: Path, options: ConvertOptions, on_stage: StageCallback | None, *, head: bool
) -> Plan | None:
    check_input_file(input_path)
    currency = resolve_currency(options.currency, options.region)
    targets = resolve_targets(options.target)
    target = targets[0]
    store_currency = resolve_store_currency(options.store_currency)
    if options.template is not None and len(targets) > 1:
        raise UserError(
            f"--template fills one channel's template: give one target with --to, not "
            f"{options.target!r}"
        )
    options, notes = with_review_profile(input_path, options)
    try:
        profile = profiles.load(options.profile).with_fx(dict(options.fx))
        for each in targets:
            if not each.store_currency:
                profiles.check_target_currency(profile, each.name, each.currency)
    except profiles.ProfileError as exc:
        raise UserError(str(exc), code="profile.invalid") from None
    if options.origin is not None:
        profile = with_origin(profile, place_of_origin(options.origin))
    if options.template is not None:  # `--template`: the seller's template is the file written
        filled = with_template(
            target,
            options.template,
            columns=profile.template.columns,
            limits=profile.limits,
            output=options.output,
        )
        target, notes = filled, (*notes, *filled.notes)
        targets = (filled,)
    source_options = SourceOptions(
        currency=currency, encoding=options.encoding, limits=profile.limits
    )
    if on_stage is not None:
        on_stage("reading", None)
    found = _read_checked(input_path, source_options, options, profile, head=head)
    if found is None:
        return None
    source, sheet = found
    source_options = replace(source_options, sheet=sheet, head_only=head)
    decisions_path = options.decisions or input_path.with_name(f"{input_path.stem}.decisions.json")
    read = _files_read(input_path, profile, decisions_path)
    if options.template is not None:
        read.append(("the --template file", options.template))
    # `review` saves its decisions after every change: never over the export, profile or map.
    refuse_overwriting_input(decisions_path, read[:1] + read[2:], option="--decisions")
    if len(targets) == 1:
        output = options.output or input_path.with_name(
            f"{input_path.stem}.{target.name}{target.suffix}"
        )
        outputs = [output]
        report = options.report or output.with_name(f"{output.stem}.report.xlsx")
    else:
        folder = options.output or input_path.parent
        outputs = [folder / f"{input_path.stem}.{each.name}{each.suffix}" for each in targets]
        output = outputs[0]
        report = options.report or folder / f"{input_path.stem}.report.xlsx"
    runs = tuple(
        target_run(each, path, profile, store_currency)
        for each, path in zip(targets, outputs, strict=True)
    )
    created = None
    if len(targets) > 1 and not options.dry_run:
        created = output_folder(output.parent)  # last: any failure from here on removes it
    try:
        if not options.dry_run:
            check_writable(runs, report, read)
            if options.fetch_images:
                # With several targets only those whose cells name files write a folder.
                for each_run in runs:
                    if len(runs) == 1 or each_run.target.images.cell == "file":
                        check_images_folder(each_run.output, read)
        check_suffixes(runs, report, options)
    except BaseException:
        remove_if_empty(created)
        raise
    return Plan(
        input_path,
        source,
        source_options,
        profile,
        target,
        output,
        report,
        decisions_path,
        options,
        _translator(profile, target, options),
        len(sheet.rows),
        notes,
        runs,
        created,
    )


def resolve_targets(names: str) -> tuple[Target, ...]:
    """The targets a `--to` value names (`alibaba` or `alibaba,generic`), in its order."""
    found: list[Target] = []
    for name in names.split(","):
        if not name.strip():
            continue
        target = get_target(name)
        if target in found:
            raise UserError(f"--to names {target.name} twice")
        found.append(target)
    if not found:
        known = ", ".join(sorted(TARGETS))
        raise UserError(f"--to names no target; known targets: {known}")
    return tuple(found)


def resolve_store_currency(code: str | None) -> str | None:
    if code is None:
        return None
    upper = code.strip().upper()
    if len(upper) != 3 or not upper.isalpha() or not upper.isascii():
        raise UserError(f"--store-currency takes an ISO 4217 code such as EUR, not {code!r}")
    return upper


def target_run(
    target: Target, output: Path, profile: Profile, store_currency: str | None
) -> TargetRun:
    """The target's files and currency: its own, or the seller's store currency where it prices
    in that (`--store-currency`, else the profile's [targets] store_currency)."""
    currency = target.currency
    if target.store_currency:
        currency = store_currency or profile.targets.store_currency or target.currency
    rates = dict(profile.fx.rates)
    listing_currency = profile.pricing.currency
    try:
        convert = converter(currency, rates)
        if listing_currency != currency:
            converter(listing_currency, rates)
    except FxRateMissing:
        missing = currency if currency != "USD" and currency not in rates else listing_currency
        raise UserError(
            f"no exchange rate from {listing_currency} to {currency} for {target.name}: pass "
            f"--fx {missing}=RATE or add it under [fx.rates]",
            code="fx.missing_rate",
        ) from None
    rate = None if currency == listing_currency else rates.get(currency, Decimal(1))
    return TargetRun(target, output, convert, rate)


def output_folder(folder: Path) -> Path | None:
    """Make sure the -o folder of a run with several targets is one; make it when missing.

    Returns the folder when this run made it (it is removed again if the run fails).
    """
    if folder.is_dir():
        return None
    if folder.exists() or folder.is_symlink():
        raise UserError(
            f"-o {folder}: with several targets -o names a folder for their files, and "
            f"{folder} is a file"
        )
    if not folder.parent.is_dir():
        raise UserError(f"cannot make the folder {folder}: {folder.parent} is not a folder")
    try:
        folder.mkdir()
    except OSError as exc:
        raise UserError(f"cannot make the folder {folder}: {exc.strerror}") from None
    return folder


def remove_if_empty(folder: Path | None) -> None:
    if folder is not None:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only an empty folder is removed


def check_suffixes(runs: Sequence[TargetRun], report: Path, options: ConvertOptions) -> None:
    """An output named for another format (`-o out.csv` for a workbook) is refused."""
    if options.output is not None and len(runs) == 1:
        (run,) = runs
        if run.output.suffix.lower() != run.target.suffix:
            raise UserError(
                f"-o {run.output}: {run.name} writes a {run.target.suffix} file; give a name "
                f"ending in {run.target.suffix}"
            )
    if options.report is not None and report.suffix.lower() != REPORT_SUFFIX:
        raise UserError(
            f"--report {report}: the report is a {REPORT_SUFFIX} workbook; give a name ending "
            f"in {REPORT_SUFFIX}"
        )


REPORT_SUFFIX = ".xlsx"


def with_review_profile(
    input_path: Path, options: ConvertOptions
) -> tuple[ConvertOptions, tuple[Issue, ...]]:
    """Use the profile `review` saved beside the export when no --profile is given.

    A --profile that is another file than that one is used as given, with a warning naming both:
    the mapping edits made in review are not in it.
    """
    saved = seller_profile_path(input_path)
    if not saved.is_file():
        return options, ()
    if options.profile is None:
        return replace(options, profile=str(saved)), ()
    try:
        given = profiles.resolve(options.profile)
    except profiles.ProfileError:
        return options, ()  # plan() reports it
    if _same_file(given, saved):
        return options, ()
    note = warning(
        REVIEW_PROFILE_IGNORED,
        f"--profile {options.profile} is used, not {saved}, the profile review saved for this "
        "export: the mapping edits made in review are not applied",
        field="profile",
    )
    return options, (note,)


def _same_file(left: Path, right: Path) -> bool:
    try:
        return left.resolve() == right.resolve()
    except OSError:
        return False


def with_origin(profile: Profile, country: str) -> Profile:
    """The profile with `[defaults] place_of_origin` set to `country` (`--origin`)."""
    defaults = profile.defaults.model_copy(update={"place_of_origin": country})
    return profile.model_copy(update={"defaults": defaults})


def _files_read(input_path: Path, profile: Profile, decisions: Path) -> list[tuple[str, Path]]:
    """What a run reads, and so must never write: the export, profile, category map, decisions."""
    read = [("the input", input_path), ("the decisions file", decisions)]
    if profile.path is not None:
        read.append(("the profile", profile.path))
        read.append(("the category map", profile.path.parent / profile.categories.map_file))
    return read


def check_writable_pair(output: Path, report: Path, read: list[tuple[str, Path]]) -> None:
    """Refuse, before anything is read, an output or report path that cannot or must not be used."""
    check_output_path(output, "-o")
    check_output_path(report, "--report")
    refuse_overwriting_input(output, read, option="-o")
    refuse_overwriting_input(report, [*read, ("the output", output)], option="--report")


def check_writable(runs: Sequence[TargetRun], report: Path, read: list[tuple[str, Path]]) -> None:
    """`check_writable_pair` for every file of every target (a target may write companions)."""
    files = [path for run in runs for path in run.files]
    check_writable_pair(files[0], report, read)
    for path in files[1:]:
        check_output_path(path, "-o")
        refuse_overwriting_input(path, read, option="-o")
    for path in files[1:]:
        refuse_overwriting_input(report, [("the output", path)], option="--report")


def _translator(
    profile: Profile, target: Target, options: ConvertOptions
) -> ListingTranslator | None:
    """The buyer-language stage for this run, or None when translation is off."""
    if options.no_translate:
        return None
    try:
        return build_translator(
            profile.translate,
            glossary_folder=profiles.shipped_dir() / "glossary",
            target_language=(options.translate_to or target.buyer_language).lower(),
            max_title_length=profile.titles.max_length or target.limits.title_max,
            engine=options.translator,
            url=options.translator_url,
            english_texts=profile.category_map.values(),
        )
    except TranslateSetupError as exc:
        raise UserError(str(exc)) from None


def resolve_currency(currency: str | None, region: str | None) -> str | None:
    if currency and region:
        raise UserError("give --currency or --region, not both")
    if region:
        code = REGION_CURRENCY.get(region.upper())
        if code is None:
            known = ", ".join(sorted(REGION_CURRENCY))
            raise UserError(f"unknown region {region!r}; known regions: {known}")
        return code
    if currency:
        code = currency.upper()
        if len(code) != 3 or not code.isalpha():
            raise UserError(
                f"--currency takes an ISO 4217 code such as IDR or MYR, not {currency!r}"
            )
        return code
    return None


def _given_as(options: ConvertOptions, currency: str | None) -> str:
    if options.region:
        return f"--region {options.region.upper()} ({currency})"
    return f"--currency {currency}"


def read_products(run: Plan) -> Iterator[RetailProduct | Issue]:
    return run.source.read(run.input, run.source_options)


def read_whole(run: Plan) -> tuple[int, Iterator[RetailProduct | Issue]]:
    """For a plan that read the export's head (`plan_head`): the whole export checked and read as
    `plan` reads it (the archive, every cell, the currency of every price), then the number of
    rows of its sheet and the source's products of them. Raises UserError as `plan` would."""
    options = replace(run.source_options, sheet=None, head_only=False)
    found = _read_checked(run.input, options, run.options, run.profile)
    if found is None:  # only a head is ever missing
        raise RuntimeError("the export was not read")
    source, sheet = found
    # Only the source keeps the sheet, and lets go of its rows as it builds products.
    return len(sheet.rows), source.read(run.input, replace(options, sheet=sheet))


def _read_checked(
    input_path: Path,
    source_options: SourceOptions,
    options: ConvertOptions,
    profile: Profile,
    *,
    head: bool = False,
) -> tuple[Source, SheetData] | None:
    """The export's format and its whole sheet, the archive and every cell checked (with `head`,
    its first rows only: None when they cannot be read apart), and the run's currency checked
    against every price read."""
    if head:
        first_rows = read_sheet_head(input_path, profile.limits, encoding=options.encoding)
        if first_rows is None:
            return None
        source, sheet = detect_in(input_path, first_rows), first_rows
    else:
        source, sheet = detect_and_read_head(input_path, source_options)
        if not sheet.complete:  # a CSV's head: the source would read all of it next anyway
            sheet = read_sheet(input_path, profile.limits, encoding=options.encoding)
    currency = source_options.currency
    check_run_currency(source, sheet, currency, _given_as(options, currency), profile)
    return source, sheet


def map_one(
    product: RetailProduct,
    profile: Profile,
    target: Target,
    decision: Decision | None = None,
    translator: ListingTranslator | None = None,
) -> MappedProduct:
    """Map and translate one product, apply its review decision, check the target's rules."""
    listing, issues = map_product(product, profile)
    return finish_one(product, listing, issues, profile, target, decision, translator)


def finish_one(
    product: RetailProduct,
    listing: WholesaleListing | None,
    mapping_issues: list[Issue],
    profile: Profile,
    target: Target,
    decision: Decision | None = None,
    translator: ListingTranslator | None = None,
) -> MappedProduct:
    """Everything after mapping: translation, the review decision, the target's rules."""
    mapped = finish_neutral(product, listing, mapping_issues, profile, decision, translator)
    return fit_to_target(mapped, target)


def fit_to_target(
    mapped: MappedProduct, target: Target, convert: Callable[[Money], Money] = same_money
) -> MappedProduct:
    """The product as `target` takes it: its listing fitted to the target (None when its rules
    reject it), and its issues followed by those of the target's rules not said yet."""
    if mapped.listing is None:
        return replace(mapped, issues=list(mapped.issues))
    listing, rule_issues = apply_rules(mapped.listing, target, convert)
    issues = [*mapped.issues, *_not_yet_said(rule_issues, mapped.issues)]
    return replace(mapped, listing=listing, issues=issues)


def finish_neutral(
    product: RetailProduct,
    listing: WholesaleListing | None,
    mapping_issues: list[Issue],
    profile: Profile,
    decision: Decision | None = None,
    translator: ListingTranslator | None = None,
) -> MappedProduct:
    """Translation, the review decision and the stock check: the listing before any target."""
    issues = [*product.rejected, *mapping_issues]
    if listing is not None and translator is not None:
        translation = translator.translate(listing, product.key)
        listing = translation.listing
        issues.extend(translation.issues)
        if translation.title_changed:
            listing, title_issues = clean_translated_title(listing, profile, product.key)
            issues.extend(title_issues)
    status: ReviewStatus = "pending"
    stale = False
    if decision is not None:
        if decision.fingerprint and decision.fingerprint != fingerprint(product):
            stale = True
            issues.append(
                warning(
                    "review.stale",
                    "the product changed since it was reviewed; its decision was not applied",
                    product_key=product.key,
                    source_row=product.first_row,
                )
            )
        else:
            status = decision.status
            if listing is not None and not decision.overrides.is_empty():
                listing, override_issues = apply_overrides(listing, decision.overrides, profile)
                issues.extend(override_issues)
    if listing is not None:
        issues.extend(stock_issues(listing, product.key, profile.defaults.make_to_order))
    return MappedProduct(product, listing, issues, status, stale)


def apply_rules(
    listing: WholesaleListing, target: Target, convert: Callable[[Money], Money] = same_money
) -> tuple[WholesaleListing | None, list[Issue]]:
    """Fit the listing to the target and check its rules: an error naming a SKU drops that SKU,
    others the listing."""
    listing, found = target.prepare(listing, convert)
    found = [issue.model_copy(update={"target": target.name}) for issue in found]
    rows_with_errors = {
        issue.source_row for issue in found if issue.is_error and issue.sku is not None
    }
    if any(issue.is_error and issue.sku is None for issue in found):
        return None, found
    if rows_with_errors:
        kept = [sku for sku in listing.skus if sku.source_row not in rows_with_errors]
        if not kept:
            return None, found
        listing = listing.model_copy(update={"skus": kept})
    return listing, found


def _not_yet_said(found: list[Issue], said: list[Issue]) -> list[Issue]:
    """The target's rules re-check what mapping already warned about; say each thing once.

    A rule's error is kept though mapping gave a warning with the same code: the error is what
    drops the listing, and the ledger counts a dropped row only when an error explains it.
    """
    seen = {(issue.code, issue.sku, issue.source_row, issue.is_error) for issue in said}

    def already_said(issue: Issue) -> bool:
        key = (issue.code, issue.sku, issue.source_row)
        return (*key, True) in seen or (not issue.is_error and (*key, False) in seen)

    return [issue for issue in found if not already_said(issue)]


def convert(
    input_path: Path,
    options: ConvertOptions,
    progress: Progress | None = None,
    on_stage: StageCallback | None = None,
    images_progress: ImagesProgress | None = None,
) -> RunReport:
    """Run the whole conversion. Writes every target's files and the report atomically, all
    together, unless `dry_run`; the export is read and mapped once for all targets.

    With `fetch_images`, the images folder is put in place with the workbooks, or not at all.
    """
    made: list[Path | None] = [None]
    try:
        return _convert(input_path, options, progress, on_stage, images_progress, made)
    except BaseException:
        remove_if_empty(made[0])  # the -o folder this run made, when nothing was written in it
        raise


@dataclass
class _Tally:
    """The accounting and readiness of one target, or of the run as a whole."""

    ledger: Ledger = field(default_factory=Ledger)
    readiness: Readiness = field(default_factory=Readiness)

    def record_bare_issue(self, issue: Issue) -> None:
        self.ledger.record_bare_issue(issue)
        self.readiness.record_bare_issue(issue)


def _convert(
    input_path: Path,
    options: ConvertOptions,
    progress: Progress | None,
    on_stage: StageCallback | None,
    images_progress: ImagesProgress | None,
    made: list[Path | None],
) -> RunReport:
    stage: StageCallback = on_stage or (lambda name, total: None)
    with ExitStack() as stack:
        stack.enter_context(sigterm_raises())
        stage("checking", None)
        # Started first, while this process is still small: the child is a fork of it.
        sink = None if options.dry_run else stack.enter_context(OutputProcess())
        run = plan(input_path, options, stage)
        made[0] = run.created_folder
        stack.enter_context(_fewer_garbage_collections())
        images: ImageStage | ImageStages | None = None
        if options.fetch_images and run.many:
            images = stack.enter_context(
                open_image_stages(
                    run.profile.images,
                    [
                        (each.name, each.target.images, None if options.dry_run else each.output)
                        for each in run.targets
                    ],
                    images_progress,
                )
            )
        elif options.fetch_images:
            written = None if options.dry_run else run.output
            images = stack.enter_context(
                open_image_stage(run.profile.images, run.target.images, written, images_progress)
            )
        decisions = _load_decisions(run)
        if sink is not None:
            sink.open(
                [(each.target, each.output, each.convert) for each in run.targets],
                run.report,
            )
        report = _new_report(run, decisions)
        report.issues.extend(run.profile_notes)
        if decisions is not None:
            report.issues.extend(_other_export(decisions, input_path))
        tallies = [_Tally() for _ in run.targets]
        # The run as a whole: with one target, that target's; with several, a product counts as
        # converted when any target wrote it and as ready when every target wrote it ready.
        whole = _Tally() if run.many else tallies[0]
        every_tally = [*tallies, whole] if run.many else tallies
        without_origin = 0
        decided = 0
        stage("mapping", run.data_rows)
        for item, neutral, fitted in _mapped(run, decisions, images):
            if neutral is None:
                assert isinstance(item, Issue)
                for tally in every_tally:
                    tally.record_bare_issue(item)
                report.issues.append(item)
                continue
            product = neutral.product
            decided += decisions is not None and product.key in decisions
            skipped = [
                mapped.listing is not None and _skipped_by_review(neutral, options.only_accepted)
                for mapped in fitted
            ]
            # What each target added: its rules' issues and its images'.
            added = [mapped.issues[len(neutral.issues) :] for mapped in fitted]
            everything = [*neutral.issues, *(issue for issues in added for issue in issues)]
            without_origin += any(issue.code == ORIGIN_MISSING for issue in everything)
            said = [issue for issue in neutral.issues if issue.code != ORIGIN_MISSING]
            if all(skipped):
                # Not written by the seller's choice: its errors are not rejections to list.
                said = [issue for issue in said if not issue.is_error]
            # The report's provenance of a product is written once, with the first target that
            # writes it; the others add only what their rules changed.
            shown: set[Provenance] | None = None
            for index, (mapped, skip, own, tally) in enumerate(
                zip(fitted, skipped, added, tallies, strict=True)
            ):
                if skip:
                    tally.ledger.record_skipped(product)
                    own = [issue for issue in own if not issue.is_error]
                else:
                    tally.ledger.record(product, mapped.listing, mapped.issues)
                    tally.readiness.record(product.key, mapped.listing is not None, mapped.issues)
                    if mapped.listing is not None and sink is not None:
                        if shown is None:
                            sink.write(index, mapped.listing)
                            shown = set(mapped.listing.provenance) if run.many else set()
                        else:
                            own_entries = [
                                entry for entry in mapped.listing.provenance if entry not in shown
                            ]
                            sink.write(index, mapped.listing, own_entries)
                said.extend(issue for issue in own if issue.code != ORIGIN_MISSING)
            if run.many:
                _record_whole(whole, product, fitted, skipped, everything)
            report.issues.extend(said)
            if progress is not None:
                progress(whole.ledger.products_read, whole.ledger.skus_read)
        if run.translator is not None:
            report.issues.extend(run.translator.issues())
        for tally in every_tally:
            tally.ledger.check()
        if whole.ledger.products_read == 0:
            raise UserError(
                f"{input_path.name}: {_nothing_to_convert(report.issues)}", code="input.unreadable"
            )
        if options.only_accepted and decisions is not None and not decided:
            raise UserError(
                f"--only-accepted: no product of {input_path.name} is in decisions file "
                f"{run.decisions_path.name}, so nothing would be written; review this export "
                "or give its own decisions file",
                code="decisions.unmatched",
            )
        if not report.currency:
            report.currency = whole.ledger.currency or ""
        whole.ledger.fill(report)
        if without_origin:
            report.issues.append(_origin_missing(without_origin, report.products_read))
        whole.readiness.fill(report)
        report.targets = [
            _target_report(each, tally, run)
            for each, tally in zip(run.targets, tallies, strict=True)
        ]
        if isinstance(images, ImageStages):
            report.images = several_images_summary(images)
        elif images is not None:
            report.images = images_summary(images, None if options.dry_run else run.output)
        if sink is not None:
            stage("writing", None)
            sink.finish(report.issues, _summary(report))
        if isinstance(images, ImageStages):
            close_image_stages(images, commit=sink is not None)
        elif images is not None:
            close_image_stage(images, commit=sink is not None)
    return report


def _record_whole(
    whole: _Tally,
    product: RetailProduct,
    fitted: list[MappedProduct],
    skipped: list[bool],
    issues: list[Issue],
) -> None:
    """Count a product for the run as a whole: skipped when every target skipped it, converted
    (each SKU row written by any target) when any wrote it, else rejected."""
    if all(skipped):
        whole.ledger.record_skipped(product)
        return
    written = [
        mapped.listing
        for mapped, skip in zip(fitted, skipped, strict=True)
        if mapped.listing is not None and not skip
    ]
    rows = {sku.source_row for listing in written for sku in listing.skus}
    whole.ledger.record_rows(product, rows, issues, whole_product=not written)
    whole.readiness.record(product.key, len(written) == len(fitted), issues)


def _target_report(each: TargetRun, tally: _Tally, run: Plan) -> TargetReport:
    scratch = RunReport(input="", format="", target=each.name, currency="", profile="")
    tally.ledger.fill(scratch)
    tally.readiness.fill(scratch)
    return TargetReport(
        name=each.name,
        currency=each.currency,
        currency_note=each.currency_note(run.profile.fx.date),
        products_converted=scratch.products_converted,
        skus_converted=scratch.skus_converted,
        products_rejected=scratch.products_rejected,
        skus_rejected=scratch.skus_rejected,
        products_skipped_by_review=scratch.products_skipped_by_review,
        skus_skipped_by_review=scratch.skus_skipped_by_review,
        listings_ready=scratch.listings_ready,
        ready_rate=scratch.ready_rate,
        not_ready=scratch.not_ready,
        files=[str(path) for path in each.files],
    )


def _other_export(decisions: DecisionsFile, input_path: Path) -> list[Issue]:
    """A decisions file saved while reviewing another export: its decisions may not fit."""
    if not decisions.input_name or decisions.input_name == input_path.name:
        return []
    return [
        warning(
            DECISIONS_OTHER_EXPORT,
            f"decisions file {decisions.path.name} was made for {decisions.input_name}, not "
            f"{input_path.name}: only decisions on products with the same ID are applied",
            field="decisions",
        )
    ]


# With an engine or images to fetch, this many products are mapped before their texts go out in
# shared batches and their images are fetched together.
_BATCH = 200


def _mapped(
    run: Plan, decisions: DecisionsFile | None, images: ImageStage | ImageStages | None = None
) -> Iterator[tuple[RetailProduct | Issue, MappedProduct | None, list[MappedProduct]]]:
    """Each item read, in the order read, with its product before any target (None for a bare
    issue) and as each target of the run takes it (in the run's order of targets)."""
    translator = run.translator
    batched = images is not None or (translator is not None and translator.engine is not None)
    batch = _BATCH if batched else 1
    pending: list[tuple[RetailProduct, WholesaleListing | None, list[Issue]]] = []
    targets = [(each.target, each.convert) for each in run.targets]

    def finish() -> Iterator[
        tuple[RetailProduct | Issue, MappedProduct | None, list[MappedProduct]]
    ]:
        if translator is not None and translator.engine is not None:
            translator.prefetch([listing for _, listing, _ in pending if listing is not None])
        finished = []
        for product, listing, issues in pending:
            decision = decisions.get(product.key) if decisions is not None else None
            neutral = finish_neutral(product, listing, issues, run.profile, decision, translator)
            finished.append(
                (neutral, [fit_to_target(neutral, target, convert) for target, convert in targets])
            )
        pending.clear()
        if images is not None:
            _check_images(images, [fitted for _, fitted in finished], run.options.only_accepted)
        for neutral, fitted in finished:
            yield neutral.product, neutral, fitted

    for item in read_products(run):
        if isinstance(item, Issue):
            yield from finish()
            yield item, None, []
            continue
        listing, issues = map_product(item, run.profile)
        pending.append((item, listing, issues))
        if len(pending) >= batch:
            yield from finish()
    yield from finish()


def _check_images(
    stage: ImageStage | ImageStages, batch: list[list[MappedProduct]], only_accepted: bool
) -> None:
    """Fetch and check the images of the listings a batch will write (each product as each
    target fits it); rewrite their cells. Each address is downloaded once for every target."""
    per_target = [
        [
            mapped
            for mapped in (fitted[index] for fitted in batch)
            if mapped.listing is not None and not _skipped_by_review(mapped, only_accepted)
        ]
        for index in range(len(batch[0]) if batch else 0)
    ]
    if not per_target:
        return
    listings = [
        [
            (mapped.product.key, mapped.product.first_row, mapped.listing)
            for mapped in written
            if mapped.listing is not None
        ]
        for written in per_target
    ]
    if isinstance(stage, ImageStages):
        checked = stage.check(listings)
    else:
        checked = [stage.check(listings[0])]
    for written, results in zip(per_target, checked, strict=True):
        for mapped, (listing, issues) in zip(written, results, strict=True):
            mapped.listing = listing
            mapped.issues.extend(issues)


@contextmanager
def _fewer_garbage_collections() -> Iterator[None]:
    """Keep the cycle collector from re-walking the run's millions of long-lived objects.

    The sheet just read lives to the end of the run, so it is frozen out of collection; and
    mapping allocates many small objects with no reference cycles, so collections are made rarer.
    Measured on 5,000 products: mapping 5.1 s with the default thresholds, 3.7 s with these.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _new_report(run: Plan, decisions: DecisionsFile | None) -> RunReport:
    dry_run = run.options.dry_run
    # With several targets `output` is the folder of their files.
    output = run.output.parent if run.many else run.output
    return RunReport(
        input=str(run.input),
        format=run.source.name,
        target=",".join(each.name for each in run.targets),
        currency=run.source_options.currency or "",
        profile=run.profile.name,
        profile_file=profile_file(run.profile),
        dry_run=dry_run,
        would_write=[str(path) for path in run.written_files] if dry_run else [],
        output=None if dry_run else str(output),
        report=None if dry_run else str(run.report),
        decisions=str(run.decisions_path) if decisions is not None else None,
    )


def profile_file(profile: Profile) -> str | None:
    """The profile file a run used; None for a shipped profile (its name says which)."""
    if profile.path is None or is_shipped(profile.path):
        return None
    return str(profile.path)


ORIGIN_MISSING = "origin.missing"
REVIEW_PROFILE_IGNORED = "profile.not_from_review"
DECISIONS_OTHER_EXPORT = "decisions.other_export"


def _origin_missing(listings: int, products: int) -> Issue:
    """One warning for the file: the profile has no origin, so every listing may lack one."""
    return warning(
        ORIGIN_MISSING,
        f"{listings} of {products} products have no place of origin: the product does not say "
        "and neither --origin nor the profile's [defaults] place_of_origin is set; most "
        "Alibaba.com categories require it",
        field="place_of_origin",
    )


def _nothing_to_convert(issues: list[Issue]) -> str:
    said = [issue.message for issue in issues if issue.code == "input.no_rows"]
    reason = said[0] if said else "no product rows were found"
    return f"nothing to convert: {reason}"


def _skipped_by_review(mapped: MappedProduct, only_accepted: bool) -> bool:
    if mapped.status == "rejected":
        return True
    return only_accepted and mapped.status != "accepted"


def _load_decisions(run: Plan) -> DecisionsFile | None:
    explicit = run.options.decisions is not None
    if explicit and not run.decisions_path.is_file():
        raise UserError(f"decisions file {run.decisions_path} does not exist")
    if not explicit:
        return None
    try:
        return load_decisions(run.decisions_path, run.target.name)
    except UserError:
        # A file reviewed for another target of the run applies as well.
        for each in run.targets[1:]:
            with contextlib.suppress(UserError):
                return load_decisions(run.decisions_path, each.name)
        raise


def _summary(report: RunReport) -> dict[str, object]:
    return report.summary_items()
