"""A review session: every product mapped once, then the seller's changes, each saved at once.

The session holds no rule of its own. Listings come from the pipeline's `map_one` (mapping, the
seller's overrides, the target's rules); a change is kept only when the listing it gives has no
error the listing had not before. Decisions go to the decisions file, mapping edits to the
seller's own profile (the --profile file, else one beside the export), and both can be undone.

A save that fails (a full disk, a folder made read-only, a removed USB stick) never ends the
session: the change stays in memory, the outcome carries a warning that says so, and the next save
that works writes everything kept since.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from catalog_migrate.decisions import DecisionsFile, fingerprint
from catalog_migrate.mapping.overrides import merge_overrides
from catalog_migrate.model import Decision, Issue, Overrides, RetailProduct, ReviewStatus
from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.profile import Profile
from catalog_migrate.profile_writer import save_seller_profile, where_to_save
from catalog_migrate.review.deferred_save import DeferredSave
from catalog_migrate.review.fields import BY_NAME, FieldError, parse_field
from catalog_migrate.review.head_first import Item, ReadingRest, RestRead, Revised, StillReading
from catalog_migrate.review.mappings import Kind, affected, with_mapping
from catalog_migrate.review.product_store import ProductStore, lean_product
from catalog_migrate.review.suggest import CategorySuggester

Mapper = Callable[[RetailProduct, Profile, Decision | None], MappedProduct]
# Maps a product translated afresh; None when the run translates nothing.
Retranslator = Callable[[RetailProduct, Profile, Decision | None], MappedProduct | None]
# (products mapped, products in all: None while the export is still being read)
Progress = Callable[[int, int | None], None]
# A listing with one of these is not accepted by `A` unless the seller says so.
HOLD_CODES = frozenset({"category.unmapped", "category.missing"})
_NO_OVERRIDES = Overrides()
# A change to at least this many listings is saved behind the screen (`A` and its undo).
SAVE_BEHIND_FROM = 500
SAVE_BEHIND_DELAY = 0.25  # seconds: the screen shows the change first
# How often a change that maps many listings again says how far it is.
PROGRESS_SECONDS = 0.1
CANCELLED = "cancelled: nothing changed"


class State(StrEnum):
    """What a row's mark says, most pressing first."""

    REJECTED = "rejected"
    ERRORS = "errors"
    ACCEPTED = "accepted"
    WARNINGS = "warnings"
    PENDING = "pending"


class Filter(StrEnum):
    ALL = "all"
    ATTENTION = "needs attention"
    PENDING = "pending"
    ERRORS = "errors"
    WARNINGS = "warnings"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def state_of(row: MappedProduct) -> State:
    if row.status == "rejected":
        return State.REJECTED
    if row.listing is None or any(issue.is_error for issue in row.issues):
        return State.ERRORS
    if row.status == "accepted":
        return State.ACCEPTED
    if row.issues:
        return State.WARNINGS
    return State.PENDING


_ERRORS, _ISSUES, _HOLDS = 1, 2, 4
_ALL_FLAGS = _ERRORS | _ISSUES | _HOLDS


def _haystack(row: MappedProduct) -> str:
    """What search looks in: the wholesale title the list shows, the retail title, the product id
    and the SKUs."""
    product = row.product
    shown = row.listing.title if row.listing is not None else ""
    labels = [shown, product.title, product.key, *(variant.label for variant in product.variants)]
    return "\n".join(labels).casefold()


def _flags_of(row: MappedProduct) -> int:
    """What a row's state and `A` read from its listing and issues, whatever its status."""
    errors = row.listing is None or any(issue.is_error for issue in row.issues)
    holds = errors or any(issue.code in HOLD_CODES for issue in row.issues)
    return (_ERRORS if errors else 0) | (_ISSUES if row.issues else 0) | (_HOLDS if holds else 0)


def _state(status: ReviewStatus, flags: int) -> State:
    """state_of(row), from its status and flags."""
    if status == "rejected":
        return State.REJECTED
    if flags & _ERRORS:
        return State.ERRORS
    if status == "accepted":
        return State.ACCEPTED
    return State.WARNINGS if flags & _ISSUES else State.PENDING


def needs_attention(row: MappedProduct) -> bool:
    """Not yet decided, and the rules found something to look at."""
    return row.status == "pending" and bool(row.issues)


@dataclass(frozen=True)
class Outcome:
    """What a change did: kept or refused, the line to show, and the rows it re-mapped."""

    ok: bool
    message: str
    rows: tuple[int, ...] = ()
    warning: str = ""  # a save failed: the change is kept in memory only


@dataclass(frozen=True)
class _DecisionChange:
    label: str
    previous: dict[str, Decision | None]


@dataclass(frozen=True)
class _MappingChange:
    label: str
    kind: Kind
    source: str
    source_label: str
    previous: str | None


class ReviewSession:
    """The listings of one export and the seller's changes to them.

    `products` is either every product (a list) or the export as it is read (an iterator of
    products and the issues about them, maybe the head's first: see head_first.py): `map_all`
    then reads and maps one product at a time, so the first listings show while the rest of the
    export is read. `products` (kept compact: a ProductStore) and `rows` grow together; a change
    may be made to any row already mapped while the rest are.
    """

    def __init__(
        self,
        products: Sequence[RetailProduct | Issue] | Iterator[Item],
        profile: Profile,
        decisions: DecisionsFile,
        mapper: Mapper,
        *,
        input_path: Path,
        source_issues: Sequence[Issue] = (),
        retranslator: Retranslator | None = None,
        notices: Sequence[str] = (),
        sheet_rows: int = 0,
    ) -> None:
        self.products = ProductStore()
        self.source_issues = list(source_issues)
        self.total: int | None = None  # products in all, once known
        self._source: Iterator[Item] | None = None
        if isinstance(products, Sequence):
            self.products = ProductStore(
                item for item in products if isinstance(item, RetailProduct)
            )
            self.source_issues += [item for item in products if isinstance(item, Issue)]
            self.total = len(self.products)
        else:
            self._source = iter(products)
        self.sheet_rows = sheet_rows  # rows of the sheet being read, for the share read so far
        self.profile = profile
        self.decisions = decisions
        self.input_path = input_path
        self.notices = list(notices)  # shown once the listings are mapped (which profile, ...)
        self.rows: list[MappedProduct] = []
        self.states: list[State] = []  # state_of(rows[i]), kept as rows change
        self._flags: list[int] = []  # _flags_of(rows[i])
        self._fingerprints: dict[int, str] = {}  # computed as products are mapped
        # Per row, the casefolded title, product key and SKU labels a search looks in, made as
        # the product is mapped (so the first search is as quick as the next).
        self._haystacks: list[str] = []
        self._full: tuple[int, MappedProduct, MappedProduct] | None = None  # see full_row
        self.typed_categories: list[str] = []
        self._mapper = mapper
        self._retranslator = retranslator
        self._index = {key: index for index, key in enumerate(self.products.keys)}
        self._undo: list[_DecisionChange | _MappingChange] = []
        self.unsaved_decisions = False  # the last write of the decisions file failed
        self._suggester: CategorySuggester | None = None  # the glossaries load on first use
        # One product is mapped at a time: the mapping thread and the seller's changes share the
        # translator and its cache.
        self._mapping = threading.Lock()
        self._counting = threading.Lock()
        self._tally: Counter[State] = Counter()
        self._pending = 0
        # While the rest of the export is checked and read after its head's listings: since when.
        self.reading_rest_since: float | None = None
        self.revised: set[int] = set()  # rows the whole export changed, not yet drawn again
        self._saving_behind = DeferredSave(self.decisions.save, delay=SAVE_BEHIND_DELAY)

    @property
    def profile_path(self) -> Path:
        """Where mapping edits are saved: the seller's profile given with --profile, else
        `<input stem>.profile.toml` beside the export."""
        return where_to_save(self.profile, self.input_path)

    def saved_where(self) -> str:
        """The profile file as the status names it: its name beside the export, else its path."""
        path = self.profile_path
        return path.name if path.parent == self.input_path.parent else str(path)

    # -- start-up -----------------------------------------------------------------------------

    def map_all(
        self,
        progress: Progress | None = None,
        every: int = 100,
        stop: Callable[[], bool] = lambda: False,
        seconds: float | None = None,
    ) -> None:
        """Map every product once, in order, with its decision (reading the export as it goes
        when it was given as an iterator); report progress every `every` products. `rows` grows
        as it goes, so the first listings can be shown at once; `stop` ends it early (the seller
        quit while it ran). With `seconds`, progress is also reported when that long has passed
        since the last report (a slow machine still shows listings as they come)."""
        self.rows = []
        self.states = []
        self._flags = []
        self._haystacks = []
        self._tally.clear()
        self._pending = 0
        items: Iterable[Item] = self._source if self._source is not None else list(self.products)
        streaming = self._source is not None
        done = 0
        reported = time.monotonic()
        last: tuple[int, int | None] | None = None  # the last (done, total) reported
        for item in items:
            if stop():
                return
            if isinstance(item, Issue):
                self.source_issues.append(item)
                continue
            if not isinstance(item, RetailProduct):  # the head first: see head_first.py
                self._from_whole(item)
                if progress is not None and isinstance(item, ReadingRest):
                    progress(done, self.total)  # every listing of the head, before the wait
                    reported, last = time.monotonic(), (done, self.total)
                continue
            if streaming:
                self._index[item.key] = len(self.products)
                self.products.append(item)
            self._add_row(self._map(item))
            # What a decision is stamped with, made here so that accepting thousands does not.
            self._fingerprints[done] = fingerprint(item)
            done += 1
            if progress is None:
                continue
            due = seconds is not None and time.monotonic() - reported >= seconds
            if done % every == 0 or done == 1 or due:  # the first at once
                progress(done, self.total)
                reported, last = time.monotonic(), (done, self.total)
        self._source = None
        self.total = done
        if progress is not None and last != (done, done):  # the end, with the total now known
            progress(done, done)

    def _from_whole(self, item: ReadingRest | StillReading | RestRead | Revised) -> None:
        """What the whole export says after its head's listings were shown."""
        if isinstance(item, StillReading):
            return
        if isinstance(item, ReadingRest):
            self.reading_rest_since = time.monotonic()
        elif isinstance(item, RestRead):
            self.reading_rest_since = None
            self.sheet_rows = item.sheet_rows
        else:
            self._revise(item.index, item.product)

    def _revise(self, index: int, product: RetailProduct) -> None:
        """Put the whole export's `product` in row `index`, where the head gave another."""
        previous = self.products.keys[index]
        if self._index.get(previous) == index:
            del self._index[previous]
        self._index[product.key] = index
        self.products[index] = product
        self._fingerprints[index] = fingerprint(product)
        self._set_row(index, self._map(product))
        with self._counting:
            self.revised.add(index)

    def take_revised(self) -> set[int]:
        """The rows the whole export changed since this was last asked (to draw again)."""
        with self._counting:
            revised, self.revised = self.revised, set()
        return revised

    @property
    def complete(self) -> bool:
        """Every product is read and mapped."""
        return self.total is not None and len(self.rows) == self.total

    def share_read(self) -> float | None:
        """How much of the export's sheet is read (0 to 1), while it is read; None once known."""
        if self.total is not None or not self.sheet_rows or not self.rows:
            return None
        return min(1.0, max(self.rows[-1].product.source_rows, default=0) / self.sheet_rows)

    def index_of(self, key: str) -> int | None:
        return self._index.get(key)

    def remember_cursor(self, index: int) -> str:
        """Save where the seller is; returns a warning when this save fails and the last did not."""
        if not 0 <= index < len(self.products):
            return ""
        already_failing = self.unsaved_decisions
        key = self.products.keys[index]
        warning = self._write_decisions(lambda: self.decisions.set_cursor(key))
        return "" if already_failing else warning

    def save_decisions(self) -> str:
        """Write the decisions file as the session holds it; a warning when that fails."""
        return self._write_decisions(self.decisions.save)

    def _write_decisions(self, write: Callable[[], object]) -> str:
        try:
            write()
        except OSError as exc:
            return self._save_failed(exc)
        self.unsaved_decisions = False
        return ""

    def _save_failed(self, exc: OSError) -> str:
        self.unsaved_decisions = True
        return f"could not save decisions: {os_cause(exc)}; they are kept in memory"

    def _write_large_change(self, changes: dict[str, Decision | None], cursor: str | None) -> str:
        """Keep a change to many listings, and save it now, or behind the screen when it is
        large (see deferred_save.py)."""
        if len(changes) < SAVE_BEHIND_FROM:
            return self._write_decisions(lambda: self.decisions.update(changes, cursor=cursor))
        self.decisions.update(changes, cursor=cursor, write=False)
        self._saving_behind.ask()
        return ""

    def save_warning(self) -> str:
        """Why the last save behind the screen failed, once; "" when it did not."""
        failure = self._saving_behind.take_failure()
        return self._save_failed(failure) if failure is not None else ""

    def finish_saving(self) -> str:
        """Wait for the save behind the screen (before quitting); a warning if it failed."""
        failure = self._saving_behind.flush()
        return self._save_failed(failure) if failure is not None else ""

    # -- finding rows -------------------------------------------------------------------------

    def visible(
        self, chosen: Filter = Filter.ALL, query: str = "", among: Iterable[int] | None = None
    ) -> list[int]:
        """The rows (of `among`, else of all mapped so far) the filter and search let through."""
        rows = self.rows
        indices = range(len(rows)) if among is None else among
        needle = query.strip().casefold()
        if chosen is Filter.ALL and not needle:
            return list(indices)
        states = self.states
        if chosen is Filter.ATTENTION:
            found = [i for i in indices if rows[i].status == "pending" and rows[i].issues]
        elif chosen is Filter.PENDING:
            found = [i for i in indices if rows[i].status == "pending"]
        elif chosen is not Filter.ALL:
            wanted = State(chosen.value)
            found = [i for i in indices if states[i] is wanted]
        else:
            found = list(indices)
        if not needle:
            return found
        haystacks = self._haystacks
        return [index for index in found if needle in haystacks[index]]

    def next_attention(self, order: Sequence[int], current: int, step: int) -> int | None:
        """The next (step 1) or previous (step -1) row in `order` that needs attention."""
        if not order:
            return None
        position = order.index(current) if current in order else (-1 if step > 0 else len(order))
        position += step
        while 0 <= position < len(order):
            if needs_attention(self.rows[order[position]]):
                return order[position]
            position += step
        return None

    def pending(self) -> int:
        """Listings not yet accepted or rejected, whatever their issue marks say."""
        return self._pending

    def counts(self) -> dict[State, int]:
        return {state: self._tally[state] for state in State}

    # The counts the header shows are kept as rows change: counting 25,000 rows on every key
    # (and every batch mapped) would cost more than the key.

    def full_row(self, index: int, wait: float = -1) -> MappedProduct | None:
        """Row `index` with its listing's provenance (mapped again for the listing on screen);
        None when the mapping thread holds the mapper longer than `wait` seconds (-1: no end)."""
        lean = self.rows[index]
        held = self._full
        if held is not None and held[0] == index:
            if held[1] is lean:
                return held[2]
            before = held[1]
            if before.listing is lean.listing and before.issues is lean.issues:
                # Only its status changed (accepted, rejected, undone): the same listing.
                full = replace(held[2], status=lean.status, stale=lean.stale)
                self._full = (index, lean, full)
                return full
        if lean.listing is None:
            return self.with_product(index)
        if not self._mapping.acquire(timeout=wait):
            return None
        try:
            product = self.products[index]
            full = self._mapper(product, self.profile, self.decisions.get(product.key))
        finally:
            self._mapping.release()
        self._full = (index, lean, full)
        return full

    def with_product(self, index: int) -> MappedProduct:
        """Row `index` with its whole retail product (its SKUs and description, for the retail
        side of the detail pane), the listing as it is kept."""
        return replace(self.rows[index], product=self.products[index])

    # Rows keep what the list, the detail pane's fields and the mappings view read: their
    # listing without its provenance (some 40 entries, one per field and source), SKUs and
    # description, more than half of a row's memory, and the retail product without its SKUs,
    # description and images (the whole one is in `products`). `full_row` maps the listing on
    # screen again in full (its provenance, its SKU count on Enter).

    @staticmethod
    def _lean(row: MappedProduct) -> MappedProduct:
        listing = row.listing
        product = lean_product(row.product)
        if listing is not None and (listing.provenance or listing.skus or listing.description):
            listing = listing.model_copy(update={"provenance": [], "skus": [], "description": ""})
        if listing is row.listing and product is row.product:
            return row
        return replace(row, product=product, listing=listing)

    def _add_row(self, row: MappedProduct) -> None:
        haystack = _haystack(row)  # the SKUs' labels too, before the row is made lean
        row = self._lean(row)
        flags = _flags_of(row)
        state = _state(row.status, flags)
        with self._counting:
            self.states.append(state)
            self._flags.append(flags)
            self._haystacks.append(haystack)
            self.rows.append(row)
            self._count(row, state, 1)

    def _set_row(self, index: int, row: MappedProduct, *, same_issues: bool = False) -> None:
        """Replace row `index`; `same_issues`: only its status changed (accepting thousands
        then reads no issue)."""
        if not same_issues:  # an edit may have changed the title the list shows
            self._haystacks[index] = _haystack(row)
        row = self._lean(row)
        flags = self._flags[index] if same_issues else _flags_of(row)
        state = _state(row.status, flags)
        with self._counting:
            self._count(self.rows[index], self.states[index], -1)
            self.rows[index] = row
            self.states[index] = state
            self._flags[index] = flags
            self._count(row, state, 1)

    def _set_statuses(self, indices: Sequence[int], status: ReviewStatus) -> None:
        """Give rows a new status, their listings and issues as they are (`_set_row` with
        `same_issues`, for thousands at once)."""
        rows, states, flags = self.rows, self.states, self._flags
        state_by_flags = [_state(status, flag) for flag in range(_ALL_FLAGS + 1)]
        left: Counter[State] = Counter()
        came: Counter[State] = Counter()
        was_pending = 0
        with self._counting:
            for index in indices:
                row = rows[index]
                left[states[index]] += 1
                if row.status == "pending":
                    was_pending += 1
                # Rows are lean already; a new row rather than `replace`, a few times quicker.
                rows[index] = MappedProduct(row.product, row.listing, row.issues, status, row.stale)
                state = states[index] = state_by_flags[flags[index]]
                came[state] += 1
            self._tally.subtract(left)
            self._tally.update(came)
            self._pending += (len(indices) if status == "pending" else 0) - was_pending

    def _count(self, row: MappedProduct, state: State, step: int) -> None:
        self._tally[state] += step
        if row.status == "pending":
            self._pending += step

    # -- decisions ----------------------------------------------------------------------------

    def decide(self, indices: Iterable[int], status: ReviewStatus, label: str) -> Outcome:
        """Set the review status of some rows, with one write of the decisions file."""
        chosen = list(indices)
        if status == "accepted":
            unwritable = [index for index in chosen if self.rows[index].listing is None]
            if unwritable and len(chosen) == 1:
                return Outcome(
                    False, "cannot accept: this listing cannot be written (see its errors)"
                )
            if unwritable:
                left_out = set(unwritable)
                chosen = [index for index in chosen if index not in left_out]
        if not chosen:
            return Outcome(False, f"{label}: no listing to change")
        keys = self.products.keys
        stamp = self.decisions.stamp()  # set here, the decisions file need not copy each one
        changes = {keys[index]: self._base(index, status, stamp) for index in chosen}
        warning = self._save_decisions(changes, label, chosen[-1])
        rows = self.rows
        fresh = [index for index in chosen if not rows[index].stale]
        self._set_statuses(fresh, status)
        for index in chosen:
            if rows[index].stale:
                self._refresh_status(index, changes[keys[index]])
        return Outcome(True, label, tuple(chosen), warning)

    def accept_plan(self) -> tuple[list[int], list[int]]:
        """Pending listings `A` accepts (ready) and those it leaves unless told otherwise (held:
        written, but with an error on some SKU or a category the map does not know)."""
        ready: list[int] = []
        held: list[int] = []
        flags = self._flags
        for index, row in enumerate(self.rows):
            if row.status != "pending" or row.listing is None:
                continue
            (held if flags[index] & _HOLDS else ready).append(index)
        return ready, held

    def accept_all_ready(
        self, *, with_held: bool = False, plan: tuple[list[int], list[int]] | None = None
    ) -> Outcome:
        """Accept every ready pending listing (and, asked to, the held ones); one undo step.
        `plan`: what `accept_plan` gave when the seller was asked, nothing having changed since."""
        ready, held = plan if plan is not None else self.accept_plan()
        chosen = sorted(ready + held) if with_held else ready
        left = "" if with_held or not held else f"; {len(held):,} left to check"
        return self.decide(chosen, "accepted", f"accepted {len(chosen):,} listings{left}")

    def edit(self, index: int, field: str, text: str) -> Outcome:
        """Set one field of one listing from the text the seller typed, if the rules allow it."""
        label = BY_NAME[field].label if field in BY_NAME else field
        try:
            typed = parse_field(field, text)
        except FieldError as exc:
            return Outcome(False, str(exc))
        base = self._base(index)
        candidate = base.model_copy(update={"overrides": merge_overrides(base.overrides, typed)})
        product = self.products[index]
        mapped = self._map_with(product, self.profile, candidate)
        refused = _new_errors(self.rows[index], mapped)
        if refused:
            return Outcome(False, f"{label} not changed: {refused[0].message}")
        warning = self._save_decisions(
            {product.key: candidate}, f"{label} of {product.title}", index
        )
        self._set_row(index, mapped)
        return Outcome(True, f"{label} set", (index,), warning)

    def retranslate(self, index: int) -> Outcome:
        """Translate one listing again from its source text; the seller's edits of the translated
        fields (title, keywords, specifications) are dropped, and `u` brings them back."""
        product = self.products[index]
        base = self._base(index)
        overrides = base.overrides.model_copy(
            update={"title": None, "keywords": None, "specifications": None}
        )
        candidate = base.model_copy(update={"overrides": overrides})
        mapped = None
        if self._retranslator is not None:
            with self._mapping:
                mapped = self._retranslator(product, self.profile, candidate)
        if mapped is None:
            return Outcome(False, "translation is off (--no-translate): nothing to re-translate")
        self._save_decisions({product.key: candidate}, f"re-translated {product.title}", index)
        self._set_row(index, mapped)
        return Outcome(True, f"re-translated: {product.title}", (index,))

    def _base(self, index: int, status: ReviewStatus | None = None, stamp: str = "") -> Decision:
        """The decision a change starts from (with `status` when given); a stale one is dropped
        (it was on another product)."""
        current = self.decisions.get(self.products.keys[index])
        if current is None or self.rows[index].stale:
            if status is not None:  # a first decision (accepting thousands makes as many)
                return Decision(
                    status=status,
                    overrides=_NO_OVERRIDES,  # shared: overrides are replaced, never changed
                    fingerprint=self._fingerprint(index),
                    updated=stamp,
                )
            current = Decision()
        update: dict[str, object] = {"fingerprint": self._fingerprint(index)}
        if status is not None:
            update["status"] = status
        if stamp:
            update["updated"] = stamp
        return current.model_copy(update=update)

    def _fingerprint(self, index: int) -> str:
        found = self._fingerprints.get(index)
        if found is None:
            found = self._fingerprints[index] = fingerprint(self.products[index])
        return found

    def _save_decisions(self, changes: dict[str, Decision], label: str, cursor: int) -> str:
        previous = {key: self.decisions.get(key) for key in changes}
        key = self.products.keys[cursor]
        warning = self._write_large_change(dict(changes), key)
        self._undo.append(_DecisionChange(label, previous))
        return warning

    def _refresh_status(self, index: int, decision: Decision) -> None:
        row = self.rows[index]
        if row.stale:
            self._set_row(index, self._map_with(self.products[index], self.profile, decision))
        else:
            self._set_row(index, replace(row, status=decision.status), same_issues=True)

    # -- mappings -----------------------------------------------------------------------------

    def category_suggestions(self, *texts: str | None) -> list[str]:
        """Targets to offer for the first of `texts` (a category path, then a title) that finds
        any, from the whole category map and the categories typed before, read via the glossary."""
        if self._suggester is None:
            self._suggester = CategorySuggester()
        for text in texts:
            if text:
                found = self._suggester.suggest(
                    text, self.known_categories(), self.profile.category_map
                )
                if found:
                    return found
        return []

    def known_categories(self) -> list[str]:
        """Target categories to suggest: those in the profile's map and those typed before."""
        return sorted({*self.profile.category_map.values(), *self.typed_categories})

    def mapping_covers(self, kind: Kind, source: str) -> int:
        """How many listings a change of this mapping maps again."""
        return len(affected([row.product for row in self.rows], kind, source))

    def undo_covers(self) -> int:
        """How many listings undoing the last change maps again (a mapping's; 0 for decisions,
        which change statuses)."""
        change = self._undo[-1] if self._undo else None
        if not isinstance(change, _MappingChange):
            return 0
        return self.mapping_covers(change.kind, change.source)

    def set_mapping(
        self,
        kind: Kind,
        source: str,
        target: str,
        label: str = "",
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Outcome:
        """Map a source category, attribute name or category's unit for every product it covers.

        `source` is the key the profile uses; `label` is how the export writes it (for messages).
        Each listing covered is mapped again (`progress` is told how many so far); `cancelled`
        stops that, and nothing changes.
        """
        target = " ".join(target.split())
        if not target:
            return Outcome(False, "type a value, or press Escape to leave it as it is")
        outcome = self._apply_mapping(
            kind, source, target, label or source, progress=progress, cancelled=cancelled
        )
        if outcome.ok and kind is Kind.CATEGORY and target not in self.typed_categories:
            self.typed_categories.append(target)
        return outcome

    def _apply_mapping(
        self,
        kind: Kind,
        source: str,
        target: str | None,
        label: str,
        *,
        undoing: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Outcome:
        profile, previous = with_mapping(self.profile, kind, source, target)
        covered = affected([row.product for row in self.rows], kind, source)
        remapped: dict[int, MappedProduct] = {}
        reported = time.monotonic()
        for index in covered:
            if cancelled():
                return Outcome(False, CANCELLED)
            key = self.products.keys[index]
            remapped[index] = self._map_with(self.products[index], profile, self.decisions.get(key))
            if progress is not None and time.monotonic() - reported >= PROGRESS_SECONDS:
                progress(len(remapped), len(covered))
                reported = time.monotonic()
        if not undoing:
            for index, mapped in remapped.items():
                refused = _new_errors(self.rows[index], mapped)
                if refused:
                    return Outcome(False, f"{label} not mapped: {refused[0].message}")
        self.profile = profile
        for index, mapped in remapped.items():
            self._set_row(index, mapped)
        warning = self._save_profile()
        change = f"{kind.value} {label} -> {target or '(none)'}"
        if not undoing:
            self._undo.append(_MappingChange(change, kind, source, label, previous))
        saved = "not saved" if warning else f"saved to {self.saved_where()}"
        message = f"{change}: {len(covered)} listings, {saved}"
        return Outcome(True, message, tuple(covered), warning)

    def _save_profile(self) -> str:
        try:
            save_seller_profile(
                self.profile,
                self.profile_path,
                category_map=self.profile.category_map,
                attribute_names=self.profile.attributes.names,
                units_by_category=self.profile.units.by_category,
            )
        except OSError as exc:
            return f"could not save mappings: {os_cause(exc)}; they are kept in memory"
        return ""

    # -- undo ---------------------------------------------------------------------------------

    def undo(
        self, *, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> Outcome:
        """Undo the last change; a mapping's maps its listings again, as `set_mapping` does."""
        if not self._undo:
            return Outcome(False, "nothing to undo")
        change = self._undo.pop()
        if isinstance(change, _MappingChange):
            outcome = self._apply_mapping(
                change.kind,
                change.source,
                change.previous,
                change.source_label,
                undoing=True,
                progress=progress,
                cancelled=cancelled,
            )
            if not outcome.ok:  # cancelled: still the last change
                self._undo.append(change)
                return outcome
            return Outcome(True, f"undone: {change.label}", outcome.rows, outcome.warning)
        replaced = {key: self.decisions.get(key) for key in change.previous}
        warning = self._write_large_change(dict(change.previous), None)
        indices = [self._index[key] for key in change.previous]
        same_listing: dict[ReviewStatus, list[int]] = {}  # restored by status alone
        for index, key in zip(indices, change.previous, strict=True):
            restored = change.previous[key]
            if self._listing_unchanged(index, restored, replaced[key]):
                status = restored.status if restored is not None else "pending"
                same_listing.setdefault(status, []).append(index)
            else:
                self._set_row(index, self._map(self.products[index]))
        for status, group in same_listing.items():
            self._set_statuses(group, status)
        return Outcome(True, f"undone: {change.label}", tuple(indices), warning)

    def _listing_unchanged(
        self, index: int, restored: Decision | None, replaced: Decision | None
    ) -> bool:
        """Whether the row's listing stays as it is when `restored` replaces `replaced` (only
        its status changes); else it is mapped again."""
        if self.rows[index].stale:
            return False
        if restored is not None and restored.fingerprint not in ("", self._fingerprint(index)):
            return False
        before = restored.overrides if restored is not None else _NO_OVERRIDES
        after = replaced.overrides if replaced is not None else _NO_OVERRIDES
        return before is after or before == after

    def _map(self, product: RetailProduct) -> MappedProduct:
        return self._map_with(product, self.profile, self.decisions.get(product.key))

    def _map_with(
        self, product: RetailProduct, profile: Profile, decision: Decision | None
    ) -> MappedProduct:
        with self._mapping:
            return self._mapper(product, profile, decision)


def os_cause(exc: OSError) -> str:
    """Why a file could not be written, in the system's words: `No space left on device`."""
    return exc.strerror or str(exc) or type(exc).__name__


def _new_errors(before: MappedProduct, after: MappedProduct) -> list[Issue]:
    """Errors in `after` that `before` did not have (same code, field and SKU)."""
    seen = {(issue.code, issue.field, issue.sku) for issue in before.issues if issue.is_error}
    return [
        issue
        for issue in after.issues
        if issue.is_error and (issue.code, issue.field, issue.sku) not in seen
    ]
