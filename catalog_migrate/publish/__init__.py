"""Publishing to a channel's API (Alibaba.com's Open Platform first): signed calls, the photobank,
category rules, the filled item document and a resumable state file. One of the only stages with
network I/O."""

from __future__ import annotations

from catalog_migrate.publish.codes import CODES

__all__ = ["CODES"]
