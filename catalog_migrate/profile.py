"""The mapping profile: every number and word list the mapping rules use, in one TOML file.

The built-in default (`mappings/default.toml`) makes a conversion work with no setup; a seller
copies it with `catalog-migrate profile init` and edits it. Unknown keys are an error naming the
key, so a typo never silently falls back to a default.

A channel's own limits (how long a title, how many tiers, the price range) are not here: each
target declares them (`targets.base.ListingLimits`) and fits every listing to them. The profile's
lengths and counts (`titles.max_length`, `titles.keyword_count`, `tiers.max_tiers`,
`attributes.max_value_length`, the lead-time rows, `pricing.max_price`) are the seller's choice
within them; unset, the channel's limit alone applies.
"""

from __future__ import annotations

import csv
import io
import shutil
import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from catalog_migrate.money import rate_problem
from catalog_migrate.spreadsheet.atomic import atomic_outputs
from catalog_migrate.spreadsheet.formula_guard import restore_formula_text


class ProfileError(ValueError):
    """A profile could not be found, read or validated. The message is one line for the user."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FxTable(_Section):
    """Exchange rates: how many units of each currency one US dollar buys, as of `date`."""

    date: date
    rates: dict[str, Decimal]

    @field_validator("rates")
    @classmethod
    def _positive(cls, rates: dict[str, Decimal]) -> dict[str, Decimal]:
        for code, rate in rates.items():
            if len(code) != 3 or not code.isalpha() or not code.isupper():
                raise ValueError(f"{code!r} is not an ISO 4217 currency code")
            problem = rate_problem(code, rate)
            if problem is not None:
                raise ValueError(problem)
        return rates


class Pricing(_Section):
    """Wholesale unit price = retail price x factor, converted to the target currency."""

    rule: Literal["keystone"] = "keystone"
    factor: Decimal = Field(default=Decimal("0.5"), gt=0, le=1)
    currency: str = "USD"
    rounding: Decimal = Field(default=Decimal("0.01"), gt=0)  # rounded half up to this step
    # Prices have 2 decimals, so a price is at least a cent; None: no maximum but the target's.
    min_price: Decimal = Field(default=Decimal("0.01"), ge=Decimal("0.01"))
    max_price: Decimal | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _two_decimals(self) -> Pricing:
        if self.rounding < Decimal("0.01") or self.rounding % Decimal("0.01"):
            raise ValueError("pricing.rounding must be 0.01 or a multiple of it (2 decimals)")
        if self.max_price is not None and self.min_price >= self.max_price:
            raise ValueError("pricing.min_price must be below pricing.max_price")
        return self


class PriceBand(_Section):
    """The wholesale unit prices (in pricing.currency) expected for one category or one unit.

    `category` is a target category path or its start (`Apparel` covers `Apparel > Dresses`);
    `unit` is a unit name (`Pair/Pairs`). A band names one or the other.
    """

    category: str = ""
    unit: str = ""
    min_price: Decimal = Field(default=Decimal("0"), ge=0)
    max_price: Decimal | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_subject(self) -> PriceBand:
        if bool(self.category.strip()) == bool(self.unit.strip()):
            raise ValueError("a price band names either a category or a unit")
        if self.max_price is not None and self.min_price >= self.max_price:
            raise ValueError("a price band's min_price must be below its max_price")
        return self


class PriceChecks(_Section):
    """Warnings about prices that are probably wrong, though each can be priced."""

    # A SKU costing more than this multiple of the median of its siblings' prices is flagged.
    sibling_multiple: Decimal = Field(default=Decimal("3"), gt=1)
    bands: list[PriceBand] = Field(default_factory=list)  # the first band that applies is used


class MoqBand(_Section):
    """Products whose wholesale unit price is at most `max_price` sell from `moq` units."""

    max_price: Decimal | None = None  # None: every price above the previous band
    moq: int = Field(ge=1)


class Moq(_Section):
    bands: list[MoqBand]

    @model_validator(mode="after")
    def _ordered(self) -> Moq:
        limits = [band.max_price for band in self.bands]
        if not self.bands or limits[-1] is not None:
            raise ValueError("the last MOQ band must have no max_price (it covers higher prices)")
        bounded = [limit for limit in limits[:-1] if limit is not None]
        if len(bounded) != len(limits) - 1 or bounded != sorted(set(bounded)):
            raise ValueError("MOQ bands must have strictly increasing max_price values")
        return self


class Tiers(_Section):
    """The price ladder: tier i starts at MOQ x quantity_multipliers[i] and costs the wholesale
    price x (1 - discounts[i])."""

    quantity_multipliers: list[int] = Field(default_factory=lambda: [1, 5, 20, 50])
    discounts: list[Decimal] = Field(
        default_factory=lambda: [Decimal("0"), Decimal("0.05"), Decimal("0.10"), Decimal("0.15")]
    )
    # None: every step above; a target keeps as many as its channel takes.
    max_tiers: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> Tiers:
        if len(self.quantity_multipliers) != len(self.discounts):
            raise ValueError("tiers.quantity_multipliers and tiers.discounts differ in length")
        if self.quantity_multipliers[:1] != [1]:
            raise ValueError("the first tier starts at the MOQ: quantity_multipliers start with 1")
        if any(b <= a for a, b in pairwise(self.quantity_multipliers)):
            raise ValueError("tiers.quantity_multipliers must strictly increase")
        if self.discounts[:1] != [Decimal(0)]:
            raise ValueError("the first tier is the wholesale price itself: discounts start with 0")
        if any(not Decimal(0) <= d < 1 for d in self.discounts):
            raise ValueError("tiers.discounts must be fractions from 0 up to (not including) 1")
        if any(b <= a for a, b in pairwise(self.discounts)):
            raise ValueError("tiers.discounts must strictly increase so prices fall with quantity")
        return self


class LeadTimeRow(_Section):
    """Orders up to MOQ x `moq_multiple` units ship in `days` days."""

    moq_multiple: int = Field(ge=1)
    days: int = Field(ge=1)  # a target checks its channel's longest lead time


class LeadTimes(_Section):
    rows: list[LeadTimeRow] = Field(min_length=1)  # a target keeps as many as its channel takes

    @model_validator(mode="after")
    def _ordered(self) -> LeadTimes:
        multiples = [row.moq_multiple for row in self.rows]
        if any(b <= a for a, b in pairwise(multiples)):
            raise ValueError("lead_time.rows must have strictly increasing moq_multiple values")
        days = [row.days for row in self.rows]
        if any(b < a for a, b in pairwise(days)):
            raise ValueError("lead_time.rows: larger orders cannot ship sooner than smaller ones")
        return self


class UnitRule(_Section):
    """Listings whose title or category contains one of `words` sell in `unit`.

    Words match whole words, ignoring case; words in scripts written without spaces (Chinese, Thai)
    match anywhere. `{n}` in a word stands for a number: `isi {n}` matches `isi 12` and `isi12`.
    """

    unit: str
    words: list[str]


class CountRule(_Section):
    """A count in one of `words` (`isi {n}`, `{n} pcs`, `set of {n}`) makes the listing a pack.

    `{n}` is the count; a `named` word is a count by itself (`lusin` = 12) and may follow a number
    that multiplies it (`2 lusin` = 24). `items` names what the count counts (Pieces, Pairs).
    """

    unit: str
    items: str = "Pieces"
    words: list[str] = Field(default_factory=list)
    named: dict[str, int] = Field(default_factory=dict)

    @field_validator("words")
    @classmethod
    def _has_count(cls, words: list[str]) -> list[str]:
        for word in words:
            if word.count("{n}") != 1:
                raise ValueError(f"count word {word!r} must hold {{n}} (the count) exactly once")
        return words

    @field_validator("named")
    @classmethod
    def _positive(cls, named: dict[str, int]) -> dict[str, int]:
        for word, count in named.items():
            if count < 2:
                raise ValueError(f"named count {word!r} must be 2 or more")
        return named


class Units(_Section):
    default: str = "Piece/Pieces"
    rules: list[UnitRule] = Field(default_factory=list)
    by_category: dict[str, str] = Field(default_factory=dict)  # source category path -> unit
    # A count of 2 or more in the title, a SKU's variation or its seller SKU beats every unit word.
    counts: list[CountRule] = Field(default_factory=list)
    # When the unit words chose one of these units, a count counts them (`Kaos Kaki isi 12`:
    # 12 pairs a pack), unless the count's own words say what it counts.
    items_by_unit: dict[str, str] = Field(default_factory=dict)


class Titles(_Section):
    # The seller's limits; None: as long and as many as the channel takes (a target fits them).
    max_length: int | None = Field(default=None, ge=10)
    remove_words: dict[str, list[str]] = Field(default_factory=dict)  # language -> retail words
    keyword_count: int | None = Field(default=None, ge=0)
    stop_words: list[str] = Field(default_factory=list)
    # ALL CAPS words kept in capitals when a title is recased (acronyms); sizes and words with
    # digits (XL, 2PCS) are always kept.
    keep_upper: list[str] = Field(default_factory=list)
    # Product nouns per language (`backpack`, `tas`): keywords are phrases built around them, and
    # a repeat of one is not dropped when it names the product of another phrase.
    head_nouns: dict[str, list[str]] = Field(default_factory=dict)
    # Languages whose phrases put the product noun first (`Tas Ransel Laptop` = laptop backpack).
    head_first: list[str] = Field(default_factory=list)
    # What `+` between two words reads as (`Tas Ransel + Cover` -> `Tas Ransel with Cover`);
    # Alibaba titles avoid `+` (target-formats §1.5).
    plus_word: str = "with"
    # Words removed only at the start or end of a title (`HOT`), where they advertise.
    edge_words: list[str] = Field(default_factory=list)


class Attributes(_Section):
    names: dict[str, str] = Field(default_factory=dict)  # source attribute name -> target name
    # The seller's limit on a specification value; None: as long as the channel takes.
    max_value_length: int | None = Field(default=None, ge=1)


class Defaults(_Section):
    place_of_origin: str = ""
    brand_policy: Literal["source", "fixed", "none"] = "source"
    brand_name: str = ""
    no_brand_words: list[str] = Field(default_factory=list)
    # True: the seller makes goods to order, so an MOQ above the stock on hand is no problem.
    make_to_order: bool = False


class Translate(_Section):
    """The buyer-language stage: which engine, and what it must never touch."""

    # glossary: offline, shipped; an engine translates what the glossary leaves; none: off.
    engine: Literal["glossary", "libretranslate", "deepl", "openai", "none"] = "glossary"
    url: str = ""  # the engine's base address (LibreTranslate has no default)
    model: str = ""  # for openai: the model name the server knows
    key_env: str = "CATALOG_MIGRATE_TRANSLATOR_KEY"  # the environment variable with the API key
    concurrency: int = Field(default=4, ge=1, le=16)  # requests in flight at once
    timeout_s: Decimal = Field(default=Decimal("30"), gt=0, le=300)
    retries: int = Field(default=4, ge=1, le=10)  # attempts per request, 429/5xx/network errors
    backoff_s: Decimal = Field(default=Decimal("0.5"), ge=0, le=60)  # first wait; then doubled
    cache: bool = True  # keep every engine answer in the user cache folder
    # Words kept exactly as written (brands, model names), compared without case.
    protect: list[str] = Field(default_factory=list)
    # The seller's own glossary entries per source language: `id = { "teplek" = "flat" }`.
    terms: dict[str, dict[str, str]] = Field(default_factory=dict)


class Images(_Section):
    """How `--images fetch` downloads: each limit keeps one bad server from stalling a run."""

    concurrency: int = Field(default=8, ge=1, le=64)  # downloads in flight at once
    per_host: int = Field(default=4, ge=1, le=64)  # of those, at most this many to one host
    timeout_s: Decimal = Field(default=Decimal("20"), gt=0, le=300)  # per image and attempt
    retries: int = Field(default=3, ge=1, le=10)  # attempts per image on 429, 5xx, network errors
    backoff_s: Decimal = Field(default=Decimal("0.5"), ge=0, le=60)  # first wait; then doubled
    max_bytes: int = Field(default=20_000_000, ge=1_000, le=200_000_000)  # per downloaded image
    max_pixels: int = Field(default=50_000_000, ge=10_000, le=80_000_000)  # width x height
    max_redirects: int = Field(default=3, ge=0, le=10)


class Categories(_Section):
    map_file: str = "default-categories.csv"  # relative to the profile file

    @field_validator("map_file")
    @classmethod
    def _names_a_file(cls, map_file: str) -> str:
        if not map_file.strip():
            raise ValueError("is empty: name the category map CSV (beside the profile)")
        return map_file


class ReadLimits(_Section):
    """Limits on input files, so a hostile workbook is refused before it is inflated."""

    max_uncompressed_mb: int = Field(default=1024, ge=1)
    max_compression_ratio: int = Field(default=100, ge=1)
    max_rows: int = Field(default=400_000, ge=1)
    max_columns: int = Field(default=2_000, ge=1)
    # Rows x columns of the grid a workbook sheet is read into, empty cells included.
    max_cells: int = Field(default=40_000_000, ge=1)
    max_cell_chars: int = Field(default=32_767, ge=1)  # Excel's own cell limit


class TargetSettings(_Section):
    """`[targets]`: what applies to every target of a run."""

    # The seller's store currency, for the targets that price in it (`--store-currency` wins).
    store_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")


class TemplateColumns(_Section):
    """`[template]`: the seller's own template labels (`columns` = label -> field), see README."""

    columns: dict[str, str] = Field(default_factory=dict)


class Profile(_Section):
    name: str = "custom"
    description: str = ""
    fx: FxTable
    pricing: Pricing = Field(default_factory=Pricing)
    price_checks: PriceChecks = Field(default_factory=PriceChecks)
    moq: Moq
    tiers: Tiers = Field(default_factory=Tiers)
    lead_time: LeadTimes
    units: Units = Field(default_factory=Units)
    titles: Titles = Field(default_factory=Titles)
    attributes: Attributes = Field(default_factory=Attributes)
    defaults: Defaults = Field(default_factory=Defaults)
    categories: Categories = Field(default_factory=Categories)
    translate: Translate = Field(default_factory=Translate)
    images: Images = Field(default_factory=Images)
    limits: ReadLimits = Field(default_factory=ReadLimits)
    targets: TargetSettings = Field(default_factory=TargetSettings)
    template: TemplateColumns = Field(default_factory=TemplateColumns)
    # The category map (source path -> target category), loaded from categories.map_file.
    category_map: dict[str, str] = Field(default_factory=dict)
    # Where the profile was read from; None for one built in memory.
    path: Path | None = None

    def with_fx(self, overrides: dict[str, Decimal]) -> Profile:
        """The same profile with some exchange rates replaced (`--fx IDR=16250`)."""
        if not overrides:
            return self
        for code, rate in overrides.items():
            problem = rate_problem(code, rate)
            if problem is not None:
                raise ProfileError(f"--fx {code}: {problem}")
        fx = self.fx.model_copy(update={"rates": {**self.fx.rates, **overrides}})
        return self.model_copy(update={"fx": fx})


def shipped_dir() -> Path:
    """The folder of profiles shipped with the tool (inside the wheel, or the source checkout)."""
    packaged = Path(str(resources.files("catalog_migrate"))) / "mappings"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "mappings"


def shipped_profiles() -> list[Path]:
    return sorted(shipped_dir().glob("*.toml"))


def resolve(name_or_path: str | None) -> Path:
    """A profile argument is a file path, or the name of a shipped profile (`default`)."""
    if name_or_path is None:
        return shipped_dir() / "default.toml"
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        if not candidate.is_file():
            raise ProfileError(f"profile file {name_or_path} does not exist")
        return candidate
    shipped = shipped_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    names = ", ".join(path.stem for path in shipped_profiles())
    raise ProfileError(f"no profile named {name_or_path!r}; shipped profiles: {names}")


def load(name_or_path: str | None = None) -> Profile:
    path = resolve(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {path.name} is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read profile {path}: {exc}") from None
    except RecursionError:
        raise ProfileError(
            f"profile {path.name} nests arrays or tables too deeply to be a profile"
        ) from None
    except ValueError:  # an integer of thousands of digits
        raise ProfileError(f"profile {path.name} has a number too long to read") from None
    for key in ("category_map", "path"):
        if key in data:
            raise ProfileError(f"profile {path.name}: unknown key {key!r}")
    _refuse_huge_integers(data, path.name)
    if path != shipped_dir() / "default.toml":
        _inherit_new_rules(data)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(f"profile {path.name}: {_first_error(exc)}") from None
    category_map = read_category_map(path.parent / profile.categories.map_file)
    return profile.model_copy(update={"category_map": category_map, "path": path})


# Rules added after sellers first copied the default profile. A profile that does not have one
# takes the shipped default's, so that upgrading never turns a safety rule off silently (a copy
# made before packs were read would price a pack of 12 per piece). Listing the key, even empty,
# keeps the seller's own choice.
_INHERITED: tuple[tuple[str, ...], ...] = (
    ("price_checks",),
    ("units", "counts"),
    ("units", "items_by_unit"),
)


def _inherit_new_rules(data: dict[str, Any]) -> None:
    default = tomllib.loads((shipped_dir() / "default.toml").read_text(encoding="utf-8"))
    for keys in _INHERITED:
        source: Any = default
        target: Any = data
        for key in keys[:-1]:
            source = source.get(key, {})
            target = target.setdefault(key, {})
            if not isinstance(target, dict):
                break
        else:
            if keys[-1] not in target and keys[-1] in source:
                target[keys[-1]] = source[keys[-1]]


def copy_shipped(name: str, path: Path, *, force: bool = False) -> Path:
    """Copy a shipped profile to `path` and its category map beside it; return the map's path.

    The copy points to its own map (`<stem>.categories.csv`), so editing one never edits the
    shipped files, and it is loaded once to prove it works as written.
    """
    source = resolve(name)
    shipped = load(name)
    map_path = path.with_name(f"{path.stem}.categories.csv")
    for target in (path, map_path):
        if target.exists() and not force:
            raise ProfileError(f"{target} exists; pass --force to overwrite it")
    text = source.read_text(encoding="utf-8").replace(
        f'map_file = "{shipped.categories.map_file}"', f'map_file = "{map_path.name}"'
    )
    # Written as one pair, atomically: an interrupted copy leaves neither file half written.
    with atomic_outputs(path, map_path) as staged:
        profile_temp, map_temp = staged.temps
        profile_temp.write_text(text, encoding="utf-8")
        shutil.copyfile(source.parent / shipped.categories.map_file, map_temp)
    load(str(path))
    return map_path


def read_category_map(path: Path) -> dict[str, str]:
    """Read a two-column CSV `source_category,target_category` (a header row is required).

    One apostrophe before a formula start (`'=`, `'+`, `'-`, `'@`, apostrophe and tab or CR) is the
    guard the CSV writers add, and is removed.
    """
    if not path.is_file():
        raise ProfileError(f"category map {path.name} not found beside the profile")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(f"cannot read category map {path.name}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError(
            f"category map {path.name} is not UTF-8 text (line {line}): save it as CSV UTF-8"
        ) from None
    try:
        return _category_rows(path.name, text)
    except csv.Error as exc:
        raise ProfileError(f"category map {path.name} is not a readable CSV: {exc}") from None


def _category_rows(name: str, text: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [cell.strip() for cell in header[:2]] != [
            "source_category",
            "target_category",
        ]:
            raise ProfileError(
                f"category map {name}: the first row must be 'source_category,target_category'"
            )
        for line_number, row in enumerate(reader, start=2):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise ProfileError(
                    f"category map {name} line {line_number}: needs two non-empty cells"
                )
            # A cell saved with a formula guard (`'=...`) reads back as the text that was saved.
            source, target = restore_formula_text(row[0]), restore_formula_text(row[1])
            mapping[normalise_category(source)] = target.strip()
    return mapping


# No profile value needs more; larger ones overflow where the readers hand them to C code.
INTEGER_MAX = 2**31 - 1


def _refuse_huge_integers(data: dict[str, object], name: str) -> None:
    """Refuse any integer beyond INTEGER_MAX, naming its key (`limits.max_cell_chars`)."""
    stack: list[tuple[str, object]] = [("", data)]
    while stack:  # not recursive: the TOML may nest as deep as the parser allowed
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(
                (f"{where}.{key}" if where else str(key), item) for key, item in value.items()
            )
        elif isinstance(value, list):
            stack.extend((f"{where}.{number}", item) for number, item in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > INTEGER_MAX:
            raise ProfileError(f"profile {name}: {where} is too large (at most {INTEGER_MAX:,})")


def check_target_currency(profile: Profile, target: str, currency: str) -> None:
    """A profile must price in the currency the target's upload file takes (USD for Alibaba)."""
    if profile.pricing.currency != currency:
        name = profile.path.name if profile.path is not None else profile.name
        raise ProfileError(
            f"profile {name}: pricing.currency is {profile.pricing.currency!r}, but {target} "
            f'takes prices in {currency}: set pricing.currency = "{currency}"'
        )


def normalise_category(path: str) -> str:
    """Category paths compare without case and with single spaces around `/` (`A / B` == `a/b`)."""
    parts = [" ".join(part.split()) for part in path.replace(">>>", "/").split("/")]
    return "/".join(part for part in parts if part).casefold()


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    if first["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    message = first["msg"].removeprefix("Value error, ")  # pydantic's prefix says nothing here
    return f"{where}: {message}" if where else message
