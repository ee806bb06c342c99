"""Checks on an output path made before a run reads anything, so a bad path fails in a second."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from catalog_migrate.errors import UserError
from catalog_migrate.spreadsheet.atomic import describe_write_error

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
    folder = path.parent
    length = len(os.fsencode(path.name))
    limit = _name_max(folder)
    if length > limit:
        raise UserError(
            f"cannot write {path}: the file name is {length} bytes long; "
            f"the file system allows {limit}"
        )
    try:
        is_folder, folder_exists, folder_is_folder = path.is_dir(), folder.exists(), folder.is_dir()
    except OSError as exc:  # e.g. a folder name in the path that is itself too long
        raise UserError(describe_write_error(exc, path)) from None
    if is_folder:
        raise UserError(f"cannot write {path}: it is a folder; give {option} a file name")
    if not folder_is_folder:
        if folder_exists:
            raise UserError(f"cannot write {path}: {folder} is a file, not a folder")
        raise UserError(f"cannot write {path}: the folder {folder} does not exist")


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return _DEFAULT_NAME_MAX
