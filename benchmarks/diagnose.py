"""In-process diagnostics for run.py: where the conversion's time goes.

`profile_pipeline` runs `pipeline.convert` under cProfile; `stage_times` runs the same stages one
after another (read every product, map every product, write the workbook, write the report) and
times each without a profiler's overhead. Both import the project, so they need it installed.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from pathlib import Path

from catalog_migrate import pipeline
from catalog_migrate.model import Issue
from catalog_migrate.report_writer import open_report
from catalog_migrate.targets.base import WriteContext


def convert_options(export: Path, profile: Path | None, tag: str) -> pipeline.ConvertOptions:
    return pipeline.ConvertOptions(
        currency="IDR",
        output=export.with_name(f"{export.stem}.{tag}.alibaba.xlsx"),
        report=export.with_name(f"{export.stem}.{tag}.report.xlsx"),
        profile=None if profile is None else str(profile),
    )


def profile_pipeline(export: Path, profile: Path | None, top: int, sort: str, dump: Path) -> None:
    """Run the conversion under cProfile, save the stats to `dump` and print the top functions."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    report = profiler.runcall(pipeline.convert, export, convert_options(export, profile, "profile"))
    elapsed = time.perf_counter() - started
    print(f"profiled run: {elapsed:.1f} s with the profiler; {report.skus_read} SKUs read")
    profiler.dump_stats(str(dump))
    pstats.Stats(profiler).sort_stats(sort).print_stats(top)


class Stopwatch:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


def stage_times(export: Path, profile: Path | None) -> dict[str, float]:
    """Seconds per stage. Holds every product in memory at once, unlike `convert`."""
    watch = Stopwatch()
    run = pipeline.plan(export, convert_options(export, profile, "stages"))
    watch.lap("plan (profile, format detection)")
    products = [item for item in pipeline.read_products(run) if not isinstance(item, Issue)]
    watch.lap("read and group the export")
    mapped = [
        pipeline.map_one(product, run.profile, run.target, translator=run.translator)
        for product in products
    ]
    listings = [item.listing for item in mapped if item.listing is not None]
    watch.lap("map, translate and check every product")
    context = WriteContext(run.target.currency)
    with run.target.open_writer(run.target.outputs(run.output), context) as writer:
        for listing in listings:
            writer.write(listing)
    watch.lap("write the Alibaba.com workbook")
    with open_report(run.report) as report:
        for listing in listings:
            report.add_provenance(listing)
        report.close_with([issue for item in mapped for issue in item.issues])
    watch.lap("write the report workbook")
    return watch.laps


def print_stage_times(laps: dict[str, float]) -> None:
    total = sum(laps.values())
    print("| stage | s | share |\n|---|---|---|")
    for name, seconds in laps.items():
        print(f"| {name} | {seconds:.1f} | {seconds / total:.0%} |")
    print(f"| total | {total:.1f} | 100% |")
