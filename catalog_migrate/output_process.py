"""Write the target workbook and the report in a second process.

Writing the two workbooks costs about as much as reading and mapping the export (xlsxwriter is
pure Python), so a run that does both in one process leaves the machine's second core idle. The
parent reads, maps and checks; the child writes what it is sent, in the order it is sent, so the
files are the same bytes as a single-process run would write.

Both files are written atomically by the child: they are renamed into place only after the parent
has sent every listing and the issues and the child has written them all. Any failure on either
side, Ctrl-C, SIGTERM, or the parent dying, leaves no output and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from catalog_migrate.errors import UserError
from catalog_migrate.model import Issue, WholesaleListing
from catalog_migrate.report_writer import ReportWriter, open_report
from catalog_migrate.spreadsheet.writing import atomic_output
from catalog_migrate.targets import get_target
from catalog_migrate.targets.base import TargetWriter

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
        self._batch: list[WholesaleListing] = []
        self._finished = False

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

    def open(self, target: str, output: Path, report: Path) -> None:
        self._send(("open", target, str(output), str(report)))

    def write(self, listing: WholesaleListing) -> None:
        self._batch.append(listing)
        if len(self._batch) >= BATCH:
            self._flush()

    def finish(self, issues: Sequence[Issue], summary: Mapping[str, object]) -> None:
        """Send the issues and wait until both files are written and renamed into place."""
        self._flush()
        self._send(("finish", list(issues), dict(summary)))
        try:
            reply = self._conn.recv()
        except EOFError:
            raise WriterFailed("the writing process stopped before the files were saved") from None
        self._finished = True
        if reply[0] == "user-error":
            raise UserError(reply[1])
        if reply[0] != "saved":
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
        """The child's own error when it sent one before stopping, else a general one."""
        if self._conn.poll(1):
            try:
                kind, message = self._conn.recv()[:2]
            except (EOFError, ValueError):
                pass
            else:
                self._finished = True
                return UserError(message) if kind == "user-error" else WriterFailed(message)
        return WriterFailed("the writing process stopped unexpectedly; nothing was written")


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
        _, target_name, output, report = message
        target = get_target(target_name)
        # Both workbooks are finished in temporary files before either is renamed into place, so
        # a failure while saving one cannot leave a new report beside an old output.
        with (
            atomic_output(Path(output)) as output_temp,
            atomic_output(Path(report)) as report_temp,
            target.open_writer(output_temp) as writer,
            open_report(report_temp) as report_file,
        ):
            _write_until_finished(conn, writer, report_file)
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
    conn: Connection, writer: TargetWriter, report_file: ReportWriter
) -> None:
    while True:
        message = _receive(conn)
        if message[0] == "listings":
            for listing in message[1]:
                writer.write(listing)
                report_file.add_provenance(listing)
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
