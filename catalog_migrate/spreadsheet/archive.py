"""Check a workbook file before any parser opens it.

python-calamine and openpyxl both inflate a sheet fully into memory and neither refuses a DTD, so
a hostile or broken file is recognised here from its bytes and the zip central directory, then by
inflating every part in small chunks that are counted and dropped: a part that expands past the
size its header declares (a zip whose headers lie) or past the ratio limit is refused as soon as it
does, so checking never holds more than a chunk in memory. Every refusal is an InputError with one
line that names the file and says what to do.
"""

from __future__ import annotations

import copy
import re
import stat
import zipfile
import zlib
from collections.abc import Generator
from enum import StrEnum
from pathlib import Path
from typing import IO

from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.sheet_survey import PartReader, SurveyError, WorkbookSurvey
from catalog_migrate.spreadsheet.xls_survey import survey_xls

MIB = 1024 * 1024

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
PDF_MAGIC = b"%PDF"

# A part smaller than this is harmless however well it compresses (styles, shared strings of a
# few repeated words); the ratio limit is for the parts that could fill memory.
RATIO_FLOOR_BYTES = 1 * MIB
# An XML prolog (declaration, comments, processing instructions) longer than this is not one an
# office program writes; a DTD hidden behind it would be missed, so such a part is refused.
PROLOG_LIMIT_BYTES = 64 * 1024
READ_CHUNK_BYTES = 4096
INFLATE_CHUNK_BYTES = 64 * 1024
# A surveyed part is read in larger chunks: the survey's work per chunk is then small beside its
# work per cell.
SURVEY_CHUNK_BYTES = 1024 * 1024
# Office programs write only these; python-calamine reads no other method either.
READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
XML_PART_SUFFIXES = (".xml", ".rels", ".vml")

# Directory entry names inside an OLE2 compound file, as UTF-16LE with their NUL terminator.
_ENCRYPTED_STREAMS = tuple(
    (name + "\0").encode("utf-16-le") for name in ("EncryptedPackage", "EncryptionInfo")
)
_LEGACY_WORKBOOK_STREAMS = tuple((name + "\0").encode("utf-16-le") for name in ("Workbook", "Book"))
_OLE2_SCAN_CHUNK = 1 * MIB
_OLE2_OVERLAP = 64


class WorkbookKind(StrEnum):
    XLSX = "xlsx"  # Office Open XML: .xlsx, .xlsm (and .xlsb, whose parts are binary)
    XLS = "xls"  # legacy BIFF workbook in an OLE2 compound file
    ODS = "ods"  # OpenDocument spreadsheet


def check_input_file(path: Path) -> None:
    """Refuse, in one line, an input path that is missing or is no regular file.

    A FIFO would block the first read forever and a device reads as endless or empty bytes, so
    neither is opened.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"input file {path} does not exist", code="input.not_found") from None
    except OSError as exc:
        raise InputError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = "a folder, not a file: give the export file inside it"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO), not a file: save the export to a file and give that"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device, not a file: give the export file"
    else:
        what = "not a regular file: give the export file"
    raise InputError(f"input {path} is {what}")


def read_head_bytes(path: Path, count: int) -> tuple[int, bytes]:
    """The file's size and first `count` bytes; InputError when it is unreadable or empty."""
    check_input_file(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(count)
    except OSError as exc:
        raise InputError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    if size == 0:
        raise InputError(
            f"{path.name} is empty (0 bytes): export the products again from TikTok Shop "
            "Seller Center"
        )
    return size, head


def check_workbook(
    path: Path, limits: ReadLimits, *, survey: WorkbookSurvey | None = None
) -> WorkbookKind:
    """Say what kind of workbook `path` is, or raise InputError if it must not be parsed.

    With `survey`, the sheets' XML is also surveyed as it is inflated (see sheet_survey.py).
    """
    name = path.name
    size, head = read_head_bytes(path, 4096)
    if head.startswith(ZIP_MAGIC):
        return _check_zip(path, limits, survey)
    if head.startswith(OLE2_MAGIC):
        kind = _check_ole2(path, size, limits)
        if survey is not None:
            try:
                survey.set_legacy(survey_xls(path))
            except SurveyError as exc:
                raise InputError(f"{name} {exc}") from None
        return kind
    raise InputError(_not_a_workbook(name, head))


def _not_a_workbook(name: str, head: bytes) -> str:
    """The message for a file whose first bytes are no workbook at all."""
    if head.startswith(PDF_MAGIC):
        return (
            f"{name} is a PDF document, not a spreadsheet: download the product export from "
            "TikTok Shop Seller Center as .xlsx"
        )
    if looks_like_html(head):
        return html_refusal(name)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return f"{name} is an Excel 2003 XML spreadsheet: open it in Excel and save it as .xlsx"
    if _looks_like_text(head):
        return f"{name} is a text file, not a workbook: if it is a CSV export, rename it to .csv"
    return (
        f"{name} is not a spreadsheet (unrecognised content): export the products again "
        "as .xlsx or .csv"
    )


_HTML_PROLOG = re.compile(rb"\s*(?:<!--.*?-->|<\?.*?\?>|<!doctype\b[^>]*>)", re.DOTALL)
_HTML_STARTS = (b"<html", b"<table", b"<meta", b"<head", b"<body", b"<title", b"<style")


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML document rather than a workbook.

    Comments, an XML declaration and a doctype before the first element are passed over, in
    UTF-8 or UTF-16 (an ERP or a browser may write any of them).
    """
    text = _as_text(head).encode("latin-1", "replace").lower()
    text = text.removeprefix(b"\xef\xbb\xbf").removeprefix(b"\xfe\xff").removeprefix(b"\xff\xfe")
    position = 0
    while match := _HTML_PROLOG.match(text, position):
        if match.end() == position:
            break
        if match.group().lstrip().startswith(b"<!doctype"):
            return b"html" in match.group()
        position = match.end()
    return text[position:].lstrip().startswith(_HTML_STARTS)


def html_refusal(name: str) -> str:
    """The message for an HTML page that is not a table the sources can read."""
    return (
        f"{name} is an HTML page saved with a spreadsheet name (as ERPs such as Dianxiaomi "
        "export): open it in Excel and save it as .xlsx"
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


# --- zip (xlsx, xlsm, ods) -----------------------------------------------------------------------


def _check_zip(path: Path, limits: ReadLimits, survey: WorkbookSurvey | None) -> WorkbookKind:
    name = path.name
    damaged = (
        f"{name} is damaged: it is not a complete zip archive (an interrupted download?); "
        "download the export again"
    )
    try:
        with zipfile.ZipFile(path) as archive:
            kind, members, spans = check_members(name, archive, limits)
            for member in members:
                reader = survey.reader(member.filename) if survey is not None else None
                _check_part(name, archive, member, spans[member.header_offset], limits, reader)
            if survey is not None:
                survey.finish(archive)
    except SurveyError as exc:
        raise InputError(f"{name} {exc}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise InputError(damaged) from None
    except NotImplementedError:
        raise InputError(
            f"{name} uses a zip compression method that cannot be read: open it in Excel "
            "and save it as .xlsx"
        ) from None
    return kind


def check_members(
    name: str, archive: zipfile.ZipFile, limits: ReadLimits
) -> tuple[WorkbookKind, list[zipfile.ZipInfo], dict[int, int]]:
    """What the central directory alone tells: the kind of workbook, sizes within the limits, no
    password and no compression method calamine cannot read. Returns the kind, the members and
    the bytes each occupies (see _stored_spans). Raises NotImplementedError for such a method."""
    members = archive.infolist()
    kind = _zip_kind(name, archive, members)
    _check_sizes(name, members, limits)
    spans = _stored_spans(archive, members)
    for member in members:
        if member.flag_bits & 0x1:
            raise InputError(_password_message(name))
        if member.compress_type not in READABLE_METHODS:
            raise NotImplementedError(member.compress_type)
    return kind, members, spans


def _zip_kind(name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> WorkbookKind:
    names = {member.filename for member in members}
    if "[Content_Types].xml" in names and any(entry.startswith("xl/") for entry in names):
        if any(entry.startswith("xl/worksheets/") and entry.endswith(".bin") for entry in names):
            # Its binary sheets cannot be checked before calamine builds their grid.
            raise InputError(
                f"{name} is a binary Excel workbook (.xlsb): open it in Excel and save it as .xlsx"
            )
        return WorkbookKind.XLSX
    if "mimetype" in names:
        with archive.open("mimetype") as stream:
            mimetype = stream.read(100)
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return WorkbookKind.ODS
    raise InputError(
        f"{name} is a zip archive but not an Excel workbook: unzip it, or export the products "
        "as .xlsx"
    )


def _check_sizes(name: str, members: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    """Refuse on the sizes the archive declares, before a single byte is inflated."""
    declared = sum(member.file_size for member in members)
    if declared > limits.max_uncompressed_mb * MIB:
        raise InputError(
            f"{name} would expand to {_megabytes(declared)} MB, more than the "
            f"{limits.max_uncompressed_mb:,} MB limit: split the export into smaller files, or "
            "raise limits.max_uncompressed_mb in the profile",
            code="input.too_large",
        )
    for member in members:
        if member.file_size < RATIO_FLOOR_BYTES:
            continue
        ratio = member.file_size // max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise InputError(
                f"{name} is refused as a possible zip bomb: {member.filename} expands {ratio}:1 "
                f"(limit {limits.max_compression_ratio}:1); if the file is genuine, raise "
                "limits.max_compression_ratio in the profile",
                code="input.hostile",
            )


def _megabytes(size: int) -> str:
    return f"{size / MIB:,.0f}"


def _stored_spans(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[int, int]:
    """The bytes each part occupies in the file (by header offset), whatever its header says.

    A part's data ends where the next part or the central directory begins, so the ratio of what a
    part inflates to over this span holds even when its declared compressed size is made up.
    """
    offsets = sorted({member.header_offset for member in members})
    ends = [*offsets[1:], archive.start_dir]
    return {offset: max(end - offset, 1) for offset, end in zip(offsets, ends, strict=True)}


class _BoundedPart:
    """The inflated bytes of one part, refused as soon as they exceed what the part may hold."""

    def __init__(
        self,
        name: str,
        stream: IO[bytes],
        member: zipfile.ZipInfo,
        span: int,
        limits: ReadLimits,
    ) -> None:
        self._name = name
        self._stream = stream
        self._member = member
        self._ratio_limit = limits.max_compression_ratio
        # The largest size whose ratio, rounded down as _check_sizes rounds it, is within the limit.
        self._ratio_cap = max(RATIO_FLOOR_BYTES, (self._ratio_limit + 1) * span - 1)
        self.inflated = 0

    def read(self, size: int) -> bytes:
        chunk = self._stream.read(size)
        self.inflated += len(chunk)
        part = self._member.filename
        if self.inflated > self._member.file_size:
            raise InputError(
                f"{self._name} is refused as a possible zip bomb: {part} expands to more than the "
                f"{self._member.file_size:,} bytes its zip header declares; open the file in "
                "Excel and save it again",
                code="input.hostile",
            )
        if self.inflated > self._ratio_cap:
            raise InputError(
                f"{self._name} is refused as a possible zip bomb: {part} expands more than "
                f"{self._ratio_limit}:1, the limit, though its zip header says less; if the file "
                "is genuine, raise limits.max_compression_ratio in the profile",
                code="input.hostile",
            )
        return chunk


def _check_part(
    name: str,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    span: int,
    limits: ReadLimits,
    reader: PartReader | None,
) -> None:
    """Inflate `member` chunk by chunk, keeping none of it (feeding `reader` when given)."""
    size = INFLATE_CHUNK_BYTES if reader is None else SURVEY_CHUNK_BYTES
    chunks = checked_chunks(name, archive, member, span, limits, size)
    if reader is None:
        for _ in chunks:
            pass
        return
    for chunk in chunks:
        reader.feed(chunk)
    reader.close()


def checked_chunks(
    name: str,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    span: int,
    limits: ReadLimits,
    size: int = SURVEY_CHUNK_BYTES,
) -> Generator[bytes]:
    """The inflated bytes of `member` in chunks of about `size`, each checked before it is given:
    an XML part's prolog declares no DTD (the first chunk is that prolog, maybe empty), and the
    part never expands past its declared size or the ratio limit (InputError when it does).

    zipfile stops inflating at the declared size and then fails the CRC check, which would call a
    lying header "damaged"; given room for one more chunk, it lets the excess be read and counted.
    The CRC check at the end of an honest part is zipfile's own.
    """
    probe = copy.copy(member)
    probe.file_size = member.file_size + max(INFLATE_CHUNK_BYTES, SURVEY_CHUNK_BYTES) + 1
    with archive.open(probe) as stream:
        part = _BoundedPart(name, stream, member, span, limits)
        if member.filename.lower().endswith(XML_PART_SUFFIXES):
            yield _check_xml_prolog(name, part, member.filename)
        while chunk := part.read(size):
            yield chunk


def _check_xml_prolog(name: str, part: _BoundedPart, filename: str) -> bytes:
    """Refuse a part whose prolog declares a DTD (the only place an entity can be declared).

    Returns the bytes read from the part.
    """
    head = b""
    while True:
        verdict = _prolog_verdict(_as_text(head))
        if verdict == "dtd":
            raise InputError(
                f"{name} is refused: {filename} declares a DTD or XML entities "
                "(a possible entity bomb); open the file in Excel and save it again",
                code="input.hostile",
            )
        if verdict == "clean":
            return head
        if len(head) >= PROLOG_LIMIT_BYTES:
            raise InputError(
                f"{name} is refused: {filename} has no XML element in its first "
                f"{PROLOG_LIMIT_BYTES // 1024} KB; open the file in Excel and save it again",
                code="input.hostile",
            )
        chunk = part.read(READ_CHUNK_BYTES)
        if not chunk:
            return head  # an empty or element-less part: the parser reports it
        head += chunk


def _as_text(head: bytes) -> str:
    """Decode enough to see ASCII markup, whether the part is UTF-8 or UTF-16."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head[:1] == b"\x00":
        return head.decode("utf-16-be", errors="ignore")
    if head[1:2] == b"\x00":
        return head.decode("utf-16-le", errors="ignore")
    return head.decode("latin-1")


def _prolog_verdict(text: str) -> str:
    """`dtd`, `clean` (the root element starts before any DTD) or `open` (read more)."""
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0:
            return "open"
        if text.startswith("<?", start):
            end = text.find("?>", start)
            if end < 0:
                return "open"
            position = end + 2
        elif text.startswith("<!--", start):
            end = text.find("-->", start)
            if end < 0:
                return "open"
            position = end + 3
        elif text.startswith("<!", start):
            return "dtd"  # <!DOCTYPE ...> or a stray <!ENTITY ...>
        elif start + 1 < len(text):
            return "clean"
        else:
            return "open"


# --- OLE2 (encrypted xlsx, legacy xls) -----------------------------------------------------------


def _check_ole2(path: Path, size: int, limits: ReadLimits) -> WorkbookKind:
    name = path.name
    if size > limits.max_uncompressed_mb * MIB:
        raise InputError(
            f"{name} is {_megabytes(size)} MB, more than the {limits.max_uncompressed_mb:,} MB "
            "limit: split the export into smaller files, or raise limits.max_uncompressed_mb "
            "in the profile",
            code="input.too_large",
        )
    found = _ole2_streams(path)
    # Excel saves a password-protected xlsx as an OLE2 file holding EncryptedPackage.
    if found & set(_ENCRYPTED_STREAMS):
        raise InputError(_password_message(name))
    if found & set(_LEGACY_WORKBOOK_STREAMS):
        return WorkbookKind.XLS
    raise InputError(
        f"{name} is an encrypted workbook or a legacy Office file that cannot be read: open it "
        "in Excel and save it as .xlsx without a password"
    )


def _ole2_streams(path: Path) -> set[bytes]:
    """Which of the known stream names occur in the file's directory entries.

    Scanning for the UTF-16 names is simpler and no less reliable than walking the sector chains:
    the names only matter to tell an encrypted package from a legacy workbook.
    """
    wanted = (*_ENCRYPTED_STREAMS, *_LEGACY_WORKBOOK_STREAMS)
    found: set[bytes] = set()
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_OLE2_SCAN_CHUNK):
            window = tail + chunk
            found.update(entry for entry in wanted if entry in window)
            tail = window[-_OLE2_OVERLAP:]
    return found


def _password_message(name: str) -> str:
    return (
        f"{name} is password-protected: open it in Excel, remove the password "
        "(File > Info > Protect Workbook) and save it as .xlsx"
    )
