"""Write every target's files and the report in a second process.

Writing the two workbooks costs about as much as reading and mapping the export (xlsxwriter is
pure Python), so a run that does both in one process leaves the machine's second core idle. The
parent reads, maps and checks; the child writes what it is sent, in the order it is sent, so the
files are the same bytes as a single-process run would write.

The two files are one pair (see `spreadsheet.atomic`): the child writes both into temporary files,
tells the parent they are complete, and renames them into place together only when the parent
answers "commit". The parent holds SIGINT, SIGTERM and SIGHUP for that short exchange, so a signal
either arrives before it (nothing is renamed, the previous pair stays) or is dropped because the run
has finished. Any failure on either side, Ctrl-C, SIGTERM, SIGHUP, or the parent dying, leaves the
previous pair and no temporary file behind. If the child itself is killed (SIGKILL, the
out-of-memory killer), the parent removes its temporary files and reports it as exit code 2.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from catalog_migrate.errors import UserError
from catalog_migrate.model import Issue, Provenance, WholesaleListing
from catalog_migrate.money import Converter
from catalog_migrate.report_writer import ReportWriter, open_report
from catalog_migrate.spreadsheet.atomic import (
    atomic_outputs,
    remove_orphaned_scratch_folders,
    remove_orphaned_temporaries,
    signals_held,
)
from catalog_migrate.targets.base import Target, TargetWriter, WriteContext

BATCH = 64  # listings per message: fewer round trips, little memory


class WriterFailed(RuntimeError):
    """The writing process failed or stopped; nothing was written."""


class OutputProcess:
    """Start it before the export is read (the child is forked while the parent is still small)."""

    def __init__(self) -> None:
        context: Any = multiprocessing.get_context(_start_method())
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_conn, self._conn), daemon=True)
        self._process.start()
        child_conn.close()
        self._batch: list[tuple[int, WholesaleListing, list[Provenance] | None]] = []
        self._paths: tuple[Path, ...] = ()
        self._committing = False

    def __enter__(self) -> OutputProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Closing the pipe is the abort: a message cut short by a signal could not be read anyway,
        # and the child takes the end of the pipe as "give up".
        self._conn.close()
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._remove_temporaries()

    def _remove_temporaries(self) -> None:
        """A child that was killed could not remove its temporary files; it is gone now."""
        for path in self._paths:
            remove_orphaned_temporaries(path)
        if self._process.exitcode not in (None, 0):
            remove_orphaned_scratch_folders()

    def open(self, targets: Sequence[tuple[Target, Path, Converter]], report: Path) -> None:
        """Start writing: each target (itself, its main file and price converter), then the
        report. The targets are sent whole (a target that fills the seller's template carries
        what it read of it).

        Every file of every target and the report are one set, renamed into place together.
        """
        self._paths = (
            *(path for target, output, _ in targets for path in target.outputs(output)),
            report,
        )
        sent = [(target, str(output), convert) for target, output, convert in targets]
        self._send(("open", sent, str(report)))

    def write(
        self, target: int, listing: WholesaleListing, provenance: list[Provenance] | None = None
    ) -> None:
        """Write `listing` to the files of the `target`-th target (in the order opened).

        The report gets the listing's provenance (None), or, for a product already written to
        another target, only the entries given (what this target's rules changed), named for it.
        """
        self._batch.append((target, listing, provenance))
        if len(self._batch) >= BATCH:
            self._flush()

    def finish(self, issues: Sequence[Issue], summary: Mapping[str, object]) -> None:
        """Send the issues and wait until both files are written and renamed into place."""
        self._flush()
        self._send(("finish", list(issues), dict(summary)))
        self._expect("ready")
        # Past this point the pair is replaced; a signal now could only report a false "nothing
        # was written", so signals are held and dropped (the run ends right after anyway).
        with signals_held(discard=True):
            self._committing = True
            self._send(("commit",))
            self._expect("saved")

    def _expect(self, wanted: str) -> None:
        try:
            reply = self._conn.recv()
        except (EOFError, OSError):
            raise self._failure() from None
        if reply[0] == wanted:
            return
        if reply[0] == "user-error":
            raise UserError(reply[1])
        raise WriterFailed(f"writing the output failed: {reply[1]}")

    def _flush(self) -> None:
        if self._batch:
            self._send(("listings", self._batch))
            self._batch = []

    def _send(self, message: tuple[Any, ...]) -> None:
        try:
            self._conn.send(message)
        except (BrokenPipeError, ConnectionResetError, OSError):
            raise self._failure() from None

    def _failure(self) -> Exception:
        """The child's own error when it sent one before stopping, else why it stopped."""
        with contextlib.suppress(OSError):
            if self._conn.poll(1):
                try:
                    kind, message = self._conn.recv()[:2]
                except (EOFError, ValueError, OSError):
                    pass
                else:
                    return UserError(message) if kind == "user-error" else WriterFailed(message)
        self._process.join(timeout=5)
        code = self._process.exitcode
        if code is not None and code < 0:
            # Killed from outside (SIGKILL, the out-of-memory killer): the environment, not a bug.
            self._remove_temporaries()
            if self._committing:  # only a SIGKILL can land inside the renames of the pair
                return UserError(
                    f"the writer process was killed ({_signal_name(-code)}) while renaming the "
                    "output and report into place; run again to write a matching pair"
                )
            return UserError(
                f"the writer process was killed ({_signal_name(-code)}); nothing was written and "
                "the previous output and report are untouched"
            )
        return WriterFailed("the writing process stopped unexpectedly; nothing was written")


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


class _Aborted(Exception):
    """The parent gave up; leave no file behind."""


def _serve(conn: Connection, parent_end: Connection) -> None:
    parent_end.close()  # forked with both ends open: keep only ours, so the parent's close is seen
    # What this process makes (listings, rows) holds no reference cycles and is freed by reference
    # counting; the cycle collector would only re-walk every live object, tripling unpickling time.
    gc.disable()
    try:
        message = _receive(conn)
        if message[0] != "open":
            return
        _, sent, report = message
        targets = [(target, Path(output), convert) for target, output, convert in sent]
        # Every file is finished in a temporary file before any is renamed into place, and then
        # all are renamed as one set, so no failure can leave a new report beside an old output.
        outputs = [target.outputs(output) for target, output, _ in targets]
        with atomic_outputs(*(path for paths in outputs for path in paths), Path(report)) as staged:
            temps = list(staged.temps)
            with ExitStack() as stack:
                writers: list[TargetWriter] = []
                for (target, _, convert), paths in zip(targets, outputs, strict=True):
                    mine, temps = temps[: len(paths)], temps[len(paths) :]
                    context = WriteContext(convert.currency, convert)
                    writers.append(stack.enter_context(target.open_writer(mine, context)))
                report_file = stack.enter_context(open_report(temps[0]))
                names = [target.name for target, _, _ in targets]
                _write_until_finished(conn, writers, names, report_file)
            conn.send(("ready",))
            if _receive(conn)[0] != "commit":
                raise _Aborted
            with signals_held(discard=True):
                staged.commit()
                conn.send(("saved",))
    except (_Aborted, KeyboardInterrupt):
        pass  # the writers' with blocks have removed their temporary files
    except UserError as exc:
        _reply(conn, ("user-error", str(exc)))
    except Exception as exc:
        _reply(conn, ("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _write_until_finished(
    conn: Connection,
    writers: Sequence[TargetWriter],
    names: Sequence[str],
    report_file: ReportWriter,
) -> None:
    while True:
        message = _receive(conn)
        if message[0] == "listings":
            for target, listing, provenance in message[1]:
                writers[target].write(listing)
                if provenance is None:
                    report_file.add_provenance(listing)
                elif provenance:
                    report_file.add_provenance(listing, provenance, names[target])
        elif message[0] == "finish":
            report_file.close_with(message[1], summary=message[2])
            return
        else:
            raise _Aborted


def _receive(conn: Connection) -> Any:
    try:
        return conn.recv()
    except (EOFError, OSError):  # the parent closed the pipe or died: give up
        raise _Aborted from None


def _reply(conn: Connection, message: tuple[str, str]) -> None:
    with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
        conn.send(message)


def _start_method() -> str:
    # fork starts in milliseconds; spawn would re-import the tool (about half a second a run).
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods else "spawn"
