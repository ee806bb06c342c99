"""The decisions file: the seller's review decisions, kept beside the export between sessions.

A versioned JSON document, rewritten whole and atomically after every change, so that killing the
terminal loses at most the change in flight (a temporary file renamed over the old one: a reader or
a crash sees the previous file or the new one, never half):

    {"version": 1, "target": "alibaba", "input": "export.xlsx", "cursor": "<product key>",
     "products": {"<product key>": {"status", "overrides", "fingerprint", "updated"}}}

Each decision carries a fingerprint of the source product it was taken on. When next month's
export changes that product, the fingerprint no longer matches and the pipeline does not apply the
decision (the listing gets warning `review.stale`).

Each decision's JSON text is kept once made, so a save after one change encodes one decision and
joins the rest (accepting 10,000 listings, then moving the cursor, does not encode 10,000 again);
the file is the same, byte for byte, as `json.dumps(..., sort_keys=True, indent=2)` writes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog_migrate.errors import UserError
from catalog_migrate.model import Decision, Overrides, RetailProduct
from catalog_migrate.money import plain_decimal
from catalog_migrate.spreadsheet.writing import atomic_output, remove_orphaned_temporaries

VERSION = 1
# A decision is a few hundred bytes (a few KB with a rewritten description): 100 MB holds those
# of far more products than the row limit lets one export have.
MAX_FILE_MB = 100

Clock = Callable[[], datetime]


def fingerprint(product: RetailProduct) -> str:
    """A stable hash of what the seller saw: text, category, attributes, SKUs and parcel.

    Source rows, images and stock quantities are left out: a re-sorted export or a stock change does
    not make a decision stale; a new price, title or SKU does.
    """
    content = {
        "title": product.title,
        "description": product.description,
        "category": product.category,
        "brand": product.brand,
        "attributes": [[attribute.name, attribute.value] for attribute in product.attributes],
        "variation_names": product.variation_names,
        "variants": [
            {
                "sku_id": variant.sku_id,
                "seller_sku": variant.seller_sku,
                "options": variant.options,
                "price": [_number(variant.price.amount), variant.price.currency],
            }
            for variant in product.variants
        ],
        "parcel": [
            _number(value)
            for value in (product.weight_g, product.length_cm, product.width_cm, product.height_cm)
        ],
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:24]


def _number(value: Decimal | None) -> str | None:
    # 150000 and 150000.00 are the same price; the hash must not depend on how the cell was written.
    return None if value is None else plain_decimal(value)


class DecisionsFile:
    """The decisions of one export for one target, saved to `path` after every change."""

    def __init__(
        self,
        path: Path,
        target: str,
        *,
        input_name: str = "",
        cursor: str | None = None,
        decisions: Mapping[str, Decision] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.path = path
        self.target = target
        self.input_name = input_name
        self._cursor = cursor
        self._decisions: dict[str, Decision] = dict(decisions or {})
        self._clock: Clock = clock or _utc_now
        self._encoded: dict[str, str] = {}  # key -> its entry in "products", as written
        self._order: list[str] | None = None  # the keys sorted, until one is added or removed
        # A save may run in another thread (the review app's large changes): changes and saves
        # take turns, so the file written last always holds the newest state.
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._decisions)

    def __contains__(self, key: object) -> bool:
        return key in self._decisions

    def get(self, key: str) -> Decision | None:
        return self._decisions.get(key)

    def items(self) -> Iterator[tuple[str, Decision]]:
        """The decisions, by product key."""
        for key in self._sorted_keys():
            yield key, self._decisions[key]

    def _sorted_keys(self) -> list[str]:
        if self._order is None:
            self._order = sorted(self._decisions)
        return self._order

    @property
    def cursor(self) -> str | None:
        """The product key the seller was on when the file was last saved."""
        return self._cursor

    def set_cursor(self, key: str | None) -> None:
        """Remember where the seller is, and save."""
        with self._lock:
            if key != self._cursor:
                self._cursor = key
                self.save()

    def set(self, key: str, decision: Decision) -> Decision:
        """Record one decision (stamped with the current time) and save; returns what was stored."""
        return self.update({key: decision})[key]

    def discard(self, key: str) -> None:
        """Forget the decision on one product (as if it was never reviewed) and save."""
        self.update({key: None})

    def update(
        self,
        changes: Mapping[str, Decision | None],
        *,
        cursor: str | None = None,
        write: bool = True,
    ) -> dict[str, Decision]:
        """Apply many changes with one write (none with `write` False: the caller saves later):
        a Decision replaces, None removes.

        Returns the decisions stored, stamped with the time.
        """
        with self._lock:
            return self._update(changes, cursor, write)

    def _update(
        self, changes: Mapping[str, Decision | None], cursor: str | None, write: bool
    ) -> dict[str, Decision]:
        stamp = self.stamp()
        stored: dict[str, Decision] = {}
        for key, decision in changes.items():
            self._encoded.pop(key, None)
            if decision is None:
                if self._decisions.pop(key, None) is not None:
                    self._order = None
            else:
                if decision.updated != stamp:  # a decision made with stamp() is stored as is
                    decision = decision.model_copy(update={"updated": stamp})
                stored[key] = decision
                if key not in self._decisions:
                    self._order = None
                self._decisions[key] = stored[key]
        if cursor is not None:
            self._cursor = cursor
        if write:
            self.save()
        return stored

    def stamp(self) -> str:
        """The time a change made now is stamped with (ISO 8601, UTC, to the second)."""
        return self._clock().astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "target": self.target,
            "input": self.input_name,
            "cursor": self._cursor,
            "products": {key: _decision_json(decision) for key, decision in self.items()},
        }

    def dumps(self) -> str:
        """The file's text: `json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False,
        indent=2)` and a newline, from each decision's text made once."""
        encoded = self._encoded
        entries: list[str] = []
        for key in self._sorted_keys():
            entry = encoded.get(key)
            if entry is None:
                entry = encoded[key] = _encode_entry(key, self._decisions[key])
            entries.append(entry)
        products = "{\n" + ",\n".join(entries) + "\n  }" if entries else "{}"
        return (
            "{\n"
            f'  "cursor": {_text(self._cursor)},\n'
            f'  "input": {_text(self.input_name)},\n'
            f'  "products": {products},\n'
            f'  "target": {_text(self.target)},\n'
            f'  "version": {VERSION}\n'
            "}\n"
        )

    def save(self) -> None:
        with self._lock:
            write_text_atomically(self.path, self.dumps())


def _decision_json(decision: Decision) -> dict[str, Any]:
    data = decision.model_dump(mode="json")
    data["overrides"] = decision.overrides.model_dump(mode="json", exclude_none=True)
    return data


_encode_string: Callable[[str], str] = json.encoder.encode_basestring
_OVERRIDES = tuple(Overrides.model_fields)
# The fields the hand-made text below writes; a field added to Decision takes the general path.
_WRITTEN_BY_HAND = tuple(sorted(Decision.model_fields)) == (
    "fingerprint",
    "overrides",
    "status",
    "updated",
)


def _text(value: object) -> str:
    if isinstance(value, str):
        return _encode_string(value)  # what json.dumps(value, ensure_ascii=False) gives
    return json.dumps(value, ensure_ascii=False)


def _encode_entry(key: str, decision: Decision) -> str:
    """One decision as it stands in "products" (indented two levels), without its comma."""
    if _WRITTEN_BY_HAND and _no_overrides(decision.overrides):
        # Most decisions: an accept or reject, nothing edited. The encoder `indent` uses is
        # pure Python; this is the same text, made a few times faster.
        head = f'    {_encode_string(key)}: {{\n      "fingerprint": '
        return (
            head + _encode_string(decision.fingerprint) + _tail(decision.status, decision.updated)
        )
    value = json.dumps(_decision_json(decision), sort_keys=True, ensure_ascii=False, indent=2)
    # JSON text holds no raw line break inside a string, so every line break is between tokens.
    return f"    {_text(key)}: " + value.replace("\n", "\n    ")


@functools.lru_cache(maxsize=8)
def _tail(status: str, updated: str) -> str:
    """What follows the fingerprint in an entry with no overrides: the same for each of the
    thousands `A` accepts at once."""
    return (
        ',\n      "overrides": {},\n'
        f'      "status": {_encode_string(status)},\n'
        f'      "updated": {_encode_string(updated)}\n'
        "    }"
    )


def _no_overrides(overrides: Overrides) -> bool:
    # No field given (the usual case, checked first) or every field given as None.
    return not overrides.model_fields_set or all(
        getattr(overrides, name) is None for name in _OVERRIDES
    )


def load_decisions(path: Path, target: str, *, input_name: str | None = None) -> DecisionsFile:
    """Read a decisions file; a missing file is an empty one (created on the first change).

    A file that is not valid JSON, has another version or was written for another target is a
    UserError with one line for the seller.
    """
    if path.parent.is_dir():
        remove_orphaned_temporaries(path)  # a session killed while it saved leaves one behind
    if not path.exists():
        return DecisionsFile(path, target, input_name=input_name or "")
    _check_size(path)
    try:
        data = parse_json_within_depth(path.read_text(encoding="utf-8"), path.name)
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read decisions file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UserError(
            f"decisions file {path.name} is not valid JSON (line {exc.lineno}): {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise UserError(
            f"decisions file {path.name} is not a decisions file (expected a JSON object)"
        )
    if data.get("version") != VERSION:
        raise UserError(
            f"decisions file {path.name} has version {data.get('version')!r}; "
            f"this catalog-migrate reads version {VERSION}"
        )
    if data.get("target") != target:
        raise UserError(
            f"decisions file {path.name} was written for target {data.get('target')!r}, "
            f"not {target!r}"
        )
    products = data.get("products", {})
    if not isinstance(products, dict):
        raise UserError(f"decisions file {path.name}: 'products' must be an object")
    decisions: dict[str, Decision] = {}
    for key, entry in products.items():
        try:
            decisions[str(key)] = Decision.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise UserError(
                f"decisions file {path.name}: product {key!r}: {where}: {first['msg']}"
            ) from None
    cursor = data.get("cursor")
    return DecisionsFile(
        path,
        target,
        input_name=input_name if input_name is not None else str(data.get("input", "")),
        cursor=cursor if isinstance(cursor, str) else None,
        decisions=decisions,
    )


def _check_size(path: Path) -> None:
    """Refuse what no review session writes before reading it whole: a huge file or a FIFO."""
    try:
        status = path.stat()
    except OSError as exc:
        raise UserError(f"cannot read decisions file {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(status.st_mode):
        raise UserError(f"decisions file {path} is not a regular file")
    if status.st_size > MAX_FILE_MB * 1024 * 1024:
        raise UserError(
            f"decisions file {path.name} is {status.st_size / 1024 / 1024:,.0f} MB, more than the "
            f"{MAX_FILE_MB} MB a decisions file may hold: give another file with --decisions"
        )


def write_text_atomically(path: Path, text: str) -> None:
    """Write a text file so that a reader (or a crash) sees the old or the new content, not half."""
    with atomic_output(path) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="\n")


def _utc_now() -> datetime:
    return datetime.now(UTC)


# A decisions file nests 6 levels (file, products, product, overrides, tiers, tier); a file that
# nests far deeper is not one, and would exhaust the parser's stack before saying so.
MAX_DEPTH = 32
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def json_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deep the arrays and objects of a JSON text nest, counted up to `limit` + 1.

    Brackets inside strings do not count. Each pass removes the innermost pairs, so the work is
    a few regular-expression passes, not a Python loop over the text.
    """
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = 0
    while brackets and depth <= limit:
        inner = _INNERMOST.sub("", brackets)
        if len(inner) == len(brackets):
            break  # unbalanced: not JSON, which the parser says better
        brackets = inner
        depth += 1
    return depth


def parse_json_within_depth(text: str, name: str) -> Any:
    """`json.loads`, refusing with one line a document nested too deep or with an endless number.

    A malformed document still raises `json.JSONDecodeError`, for the caller to word.
    """
    if json_depth(text) > MAX_DEPTH:
        raise UserError(
            f"decisions file {name} nests deeper than {MAX_DEPTH} levels: "
            "it is not a decisions file"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise UserError(
            f"decisions file {name} nests too deeply: it is not a decisions file"
        ) from None
    except ValueError:  # an integer of thousands of digits
        raise UserError(
            f"decisions file {name} has a number too long to read: it is not a decisions file"
        ) from None
    if _SURROGATE_ESCAPE.search(text) and _holds_lone_surrogate(data):
        # JSON can spell half of a UTF-16 pair (`\ud800`); no file can be written with it.
        raise UserError(
            f"decisions file {name} holds text that is not valid Unicode (a lone surrogate): "
            "it is not a decisions file"
        )
    return data


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _holds_lone_surrogate(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def check_can_save(path: Path) -> None:
    """Refuse, before the seller starts, a decisions file whose folder cannot be written.

    Permission bits do not answer this (root ignores them; a read-only mount does not show in
    them), so a real file is created in the folder and removed.
    """
    folder = path.parent
    try:
        handle, probe = tempfile.mkstemp(prefix=".catalog-migrate-", suffix=".probe", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        cause = exc.strerror or str(exc)
        raise UserError(f"cannot save decisions in {folder}: {cause}") from None
