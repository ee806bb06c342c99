"""What mapping one product says about itself: its Issues and the provenance of every value."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog_migrate.model import Issue, Provenance, error, warning


@dataclass
class Notes:
    """Collects the Issues and provenance of one product; every Issue names the product.

    An Issue about one SKU passes `sku` and that SKU's `source_row`; otherwise the product's first
    source row is used.
    """

    product_key: str
    source_row: int | None = None
    issues: list[Issue] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)

    def error(
        self,
        code: str,
        message: str,
        *,
        field: str,
        sku: str | None = None,
        source_row: int | None = None,
    ) -> None:
        self.issues.append(error(code, message, **self._where(field, sku, source_row)))

    def warning(
        self,
        code: str,
        message: str,
        *,
        field: str,
        sku: str | None = None,
        source_row: int | None = None,
    ) -> None:
        self.issues.append(warning(code, message, **self._where(field, sku, source_row)))

    def trace(self, field: str, value: object, rule: str) -> None:
        self.provenance.append(Provenance(field=field, value=str(value), rule=rule))

    @property
    def has_errors(self) -> bool:
        return any(issue.is_error for issue in self.issues)

    def _where(self, field: str, sku: str | None, source_row: int | None) -> dict[str, object]:
        return {
            "product_key": self.product_key,
            "sku": sku,
            "field": field,
            "source_row": self.source_row if source_row is None else source_row,
        }
