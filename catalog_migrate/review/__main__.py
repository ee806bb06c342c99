"""`python -m catalog_migrate.review INPUT ...`: the same as `catalog-migrate review`."""

from catalog_migrate.review.command import review_command

review_command()
