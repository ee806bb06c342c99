"""How many listings are ready to upload as written, and what the seller can do about the others.

A listing is **ready** when it was written and no Issue of any severity names its product: none
from reading its rows, mapping it, the seller's review or the target's rules. File-level notes
that name no product (`currency.inferred`, `input.no_rows`) do not count against any listing.
`origin.missing` is reported once for the file, but it counts against every listing that has no
place of origin, because such a listing is not ready either.

`ready_rate` is `listings_ready` over the products the run was asked to convert: every product
read, less those skipped in review. A product whose every SKU was rejected counts as not ready,
under the codes of its errors.

Every Issue code has a remedy here, a profile key or a review key; the tests hold every code of
`codes.all_codes()` to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalog_migrate.model import Issue
from catalog_migrate.report import NotReady, RunReport

_FIX_SOURCE = "fix the cell in the export and convert again"
_EDIT = "edit it with `e` in review"

REMEDIES: dict[str, str] = {
    "attributes.invalid": f"{_FIX_SOURCE} (a JSON list of attributes)",
    "cell.too_long": "shorten the value in the export, or lower [limits] max_cell_chars so such "
    "rows are refused when read",
    "category.missing": "give the product a category: `e` in review, or fill it in the export",
    "category.prefix_mapped": "add the full source path to [categories] map_file, or map it "
    "with `m` in review",
    "category.unmapped": "map it: [categories] map_file, or `m` in review",
    "currency.inferred": "pass --currency (or --region) to state the shop's currency",
    "decisions.other_export": "give the decisions file saved for this export (review it to make "
    "one)",
    "description.too_long": "shorten the description in the export",
    "fx.missing_rate": "add the currency to [fx] rates, or pass --fx CUR=RATE",
    "id.duplicate": "give each SKU row its own SKU id in the export (the later row was left out)",
    "id.float_corrupted": "export again without opening the file in a spreadsheet, or format "
    "the id columns as Text",
    "image.count_low": "add images to the product in the shop (as many as the message says the "
    "channel wants), then export and convert again",
    "image.not_image": "replace the image in the shop: its address gives no picture",
    "image.not_url": f"{_FIX_SOURCE} (a full https:// image link)",
    "image.too_large": "replace the image with a smaller one, or raise [images] max_bytes",
    "image.too_small": "replace the image with one as large as the message says the channel "
    "wants (Alibaba.com: 640x640)",
    "image.unreachable": "check the address in a browser; export again if it expired, or raise "
    "[images] timeout_s for a slow server (images fetched so far are cached)",
    "images.missing": "add at least one image to the product in the shop, then export again",
    "images.too_many": "nothing to do: the first 6 images are used",
    "images.truncated": "nothing to do: the first 6 images are used",
    "input.no_rows": "export the products again with their rows",
    "keywords.invalid": f"{_EDIT} (keywords)",
    "keywords.too_few": f"{_EDIT} (keywords), or trim [titles] stop_words",
    "keywords.too_many": f"{_EDIT} (keywords), or lower [titles] keyword_count",
    "language.not_translated": "add the words under [translate.terms] in the profile, edit the "
    "field with `e` in review, or use --translator",
    "lead_time.invalid": "fix [lead_time] rows (1-3 rows, quantities ascending)",
    "moq.above_stock": "restock, lower the MOQ with `e` in review or [[moq.bands]], or set "
    "[defaults] make_to_order = true",
    "moq.out_of_range": f"{_EDIT} (MOQ), or fix [[moq.bands]]",
    "origin.missing": "--origin CC, or [defaults] place_of_origin",
    "package.size_invalid": f"{_FIX_SOURCE} (parcel length, width, height in cm)",
    "package.size_missing": f"{_FIX_SOURCE} (parcel length, width, height)",
    "package.weight_invalid": f"{_FIX_SOURCE} (parcel weight)",
    "package.weight_missing": f"{_FIX_SOURCE} (parcel weight)",
    "package.weight_raised": "check the parcel weight in the export",
    "parcel.invalid": f"{_FIX_SOURCE} (parcel weight and size as numbers)",
    "price.above_maximum": "check the price in the export, or [pricing] factor",
    "price.above_standard": "check [pricing] factor: a business price must not be above the "
    "retail price",
    "price.ambiguous": "pass --currency, or write the price with its decimals in the export",
    "price.below_minimum": "check the price in the export, or raise [pricing] factor",
    "price.case_unit_below_minimum": "sell the pack as one item, or raise [pricing] factor",
    "price.currency_mismatch": "check --currency, or fix the price in the export",
    "price.missing": f"{_FIX_SOURCE} (price)",
    "price.not_positive": f"{_FIX_SOURCE} (price above zero)",
    "price.outside_band": "check the price and the run's currency and rate; widen [price_checks] "
    "bands if the product is right",
    "price.ratio_outside": "check the SKU's price and [pricing] factor: Faire wants wholesale at "
    "10-80% of retail",
    "price.sibling_outlier": "check that SKU's price in the export (a missing or extra digit?)",
    "price.unparseable": f"{_FIX_SOURCE} (price as a number, e.g. Rp 89.000)",
    "pricing.contradiction": "edit the tiers or the SKU prices in review so they agree",
    "product.id_missing": f"{_FIX_SOURCE} (ERP ID), or use the original export",
    "product.name_missing": f"{_FIX_SOURCE} (product name)",
    "product.no_skus": "add a SKU to the product in the shop, then export again",
    "product.no_valid_skus": "fix the SKU errors listed for the product",
    "profile.not_from_review": "convert without --profile to use the profile review saved, or "
    "review again with this --profile",
    "publish.description_truncated": "nothing to do, or shorten the description in the export",
    "publish.keywords_cleaned": f"check the keywords, or {_EDIT} (keywords)",
    "publish.moq_not_first_tier": f"{_EDIT} (MOQ or tiers) so the MOQ is the first tier's quantity",
    "publish.option_not_found": f"{_EDIT} (specifications) to one of the category's options",
    "publish.price_invalid": f"{_EDIT} (tiers), or check [pricing] and [tiers]",
    "publish.pricing_not_offered": "map the product to a category that offers its price setting, "
    "or give its SKUs one price",
    "publish.required_field_unfilled": f"{_EDIT} (specifications) with the field the message "
    "names, using one of its options",
    "publish.text_cleaned": "nothing to do: remove the control characters from the export to be "
    "sure",
    "publish.unit_not_offered": f"{_EDIT} (unit) to one of the category's units",
    "publish.value_too_long": f"{_EDIT} (title)",
    "publish.values_left_out": "check what was left out, or keep fewer in the export",
    "publish.variation_not_offered": "name the variation and its values as the category's sale "
    "properties do, or map the product to another category",
    "quantity.invalid": f"{_FIX_SOURCE} (stock as a whole number)",
    "review.invalid": "edit the value again with `e` in review",
    "review.ladder_not_used": "this listing is priced per SKU: set only the MOQ and first tier "
    "in review",
    "publish.category_id_missing": "add the Alibaba.com leaf category id in the category "
    "map's third column, target_category_id, and publish again",
    "publish.changed": "nothing to do if the change is wanted; delete the earlier draft it names "
    "on Alibaba.com",
    "publish.failed": "publish again: only what is not done is sent",
    "publish.image_refused": "replace the image (the platform's message says why) and publish "
    "again",
    "publish.not_updated": "publish with --live to update the published product",
    "publish.platform_error": "fix what the platform's message names and publish again",
    "publish.possible_duplicate": "look on Alibaba.com for a second draft or product with the "
    "title the message gives and delete it",
    "review.stale": "review the product again (its decision was made on older data)",
    "row.instruction_skipped": "nothing if the row is the template's help text; if it is a "
    "product, remove the help rows above it",
    "seller_sku.duplicate": "give each SKU its own seller SKU in the export (channels key SKUs "
    "by it)",
    "sku.price_invalid": "check the SKU price in the export, or [pricing] rounding",
    "sku.missing": "give the SKU a seller SKU in the export (the channel finds the offer by it)",
    "sku.formula_guarded": "upload the file as written only if the offer's SKU starts with the "
    "apostrophe too; else change the SKU in the shop and the export",
    "spec.conflict": "choose the right value: `e` on Specs in review, or fix the export",
    "spec.value_too_long": f"{_EDIT} (specifications)",
    "spec.value_truncated": f"check it, or {_EDIT} (specifications)",
    "specifications.too_long": f"{_EDIT} (specifications)",
    "tiers.collapsed": "check the ladder, or widen [tiers] discounts",
    "tiers.currency": 'set [pricing] currency = "USD"',
    "tiers.dropped": f"nothing to do if the other tiers are right; else {_EDIT} (tiers)",
    "tiers.first_not_moq": f"{_EDIT} (tiers)",
    "tiers.missing": f"{_EDIT} (tiers)",
    "tiers.not_ascending": f"{_EDIT} (tiers)",
    "tiers.not_descending": f"{_EDIT} (tiers), or fix [tiers] discounts",
    "template.column_duplicate": "name each column's field under [template.columns] in the "
    "profile, or fill the column by hand",
    "template.column_unfilled": "name its field under [template.columns] in the profile, or "
    "fill the column by hand",
    "tiers.over_max_quantity": "nothing to do: the tiers under 99,999 units are kept; or lower "
    "[tiers] quantity_multipliers",
    "tiers.precision": "set [pricing] rounding to 0.01 or a multiple of it",
    "tiers.price_out_of_range": f"{_EDIT} (tiers), or check [pricing]",
    "tiers.quantity_out_of_range": f"{_EDIT} (tiers), or fix [[moq.bands]]",
    "tiers.too_many": "set [tiers] max_tiers to 4 or fewer",
    "title.contact_removed": f"check the title, or {_EDIT} (title)",
    "title.empty": f"{_EDIT} (title), or give the product a name in the export",
    "title.invalid_chars": f"{_EDIT} (title)",
    "title.repeated_words": f"{_EDIT} (title)",
    "title.too_long": f"{_EDIT} (title), or [titles] max_length",
    "title.truncated": f"check the title, or {_EDIT} (title)",
    "translate.engine_unavailable": "check the engine's address and key, then convert again "
    "(answers so far are cached)",
    "unit.count_missing": "name the SKU's count in its variation or seller SKU (`Isi 6`)",
    "unit.case_size_varies": "list each pack count as its own product, or set the case size "
    "per option in Faire",
    "unit.missing": f"{_EDIT} (unit), or [units] default",
    "variation.duplicate": "give each SKU of the product its own variation values in the export",
    "variation.missing": f"{_FIX_SOURCE} (the SKU's variation value)",
    "variation.name_mismatch": "name the variation the same on every row of the product",
    "variation.not_split": "write each value as 'colour, size' in the export, or fill the two "
    "variation columns",
    "variations.too_long": "shorten the variation names in the export",
    "variations.too_many": "keep at most 3 variation names per product in the export",
}

_UNKNOWN_REMEDY = "see the Issues sheet of the report"


def remedy(code: str) -> str:
    return REMEDIES.get(code, _UNKNOWN_REMEDY)


@dataclass
class Readiness:
    """Counts ready listings over a run: a little state per product, nothing per cell.

    A source may say something about a product before or after yielding it (a warning about one
    of its rows, a duplicate found later in the file), so the codes are gathered per product key
    and counted at the end.
    """

    _written: dict[str, bool] = field(default_factory=dict)
    _codes: dict[str, set[str]] = field(default_factory=dict)
    _orphans: Counter[str] = field(default_factory=Counter)  # rows grouped into no product
    _products: int = 0

    def record(self, key: str, written: bool, issues: Iterable[Issue]) -> None:
        """One product the run converted or rejected (not one skipped in review)."""
        self._products += 1
        self._written[key] = self._written.get(key, True) and written
        codes = self._codes.setdefault(key, set())
        codes.update(issue.code for issue in issues)
        if not written and not codes:
            codes.add("product.no_valid_skus")

    def record_bare_issue(self, issue: Issue) -> None:
        """A source Issue outside any product: it names a product, or is a row of its own."""
        if issue.is_error and issue.source_row is not None:
            self._orphans[issue.code] += 1  # the ledger counts it as a product rejected
        elif issue.product_key is not None:
            self._codes.setdefault(issue.product_key, set()).add(issue.code)

    def fill(self, report: RunReport) -> None:
        ready = 0
        reasons: Counter[str] = Counter(self._orphans)
        for key, written in self._written.items():
            codes = self._codes.get(key)
            if written and not codes:
                ready += 1
            elif codes:
                reasons.update(codes)
        considered = self._products + sum(self._orphans.values())
        report.listings_ready = ready
        report.ready_rate = round(ready / considered, 4) if considered else 0.0
        ranked = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
        report.not_ready = [
            NotReady(code=code, listings=listings, remedy=remedy(code)) for code, listings in ranked
        ]
