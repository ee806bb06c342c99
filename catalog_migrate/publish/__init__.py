"""Publishing to a channel's API (Alibaba.com's Open Platform first): signed calls, the photobank,
category rules, the filled item document and a resumable state file. One of the only stages with
network I/O.

`schema` reads the category rules the Open Platform answers to `schema.get`; `item_schema` fills
them from a wholesale listing into the itemSchema document that `schema.add` and
`schema.add.draft` take (alibaba-open-platform.md §1.2-1.3).
"""

from __future__ import annotations

from catalog_migrate.publish.codes import CODES

__all__ = ["CODES"]
