"""The images stage over one `convert` run: its folder checked before reading, opened, summed up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog_migrate.errors import UserError
from catalog_migrate.images import (
    ImageProgress,
    ImageSetupError,
    ImageStage,
    build_image_stage,
    close_image_stage,
    images_folder_for,
)
from catalog_migrate.profile import Images
from catalog_migrate.report import ImagesSummary
from catalog_migrate.targets.base import ImageRules


def check_images_folder(output: Path, read: list[tuple[str, Path]]) -> None:
    """The images folder is replaced whole at the end of a run: never one holding what it reads."""
    folder = images_folder_for(output)
    if folder.exists() and (folder.is_symlink() or not folder.is_dir()):
        raise UserError(
            f"{folder} is in the way: --images fetch writes a folder there; move or rename it"
        )
    resolved = folder.resolve()
    for label, path in read:
        if resolved in path.resolve().parents:
            raise UserError(
                f"{label} {path} is inside {folder}, which --images fetch replaces; move it or "
                "choose another -o"
            )


@contextmanager
def open_image_stage(
    settings: Images,
    rules: ImageRules,
    output: Path | None,
    progress: Callable[[ImageProgress], None] | None,
) -> Iterator[ImageStage]:
    """A stage writing beside `output` (None: a dry run, nothing written); a failed run keeps
    no staged file. The caller commits with `close_image_stage(stage, commit=True)`."""
    folder = images_folder_for(output) if output is not None else None
    try:
        stage = build_image_stage(settings, rules, folder=folder, on_progress=progress)
    except ImageSetupError as exc:
        raise UserError(str(exc)) from None
    try:
        yield stage
    except BaseException:
        close_image_stage(stage, commit=False)
        raise


def images_summary(stage: ImageStage, output: Path | None) -> ImagesSummary:
    results = stage.results()
    progress = stage.progress
    return ImagesSummary(
        checked=True,
        folder=str(images_folder_for(output)) if output is not None else None,
        images=len(results),
        ok=sum(1 for result in results if result.status == "ok"),
        with_issues=sum(1 for result in results if result.status != "ok"),
        downloaded=progress.downloaded,
        from_cache=progress.from_cache,
        bytes_downloaded=progress.bytes,
        files=len({result.file for result in results if result.file}),
    )
