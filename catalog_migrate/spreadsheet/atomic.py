"""Atomic outputs: a file, or a pair of files, replaced whole or not at all.

`atomic_outputs(a, b)` yields hidden temporary paths beside `a` and `b`; the caller writes them
completely, then they are renamed into place by `commit()` (or when the block ends). Any exception
before the commit (a write error, Ctrl-C, SIGTERM, SIGHUP) removes the temporary files and leaves
the previous files as they were.

A pair (the output workbook and its report) must never be half replaced: a new report beside an
old output would describe listings that are not there. Two renames cannot be one system call, so
the commit works like this:

1. every temporary file is complete and flushed to disk before the first rename;
2. SIGINT, SIGTERM and SIGHUP are blocked for the renames, so they take effect after the pair is
   in place (a signal Python caught just before raises inside the block, which step 4 handles);
3. each existing file of the pair is first hard-linked to a hidden backup (copied where links are
   not supported), then the temporary files are renamed over the outputs in order;
4. if any rename fails or anything interrupts them, the renames already done are undone from the
   backups (a file that did not exist before is removed), so the folder holds the previous pair;
5. the backups are removed.

Only a SIGKILL or a power cut between two renames (a span of one system call) can leave a mixed
pair, with the hidden backup of the previous file beside it until the next run removes it; the
convert command says so when its writer process is killed there.

Temporary files carry their writer's process id: `remove_orphaned_temporaries` (run before every
write) deletes those of a process that no longer exists, nested ones included, and
`remove_orphaned_scratch_folders` deletes the spreadsheet library's scratch folders of killed runs.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from catalog_migrate.errors import UserError

# Signals that end a run cleanly (their exception unwinds the writers, which remove their
# temporary files); SIGHUP is what a closed terminal or SSH session sends.
ENDING_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_HELD_SIGNALS = {signal.SIGINT, *ENDING_SIGNALS}

# A name longer than this gets a hashed key in its temporary files, so that the temporary name
# (about 30 characters longer) still fits in the file system's 255-byte limit.
_LONG_NAME = 200
SCRATCH_PREFIX = "catalog-migrate-"


class Terminated(SystemExit):
    """Raised inside a writing block when the process receives SIGTERM or SIGHUP."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception for the block, so cleanup code runs.

    Only the main thread can install signal handlers; elsewhere the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_terminated) for signum in ENDING_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            # getsignal() gives None for a handler not installed from Python; the default is the
            # closest thing we can restore.
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@contextmanager
def signals_held(*, discard: bool = False) -> Iterator[None]:
    """Block SIGINT, SIGTERM and SIGHUP for the block; they are delivered when it ends.

    With `discard`, signals that arrived meanwhile are dropped instead: for a block that finishes
    the run, after which "interrupted, nothing was written" would be false.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous: set[int | signal.Signals] | None = None
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
        yield
    finally:
        if previous is not None:
            pending = _HELD_SIGNALS & signal.sigpending() if discard else set()
            if pending and threading.current_thread() is threading.main_thread():
                # A pending signal whose action is "ignore" is discarded when it is unblocked.
                handlers = {signum: signal.signal(signum, signal.SIG_IGN) for signum in pending}
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
                for signum, handler in handlers.items():
                    signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
            else:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# ---------------------------------------------------------------------------------------------
# Naming and orphans
# ---------------------------------------------------------------------------------------------


def _key(path: Path) -> str:
    """The part of `path` its temporary files are named by: the stem, or a hash of a long name."""
    if len(os.fsencode(path.name)) <= _LONG_NAME:
        return path.stem
    return "long-" + hashlib.sha256(os.fsencode(path.name)).hexdigest()[:16]


def _orphan_pattern(path: Path) -> re.Pattern[str]:
    # `.out.<pid>.<random>.tmp.xlsx`, a backup `.out.<pid>.<random>.old.xlsx`, and the nested
    # `..out.<pid>.<random>.tmp.<pid>.<random>.tmp.xlsx` that earlier versions could leave.
    return re.compile(
        r"\.+"
        + re.escape(_key(path))
        + r"\.(\d+)\.\w+\.(?:tmp|old)(?:\.\d+\.\w+\.tmp)*"
        + re.escape(path.suffix)
    )


def remove_orphaned_temporaries(path: Path) -> None:
    """Remove temporary and backup files of `path` left by a process that was killed.

    Their names carry the writer's process id; one whose process is gone can only be an orphan,
    while the temporary file of another run still writing the same output is left alone.
    """
    pattern = _orphan_pattern(path)
    try:
        candidates = list(path.parent.glob(f".*{path.suffix}"))
    except OSError:
        return
    for candidate in candidates:
        match = pattern.fullmatch(candidate.name)
        if match is not None and not _process_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                candidate.unlink()


def remove_orphaned_scratch_folders() -> None:
    """Remove the scratch folders (`catalog-migrate-<pid>-...`, system temp) of dead processes."""
    pattern = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-\w+")
    try:
        candidates = list(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"))
    except OSError:
        return
    for candidate in candidates:
        match = pattern.fullmatch(candidate.name)
        if match is not None and candidate.is_dir() and not _process_alive(int(match.group(1))):
            shutil.rmtree(candidate, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------

_READ_ONLY = {errno.EROFS}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


def describe_write_error(exc: OSError, path: Path, *others: Path) -> str:
    """One line naming `path`, its folder and the cause; never a temporary file's name.

    `others` are outputs the error may equally be about (it names no file): they are named too.
    """
    folder = Path(os.path.abspath(path.parent))  # `.` would not say which folder
    if exc.filename and not _same_folder(Path(os.fsdecode(exc.filename)).parent, folder):
        folder = Path(os.fsdecode(exc.filename)).parent  # e.g. the system temp folder is full
    code = exc.errno
    if code in _READ_ONLY:
        cause = f"the folder {folder} is on a read-only file system"
    elif code in _NO_PERMISSION:
        cause = f"no permission to write in the folder {folder}"
    elif code in _FULL:
        cause = f"the disk holding {folder} is full"
    elif code == errno.EISDIR:
        cause = "it is a folder; give a file name"
    elif code == errno.ENAMETOOLONG:
        cause = "the file name is too long for the file system"
    elif code == errno.ENOTDIR:
        cause = f"{folder} is a file, not a folder"
    elif code == errno.ENOENT:
        cause = f"the folder {folder} does not exist"
    else:
        cause = exc.strerror or type(exc).__name__
    names = " or ".join(str(name) for name in (path, *others))
    return f"cannot write {names}: {cause}"


def _missing_folder(folder: Path) -> str:
    if folder.exists():
        return f"{folder} is a file, not a folder"
    return f"the folder {folder} does not exist"


def _same_folder(left: Path, right: Path) -> bool:
    return os.path.abspath(left) == os.path.abspath(right)


def _os_error_in(exc: BaseException) -> OSError | None:
    """The file-system error behind `exc`: itself, or one a library wrapped (xlsxwriter's
    FileCreateError); not a broken pipe or connection, which is about a process, not a file."""
    found = exc if isinstance(exc, OSError) else None
    if found is None:
        wrapped = [arg for arg in exc.args if isinstance(arg, OSError)]
        cause = exc.__cause__
        found = wrapped[0] if wrapped else cause if isinstance(cause, OSError) else None
    return None if isinstance(found, ConnectionError) else found


# ---------------------------------------------------------------------------------------------
# Atomic outputs
# ---------------------------------------------------------------------------------------------

# Temporary paths handed out and not yet committed or discarded. A writer asked to write atomically
# into one of them writes it directly: the outer block already owns the rename, and a temporary
# file of a temporary file would be one more thing a killed run leaves behind.
_ACTIVE: set[str] = set()


class StagedOutputs:
    """Temporary files for `paths`, renamed into place together by `commit`."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = tuple(paths)
        self.temps: tuple[Path, ...] = ()
        self.committed = False
        temps: list[Path] = []
        try:
            for path in self.paths:
                prefix = f".{_key(path)}.{os.getpid()}."
                fd, name = tempfile.mkstemp(
                    dir=path.parent, prefix=prefix, suffix=f".tmp{path.suffix}"
                )
                os.close(fd)
                temps.append(Path(name))
        except BaseException:
            for temp in temps:
                temp.unlink(missing_ok=True)
            raise
        self.temps = tuple(temps)
        _ACTIVE.update(str(temp) for temp in self.temps)

    def describe(self, exc: OSError) -> str:
        """The error in words, naming the output it was about (all of them if it names none)."""
        names = {os.fsdecode(name) for name in (exc.filename, exc.filename2) if name}
        for temp, path in zip(self.temps, self.paths, strict=True):
            if names & {str(temp), str(path)}:
                return describe_write_error(exc, path)
        return describe_write_error(exc, *self.paths)

    def commit(self) -> None:
        """Rename every temporary file onto its output, all or none (see the module docstring)."""
        if self.committed:
            return
        pairs = list(zip(self.temps, self.paths, strict=True))
        for temp, path in pairs:
            try:
                os.chmod(temp, _mode_for(path))
                _fsync_file(temp)  # a full disk can show only here (delayed allocation, NFS)
            except OSError as exc:
                exc.filename = exc.filename or str(temp)  # fsync names no file
                raise
        with signals_held():
            backups: list[Path | None] = []
            done: list[tuple[Path, Path | None]] = []
            kept: set[Path] = set()  # a backup that could not be put back is not deleted
            try:
                for path in self.paths:
                    # One file needs no backup: its single rename is atomic.
                    backups.append(_backup(path) if len(pairs) > 1 else None)
                for (temp, path), backup in zip(pairs, backups, strict=True):
                    _replace(temp, path)
                    done.append((path, backup))
            except BaseException:
                for path, backup in reversed(done):
                    try:
                        if backup is not None:
                            os.replace(backup, path)
                        else:
                            path.unlink(missing_ok=True)
                    except OSError:
                        if backup is not None:
                            kept.add(backup)
                raise
            finally:
                for backup in backups:
                    if backup is not None and backup not in kept:
                        backup.unlink(missing_ok=True)
            self.committed = True
            self._forget()
        for folder in {path.parent for path in self.paths}:
            _fsync_directory(folder)

    def discard(self) -> None:
        for temp in self.temps:
            temp.unlink(missing_ok=True)
        self._forget()

    def _forget(self) -> None:
        _ACTIVE.difference_update(str(temp) for temp in self.temps)


def _replace(temp: Path, path: Path) -> None:
    os.replace(temp, path)  # a single point the tests can make fail


def _backup(path: Path) -> Path | None:
    """A hidden second name for the existing `path`, to put it back if the commit fails."""
    if not os.path.lexists(path):
        return None
    backup = path.with_name(f".{_key(path)}.{os.getpid()}.{os.urandom(4).hex()}.old{path.suffix}")
    try:
        os.link(path, backup, follow_symlinks=False)
    except (OSError, NotImplementedError):  # no hard links here (some network or FAT drives)
        shutil.copy2(path, backup, follow_symlinks=False)
    return backup


@contextmanager
def atomic_outputs(*paths: Path) -> Iterator[StagedOutputs]:
    """Yield temporary files for `paths`; they replace `paths` together when the block succeeds.

    Call `commit()` inside the block to choose the moment; otherwise the block's end commits. An
    OSError (full disk, read-only folder ...) becomes a UserError naming the output and its folder.
    """
    paths = tuple(Path(path) for path in paths)
    for path in paths:
        if not path.parent.is_dir():
            raise UserError(f"cannot write {path}: {_missing_folder(path.parent)}")
        remove_orphaned_temporaries(path)
    try:
        staged = StagedOutputs(paths)
    except OSError as exc:
        raise UserError(describe_write_error(exc, paths[0])) from None
    try:
        with sigterm_raises():
            yield staged
            staged.commit()
    except BaseException as exc:
        staged.discard()
        cause = _os_error_in(exc) if isinstance(exc, Exception) else None
        if cause is not None and not isinstance(exc, UserError):
            raise UserError(staged.describe(cause)) from None
        raise


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a hidden temporary path beside `path`; rename it onto `path` if the block succeeds.

    The temporary name keeps the suffix, so libraries that check it accept the file. On any
    exception (KeyboardInterrupt, SIGTERM and SIGHUP included) the temporary file is removed and an
    existing `path` is left as it was. Asked for a temporary file that an enclosing block already
    handed out, it writes that file directly.
    """
    path = Path(path)
    if str(path) in _ACTIVE:
        yield path
        return
    with atomic_outputs(path) as staged:
        yield staged.temps[0]


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(path: Path) -> None:
    """Make the rename durable where the platform allows it; the rename is atomic either way."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    """Keep an existing output's permissions; a new file gets the usual umask-based mode."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
