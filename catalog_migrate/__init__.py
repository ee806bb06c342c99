"""catalog-migrate: move a retail marketplace catalog to B2B wholesale bulk-upload files."""

__version__ = "0.1.0"
