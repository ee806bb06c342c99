"""Time `catalog-migrate convert` on a 100,000-SKU TikTok export against the I/O floor.

The floor (io_floor.py) and the conversion each run in their own process, so that the peak
resident memory of each is measured alone. Usage (from the repository root):

    python benchmarks/run.py                 # generate or reuse the export, measure, print a table
    python benchmarks/run.py --repeat 3      # three runs each, medians
    python benchmarks/run.py --profile-run   # run the pipeline in-process under cProfile
    python benchmarks/run.py --stage-times   # time read / map / write / report separately

Target (issue 2): convert at most 2x the floor, peak memory at most 1 GiB.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate_export
import memory

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SHIPPED_PROFILE = HERE.parent / "mappings" / "default.toml"
LIMIT_SETTING = re.compile(r"^max_uncompressed_mb\s*=\s*\d+", re.MULTILINE)
GENERATOR_FILES = (HERE / "generate_export.py", HERE / "export_vocabulary.py")
TARGET_RATIO = 2.0
TARGET_RSS_MIB = 1024.0
SAMPLE_SECONDS = 0.2


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    largest_mib: float  # peak RSS of the largest single process of the tree (os.wait4)
    tree_mib: float | None  # peak PSS of all its processes together, sampled; None: not on Linux
    returncode: int
    stdout: str
    stderr: str

    @property
    def peak_mib(self) -> float:
        """The peak memory of the whole run, as well as it can be known."""
        return max(self.largest_mib, self.tree_mib or 0.0)


@dataclass(frozen=True)
class Bench:
    """What one benchmark converts: the export, the profile (None: shipped default), its counts."""

    export: Path
    profile: Path | None
    products: int
    skus: int
    targets: str = "alibaba"  # the --to value: one target, or several separated by commas


@dataclass(frozen=True)
class Figures:
    read_s: float
    write_s: float
    floor_rss_mib: float
    convert_s: float
    convert_rss_mib: float  # all of the conversion's processes together
    convert_largest_mib: float  # its largest single process

    @property
    def floor_s(self) -> float:
        return self.read_s + self.write_s

    @property
    def ratio(self) -> float:
        return self.convert_s / self.floor_s


def run_child(command: Sequence[str]) -> ChildRun:
    """Run a command; return its wall time and its peak memory, alone and with its children."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        status, usage, tree_peak = wait_sampling(process.pid)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        largest = rss_mib(usage.ru_maxrss)
        return ChildRun(seconds, largest, tree_peak, process.returncode, out.read(), err.read())


def wait_sampling(pid: int) -> tuple[int, resource.struct_rusage, float | None]:
    """Wait for `pid`, sampling the memory of its process tree meanwhile (on Linux)."""
    if not memory.available():
        _, status, usage = os.wait4(pid, 0)
        return status, usage, None
    peak = 0.0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, peak
        peak = max(peak, memory.tree_mib(pid))
        time.sleep(SAMPLE_SECONDS)


def rss_mib(max_rss: int) -> float:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return max_rss / (1024 * 1024) if sys.platform == "darwin" else max_rss / 1024


def generator_digest() -> str:
    digest = hashlib.sha256()
    for path in GENERATOR_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_input(products: int, skus: int, seed: int, regenerate: bool) -> Path:
    """The export under benchmarks/out/, generated again when the generator has changed."""
    path = OUT / f"tiktok_id_{products}x{skus}_seed{seed}.xlsx"
    stamp = path.with_suffix(".sha256")
    digest = generator_digest()
    if not regenerate and path.is_file() and stamp.is_file() and stamp.read_text() == digest:
        print(f"reusing {relative(path)}", file=sys.stderr)
        return path
    print(f"generating {relative(path)} ...", file=sys.stderr)
    started = time.perf_counter()
    generate_export.write_export(path, products, skus, seed)
    stamp.write_text(digest)
    print(f"generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def measure_floor(export: Path) -> tuple[float, float, float]:
    """(read s, write s, peak RSS MiB) of io_floor.py on the export."""
    command = [sys.executable, str(HERE / "io_floor.py"), str(export), "--scratch", str(OUT)]
    child = run_child(command)
    if child.returncode != 0:
        raise SystemExit(f"io_floor.py failed ({child.returncode}):\n{child.stderr}")
    found = json.loads(child.stdout)
    return found["read_s"], found["write_s"], child.peak_mib


def benchmark_profile(limit_mb: int) -> Path | None:
    """A copy of the shipped default profile with `limits.max_uncompressed_mb` set; None: none.

    The 100,000-SKU export inflates to about 400 MB of XML; a shipped limit below that refuses it,
    and this is what the refusal message tells a seller to do: set the limit in a copy.
    """
    if limit_mb <= 0:
        return None
    text, count = LIMIT_SETTING.subn(
        f"max_uncompressed_mb = {limit_mb}", SHIPPED_PROFILE.read_text(encoding="utf-8")
    )
    if count != 1:
        raise SystemExit(f"no max_uncompressed_mb setting in {SHIPPED_PROFILE.name} to raise")
    for category_map in SHIPPED_PROFILE.parent.glob("*.csv"):  # map files resolve beside it
        shutil.copyfile(category_map, OUT / category_map.name)
    profile = OUT / "benchmark-profile.toml"
    profile.write_text(text, encoding="utf-8")
    return profile


def profile_args(profile: Path | None) -> list[str]:
    return [] if profile is None else ["--profile", str(profile)]


def convert_command(
    cli: str, export: Path, profile: Path | None, targets: str = "alibaba"
) -> list[str]:
    command = [cli, "convert", str(export), "--to", targets, "--currency", "IDR", "--json"]
    if "," in targets:  # several targets write into a folder, with one report
        output = export.with_name(f"{export.stem}.targets")
        return [*command, "-o", str(output), *profile_args(profile)]
    from catalog_migrate.targets import get_target  # the benchmark's own imports stay light

    suffix = get_target(targets).suffix
    output = export.with_name(f"{export.stem}.{targets}{suffix}")
    report = export.with_name(f"{export.stem}.{targets}.report.xlsx")
    return [*command, "-o", str(output), "--report", str(report), *profile_args(profile)]


def check_report(report: dict[str, Any], products: int, skus: int) -> list[str]:
    """What is wrong with the run's JSON report: counts read and the accounting identity."""
    problems = []
    if report.get("skus_read") != skus:
        problems.append(f"skus_read is {report.get('skus_read')}, expected {skus}")
    if report.get("products_read") != products:
        problems.append(f"products_read is {report.get('products_read')}, expected {products}")
    for unit in ("products", "skus"):
        parts = [f"{unit}_converted", f"{unit}_rejected", f"{unit}_skipped_by_review"]
        if report[f"{unit}_read"] != sum(report.get(part, 0) for part in parts):
            problems.append(f"{unit}_read != " + " + ".join(parts))
    return problems


def measure_convert(cli: str, bench: Bench) -> ChildRun:
    """One `catalog-migrate convert`; stops on a failed or wrong run."""
    child = run_child(convert_command(cli, bench.export, bench.profile, bench.targets))
    if child.returncode not in (0, 1):
        raise SystemExit(f"convert exited {child.returncode}:\n{child.stderr[-4000:]}")
    report = json.loads(child.stdout)
    problems = check_report(report, bench.products, bench.skus)
    if problems:
        raise SystemExit("convert report is wrong: " + "; ".join(problems))
    print(summary_line(report), file=sys.stderr)
    return child


def summary_line(report: dict[str, Any]) -> str:
    keys = (
        "products_converted",
        "products_rejected",
        "skus_converted",
        "skus_rejected",
        "warnings",
        "errors",
    )
    return "convert: " + ", ".join(f"{key} {report.get(key)}" for key in keys)


def measure_once(cli: str, bench: Bench) -> Figures:
    read_s, write_s, floor_rss = measure_floor(bench.export)
    convert = measure_convert(cli, bench)
    return Figures(
        read_s, write_s, floor_rss, convert.seconds, convert.peak_mib, convert.largest_mib
    )


def median_figures(runs: Sequence[Figures]) -> Figures:
    medians = {
        field.name: float(statistics.median(getattr(run, field.name) for run in runs))
        for field in dataclasses.fields(Figures)
    }
    return Figures(**medians)


TABLE_HEADER = (
    "run",
    "floor read s",
    "floor write s",
    "floor total s",
    "convert s",
    "ratio",
    "convert peak MiB",
    "largest convert process MiB",
    "floor peak MiB",
    "products / SKUs",
    "target",
)


def table_row(label: str, figures: Figures, bench: Bench) -> str:
    values = (
        label,
        f"{figures.read_s:.1f}",
        f"{figures.write_s:.1f}",
        f"{figures.floor_s:.1f}",
        f"{figures.convert_s:.1f}",
        f"{figures.ratio:.2f}x",
        f"{figures.convert_rss_mib:.0f}",
        f"{figures.convert_largest_mib:.0f}",
        f"{figures.floor_rss_mib:.0f}",
        f"{bench.products:,} / {bench.skus:,}",
        "met" if meets_target(figures) else "MISSED",
    )
    return "| " + " | ".join(values) + " |"


def figures_table(runs: Sequence[Figures], bench: Bench) -> str:
    """A Markdown table: one row per run, then the medians when there was more than one run."""
    lines = ["| " + " | ".join(TABLE_HEADER) + " |", "|" + "---|" * len(TABLE_HEADER)]
    lines += [table_row(str(number), run, bench) for number, run in enumerate(runs, start=1)]
    if len(runs) > 1:
        lines.append(table_row("median", median_figures(runs), bench))
    return "\n".join(lines)


def meets_target(figures: Figures) -> bool:
    return figures.ratio <= TARGET_RATIO and figures.convert_rss_mib <= TARGET_RSS_MIB


def proc_field(path: str, name: str) -> str | None:
    """The value of the first `name: value` line of a /proc file, None where there is none."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def cpu_model() -> str:
    return proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown"


def memory_gib() -> str:
    total_kib = proc_field("/proc/meminfo", "MemTotal")  # e.g. `24684084 kB`
    return f"{int(total_kib.split()[0]) / 1024 / 1024:.1f} GiB" if total_kib else "unknown"


def machine_lines() -> list[str]:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical CPUs (nproc)",
        f"- memory: {memory_gib()}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- load average (1, 5, 15 min) when the run ended: {load}",
    ]


def find_cli(given: str | None) -> str:
    """The `catalog-migrate` console script: given, beside this interpreter, or on PATH."""
    if given:
        return given
    beside = Path(sys.executable).parent / "catalog-migrate"
    found = str(beside) if beside.is_file() else shutil.which("catalog-migrate")
    if found is None:
        raise SystemExit("catalog-migrate not found; install the project or pass --cli PATH")
    return found


def run_diagnostics(bench: Bench, args: argparse.Namespace) -> int:
    """Run the pipeline in this process, under cProfile or stage by stage."""
    import diagnose  # imports the project, which the timed runs leave to the child process

    if args.stage_times:
        diagnose.print_stage_times(diagnose.stage_times(bench.export, bench.profile))
    if args.profile_run:
        dump = OUT / "profile.pstats"
        diagnose.profile_pipeline(
            bench.export, bench.profile, args.profile_top, args.profile_sort, dump
        )
        print(f"stats saved in {relative(dump)}")
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--products", type=int, default=25_000)
    parser.add_argument("--skus-per-product", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; medians when > 1")
    parser.add_argument("--regenerate", action="store_true", help="generate the export again")
    parser.add_argument(
        "--input-limit-mb",
        type=int,
        default=0,
        help="convert with a copy of the default profile whose limits.max_uncompressed_mb is this "
        "(default 0: the shipped default profile unchanged)",
    )
    parser.add_argument("--cli", help="the catalog-migrate command (default: beside python)")
    parser.add_argument(
        "--to",
        default="alibaba",
        help="the targets to convert to, as convert's --to takes them (default alibaba)",
    )
    parser.add_argument(
        "--profile-run",
        action="store_true",
        help="instead of timing, run the pipeline in-process under cProfile",
    )
    parser.add_argument(
        "--stage-times",
        action="store_true",
        help="instead of timing, time read / map / write / report in-process, one after another",
    )
    parser.add_argument("--profile-top", type=int, default=25)
    parser.add_argument("--profile-sort", default="cumulative", help="a pstats sort key")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    export = ensure_input(args.products, args.skus_per_product, args.seed, args.regenerate)
    profile = benchmark_profile(args.input_limit_mb)
    bench = Bench(export, profile, args.products, args.products * args.skus_per_product, args.to)
    if args.profile_run or args.stage_times:
        return run_diagnostics(bench, args)
    cli = find_cli(args.cli)
    runs = []
    for number in range(1, args.repeat + 1):
        print(f"run {number}/{args.repeat}", file=sys.stderr)
        runs.append(measure_once(cli, bench))
    figures = median_figures(runs)
    print(figures_table(runs, bench))
    print()
    print("\n".join(machine_lines()))
    return 0 if meets_target(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
