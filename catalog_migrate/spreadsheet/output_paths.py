"""Checks on an output path made before a run reads anything, so a bad path fails in a second."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from catalog_migrate.errors import UserError

_DEFAULT_NAME_MAX = 255


def refuse_overwriting_input(
    output: Path, inputs: Iterable[Path | tuple[str, Path]], *, option: str = "the output"
) -> None:
    """Raise UserError when `output` is one of `inputs` by any spelling, symlink or hard link.

    An input is a path (named "the input") or a (description, path) pair such as
    ("the --decisions file", path).
    """
    output = Path(output)
    target = output.resolve()
    for item in inputs:
        role, source = item if isinstance(item, tuple) else ("the input", item)
        source = Path(source)
        if _same_file(output, target, source):
            raise UserError(
                f"refusing to write {output}: it is {role} {source}; choose another path for "
                f"{option}"
            )


def _same_file(output: Path, resolved: Path, source: Path) -> bool:
    if source.resolve() == resolved:
        return True
    try:
        return os.path.samefile(output, source)  # a hard link, or a case-insensitive file system
    except OSError:  # one of them does not exist (yet): no file to overwrite
        return False


def check_output_path(path: Path, option: str) -> None:
    """Raise UserError for a path that cannot be written: a folder, no folder, too long a name."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"cannot write {path}: it is a folder; give {option} a file name")
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UserError(f"cannot write {path}: the folder {folder} {what}")
    length = len(os.fsencode(path.name))
    limit = _name_max(folder)
    if length > limit:
        raise UserError(
            f"cannot write {path}: the file name is {length} bytes long; "
            f"the file system allows {limit}"
        )


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return _DEFAULT_NAME_MAX
