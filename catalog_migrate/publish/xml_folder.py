"""The folder a dry run writes each listing's filled document to."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class XmlFolder:
    """`<input stem>.alibaba.publish.xml/`: one filled document per listing, put in place whole
    at the end of a dry run (a run that stops leaves the previous folder as it was)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
        self.commit = False
        self._names: set[str] = set()
        self._lock = threading.Lock()

    def write(self, key: str, xml: str) -> None:
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", key)[:120] or "listing"
        with self._lock:
            name, number = f"{stem}.xml", 1
            while name in self._names:
                number += 1
                name = f"{stem}-{number}.xml"
            self._names.add(name)
        (self.staging / name).write_text(xml, encoding="utf-8")

    def finish(self) -> None:
        if not self.commit:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        old = None
        if self.path.exists():
            old = self.path.with_name(f".{self.path.name}.old-{os.getpid()}")
            os.replace(self.path, old)
        os.replace(self.staging, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def xml_folder(path: Path) -> Iterator[XmlFolder]:
    folder = XmlFolder(path)
    try:
        yield folder
    except BaseException:
        folder.commit = False
        raise
    finally:
        folder.finish()
