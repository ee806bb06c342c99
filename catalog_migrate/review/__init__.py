"""The terminal review app (Textual): `catalog-migrate review INPUT`."""
