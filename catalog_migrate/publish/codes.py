"""The issue codes `catalog-migrate publish` raises (the item document's come with its builder)."""

from __future__ import annotations

CODES = {
    "publish.category_id_missing": "the listing's category has no Alibaba.com category id: add "
    "it in the category map's third column, target_category_id; the listing is not published",
    "publish.changed": "the listing changed since the last publish run: the message says which "
    "fields and what was done (a new draft, an update) (warning)",
    "publish.failed": "Alibaba.com could not be reached or kept failing (network, timeouts, "
    "HTTP 5xx) after every retry; nothing was recorded and a re-run tries again",
    "publish.image_refused": "the photobank refused one image (its code and message); the "
    "listing is published without it (warning)",
    "publish.not_updated": "a product published before changed, but drafts do not update "
    "published products: run with --live to update it (warning)",
    "publish.platform_error": "Alibaba.com refused the listing: the message gives the platform's "
    "code and message; nothing was created",
    "publish.possible_duplicate": "a write's answer was lost (timeout, dropped connection, HTTP "
    "5xx, or an interrupted run) and it was sent again: the first attempt may have created a "
    "draft or product too; look for a duplicate on Alibaba.com (warning)",
}
