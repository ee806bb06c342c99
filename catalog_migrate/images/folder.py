"""The `<output stem>.images/` folder: one JPEG per distinct picture and `manifest.csv`.

It is built in a hidden folder beside the output and renamed into place only when the run ends
well, so a failed run leaves the previous folder as it was and no half-filled one.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import threading
from pathlib import Path

from catalog_migrate.spreadsheet.formula_guard import neutralise_formula

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = (
    "source_url",
    "file",
    "sha256",
    "width",
    "height",
    "bytes",
    "status",
    "issue",
    "note",
)


def images_folder_for(output: Path) -> Path:
    return output.with_name(f"{output.stem}.images")


class ImageFolder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
        self._lock = threading.Lock()

    def store(self, name: str, data: bytes) -> None:
        """Write a file once: the same picture under two addresses is one file."""
        target = self._staging / name
        with self._lock:
            if target.exists():
                return
            target.write_bytes(data)

    def commit(self, rows: list[dict[str, object]]) -> None:
        with (self._staging / MANIFEST).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, MANIFEST_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({key: _cell(value) for key, value in row.items()})
        old = None
        if self.path.exists():
            old = self.path.with_name(f".{self.path.name}.old-{os.getpid()}")
            os.replace(self.path, old)
        os.replace(self._staging, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self._staging, ignore_errors=True)


def _cell(value: object) -> object:
    return neutralise_formula(value) if isinstance(value, str) else value
