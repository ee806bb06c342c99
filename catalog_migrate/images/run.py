"""The images stage over one `convert` run: its folder checked before reading, opened, summed up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog_migrate.errors import UserError
from catalog_migrate.images import (
    ImageFolder,
    ImageProgress,
    ImageSetupError,
    ImageStage,
    build_image_stage,
    close_image_stage,
    images_folder_for,
)
from catalog_migrate.images.several import ImageStages
from catalog_migrate.profile import Images
from catalog_migrate.report import ImagesSummary, TargetImages
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


@contextmanager
def open_image_stages(
    settings: Images,
    targets: list[tuple[str, ImageRules, Path | None]],
    progress: Callable[[ImageProgress], None] | None,
) -> Iterator[ImageStages]:
    """The stages of a run with several targets (name, rules, output; None on a dry run): each
    address downloaded once for all. Only a target whose cells name files gets a folder; a
    target whose cells keep the source address is told what its rules find, nothing written."""
    stages: list[ImageStage] = []
    try:
        for _, rules, output in targets:
            folder = None
            if output is not None and rules.cell == "file":
                folder = images_folder_for(output)
            if not stages:
                stages.append(build_image_stage(settings, rules, folder=folder))
                continue
            first = stages[0]
            stages.append(
                ImageStage(
                    rules,
                    first.downloader,
                    first.max_pixels,
                    concurrency=first.concurrency,
                    cache=first.cache,
                    folder=ImageFolder(folder) if folder is not None else None,
                )
            )
    except ImageSetupError as exc:
        raise UserError(str(exc)) from None
    except BaseException:  # a folder that cannot be staged: keep nothing staged so far
        if stages:
            close_image_stages(ImageStages(stages, []), commit=False)
        raise
    several = ImageStages(
        stages,
        [name for name, _, _ in targets],
        concurrency=settings.concurrency,
        on_progress=progress,
    )
    try:
        yield several
    except BaseException:
        close_image_stages(several, commit=False)
        raise


def close_image_stages(several: ImageStages, *, commit: bool) -> None:
    """Close the shared client and cache once; put each target's folder in place, or remove it."""
    first = several.stages[0]
    close_image_stage(first, commit=commit)
    for stage in several.stages[1:]:
        if stage.folder is not None:
            if commit:
                stage.folder.commit(stage.manifest())
            else:
                stage.folder.discard()


def several_images_summary(several: ImageStages) -> ImagesSummary:
    """Each address counted once; per target what its rules kept and what it wrote."""
    progress = several.progress
    targets = []
    addresses: set[str] = set()
    for name, stage in zip(several.names, several.stages, strict=True):
        results = stage.results()
        addresses.update(result.url for result in results)
        names = {result.file for result in results if result.file}
        files = len(names) if stage.rules.cell == "file" else 0
        targets.append(
            TargetImages(
                name=name,
                ok=sum(1 for result in results if result.status == "ok"),
                with_issues=sum(1 for result in results if result.status != "ok"),
                files=files,
                folder=str(stage.folder.path) if stage.folder is not None else None,
            )
        )
    return ImagesSummary(
        checked=True,
        images=len(addresses),
        ok=len(addresses) - several.with_issues(),
        with_issues=several.with_issues(),
        downloaded=progress.downloaded,
        from_cache=progress.from_cache,
        bytes_downloaded=progress.bytes,
        files=sum(each.files for each in targets),
        targets=targets,
    )
