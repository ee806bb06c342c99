"""What the sheets of a workbook hold, learnt from their XML while the archive check inflates it.

python-calamine builds a dense grid of every row up to the last cell that holds a value, by every
column up to the rightmost one, and copies a shared string into every cell that refers to it: a
few-KB file with one value at XFD1048576, or an .ods row repeated a million times, asks for
gigabytes. The survey reads the cell references themselves (a sheet's `<dimension>` can lie), the
repeat counts of an .ods, the shared-string indexes and the error cells, so the reader can refuse
such a sheet before calamine allocates anything.

The XML is scanned in pieces cut after a complete cell or row, so nothing but one piece is held.
A piece written the way office programs write sheets (`<c r="A1" ...>` first attribute in double
quotes, no namespace prefix) is read with a few regular expressions; any other piece is walked
tag by tag, exactly as calamine walks it (a cell without `r` takes the next column, a row without
`r` the next row), which is slower but only needed for unusual files.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Protocol

import lxml.etree

# A piece is cut after a complete cell or row; one longer than this without such an end is not
# what an office program writes (Excel's longest cell is 32,767 characters).
MAX_PIECE_BYTES = 16 * 1024 * 1024


class SurveyError(Exception):
    """A sheet that must not be parsed; the message follows the file's name."""


class PartReader(Protocol):
    """Reads the inflated bytes of one part, in order."""

    def feed(self, chunk: bytes) -> None: ...

    def close(self) -> None: ...


def column_number(letters: bytes) -> int:
    """b"A" -> 1, b"XFD" -> 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    """1 -> A, 16384 -> XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetFacts:
    """The extent of the cells that hold a value (1-based, 0 when empty) and the notable cells."""

    rows: int = 0
    columns: int = 0
    # Where the extent was set, to name in a refusal: the cell with the largest row / column.
    lowest_cell: str = ""
    rightmost_cell: str = ""
    # Shared-string index -> how many cells refer to it (the text as written, e.g. b"12", b"-1").
    shared: Counter[bytes] = field(default_factory=Counter)
    # One cell per shared-string value that is not a plain index, and the cell with the largest.
    odd_shared: dict[bytes, str] = field(default_factory=dict)
    largest_shared: tuple[int, str] = (-1, "")
    # (row, column) 0-based -> the error text of an error cell (`#DIV/0!`).
    errors: dict[tuple[int, int], str] = field(default_factory=dict)

    def add_cell(self, row: int, column: int) -> None:
        """A cell at 1-based (row, column) that holds a value."""
        if row > self.rows:
            self.rows = row
            self.lowest_cell = f"{column_letters(column)}{row}"
        if column > self.columns:
            self.columns = column
            self.rightmost_cell = f"{column_letters(column)}{row}"


# --- xlsx worksheets --------------------------------------------------------------------------

_NAME = rb"(?:[A-Za-z_][\w.-]*:)?"
# The fast path, Excel's own form: column letters, row digits, the rest of the tag ("/" at its end
# for a self-closing, valueless cell), and the value when it follows the tag.
_FAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)>(?:<v>([^<]*)</v>)?')
_PLAIN_SHARED_TAIL = re.compile(rb'(?: s="[0-9]+")? t="s"')
_TAG = re.compile(rb"<(/?)" + _NAME + rb"(row|c)(?=[\s/>])([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(rb"(?<=\s)([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_VALUE = re.compile(
    rb"\s*(?:<" + _NAME + rb"f\b[^>]*/>|<" + _NAME + rb"f\b[^>]*>[^<]*</" + _NAME + rb"f>)?\s*<"
    rb"" + _NAME + rb"v>([^<]*)</"
)
_CELL_END = re.compile(rb"</" + _NAME + rb"c>|<" + _NAME + rb"c\b[^>]*/>|</" + _NAME + rb"row>")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
_EMPTY_CLOSE = re.compile(rb"\s*</" + _NAME + rb"c>")


class WorksheetSurvey:
    """Fed the inflated bytes of one worksheet part in order; `facts` once `close()` is called.

    Each chunk is scanned where it lies, from the end of the first complete cell in it to the end
    of the last; only the few bytes around a chunk's edge are copied.
    """

    def __init__(self) -> None:
        self.facts = SheetFacts()
        self._pending = b""  # the end of the previous chunk, after its last complete cell
        self._row = 0  # calamine's 0-based row and column counters, for cells without `r`
        self._column = 0
        self._unwalked = b""  # the end of the last piece read the fast way, for those counters

    def feed(self, chunk: bytes) -> None:
        start = 0
        if self._pending:
            first = self._first_end(chunk)
            if first <= 0:
                self._pending += chunk
                if len(self._pending) > MAX_PIECE_BYTES:
                    raise _piece_too_long()
                return
            head = self._pending + chunk[:first]
            self._pending = b""
            self._scan(head, 0, len(head), _has_prefix(head))
            start = first
        prefix = _has_prefix(chunk)
        end = self._last_end(chunk, start, prefix)
        if end <= start:
            self._pending = chunk[start:]
            return
        self._scan(chunk, start, end, prefix)
        self._pending = chunk[end:]

    def close(self) -> None:
        if self._pending:
            self._scan(self._pending, 0, len(self._pending), prefix=True)
            self._pending = b""

    @staticmethod
    def _first_end(data: bytes) -> int:
        """Just after the first complete cell or row end in `data`, or 0."""
        match = _CELL_END.search(data)
        return match.end() if match else 0

    @staticmethod
    def _last_end(data: bytes, start: int, prefix: bool) -> int:
        """Just after the last complete cell or row end in `data[start:]`, or `start`."""
        if not prefix:
            end = data.rfind(b"</c>", start)
            if end >= 0:
                return end + 4
        last = start
        for match in _CELL_END.finditer(data, start):
            last = match.end()
        return last

    def _scan(self, data: bytes, start: int, end: int, prefix: bool) -> None:
        """Survey `data[start:end]`, which ends after a complete cell or row.

        `prefix`: whether `data` may hold a cell tag with a namespace prefix (`<x:c`).
        """
        cells = _FAST_CELL.findall(data, start, end)
        # Every tag starting `<c` is a cell in Excel's form and none is prefixed (`<col`, `<cfRule`
        # and the like send their piece, near the start or end of the sheet, to the walk).
        if prefix or len(cells) != data.count(b"<c", start, end):
            self._walk(data, start, end)
            return
        tails = set(map(itemgetter(2), cells))
        shared_tails = set()
        for tail in tails:
            kind = _attributes(tail).get(b"t")
            if kind == b"e" or (kind == b"s" and not _PLAIN_SHARED_TAIL.fullmatch(tail)):
                self._walk(data, start, end)
                return
            if kind == b"s":
                shared_tails.add(tail)
        shared: list[tuple[bytes, bytes, bytes, bytes]] = []
        if shared_tails:
            shared = [cell for cell in cells if cell[2] in shared_tails]
            if b"" in set(map(itemgetter(3), shared)):
                self._walk(data, start, end)  # a shared cell whose value is not right after it
                return
        empty = any(tail.endswith(b"/") for tail in tails)
        valued = [cell for cell in cells if not cell[2].endswith(b"/")] if empty else cells
        if valued:
            self._add_fast(valued)
        if shared:
            self._add_shared_cells(shared)
        self._track_counters(data, start, end)

    def _add_fast(self, cells: list[tuple[bytes, bytes, bytes, bytes]]) -> None:
        facts = self.facts
        lowest = max(set(map(itemgetter(1), cells)), key=int)
        row = int(lowest)
        if row > facts.rows:
            letters = next(cell[0] for cell in reversed(cells) if cell[1] == lowest)
            facts.add_cell(row, column_number(letters))
        widest = max(set(map(itemgetter(0), cells)), key=lambda letters: (len(letters), letters))
        column = column_number(widest)
        if column > facts.columns:
            digits = next(cell[1] for cell in cells if cell[0] == widest)
            facts.add_cell(int(digits), column)

    def _add_shared_cells(self, cells: list[tuple[bytes, bytes, bytes, bytes]]) -> None:
        """Shared-string cells read the fast way: (letters, digits, rest of tag, index)."""
        values = list(map(itemgetter(3), cells))
        self._add_shared(
            values, lambda value: next(_ref(c) for c in reversed(cells) if c[3] == value)
        )

    def _add_shared(self, values: list[bytes], where: Callable[[bytes], str]) -> None:
        """Count the indexes `values`; `where(value)` names a cell holding `value`."""
        facts = self.facts
        facts.shared.update(values)
        distinct = set(values)
        plain = [value for value in distinct if value.isdigit()]
        if len(plain) != len(distinct):
            for value in distinct - set(plain):
                if value and value not in facts.odd_shared:
                    facts.odd_shared[value] = where(value)
        if plain:
            text = max(plain, key=int)
            if int(text) > facts.largest_shared[0]:
                facts.largest_shared = (int(text), where(text))

    def _track_counters(self, data: bytes, start: int, end: int) -> None:
        """Keep calamine's row and column counters right after a piece read the fast way."""
        row_start = data.rfind(b"<row", start, end)
        tag = data[row_start + 4 : data.find(b">", row_start)] if row_start >= 0 else b""
        if row_start < 0 or _row_attribute(tag) is None:
            row_start = start  # the last row is numbered by those before it (an unusual sheet)
            self._walk_counters()
        self._unwalked = data[row_start:end]

    def _walk_counters(self) -> None:
        if self._unwalked:
            unwalked, self._unwalked = self._unwalked, b""
            self._walk(unwalked, 0, len(unwalked), record=False)

    def _walk(self, piece: bytes, start: int, end: int, *, record: bool = True) -> None:
        """The exact walk: every row and cell tag, as calamine reads them.

        A self-closing row or cell moves calamine's counters as an opened and closed one does;
        a cell without a value takes a column but does not widen the grid. Without `record`, only
        the counters move.
        """
        if record:
            self._walk_counters()
        facts = self.facts
        for tag in _TAG.finditer(piece, start, end):
            closing, name, attributes, empty = tag.groups()
            if name == b"row":
                if not closing:
                    row = _row_attribute(attributes)
                    if row is not None:
                        self._row = row
                if closing or empty:
                    self._row += 1
                    self._column = 0
                continue
            if closing:
                continue
            found = _attributes(attributes)
            ref = found.get(b"r")
            if ref is not None:
                match = _REF.fullmatch(ref)
                if match is None:
                    continue  # calamine refuses the sheet itself
                row, column = int(match.group(2)) - 1, column_number(match.group(1)) - 1
                self._column = column
            else:
                row, column = self._row, self._column
            self._column += 1
            if empty or not record or _EMPTY_CLOSE.match(piece, tag.end()):
                continue
            where = f"{column_letters(column + 1)}{row + 1}"
            facts.add_cell(row + 1, column + 1)
            kind = found.get(b"t")
            if kind in (b"s", b"e"):
                value = _VALUE.match(piece, tag.end())
                if value is None:
                    continue
                text = value.group(1)
                if kind == b"e":
                    facts.errors[(row, column)] = text.decode("utf-8", "replace")
                elif text:
                    self._add_shared([text], functools.partial(_named, where))


def _has_prefix(data: bytes) -> bool:
    """Whether `data` may hold a cell tag with a namespace prefix (calamine reads `<x:c>`)."""
    return b":c" in data and _PREFIXED_CELL.search(data) is not None


def _named(cell: str, value: bytes) -> str:
    """The cell `cell` whatever the value (for a single cell read by the walk)."""
    return cell


def _ref(cell: tuple[bytes, bytes, bytes, bytes]) -> str:
    return (cell[0] + cell[1]).decode()


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {
        match.group(1): match.group(2) if match.group(2) is not None else match.group(3)
        for match in _ATTRIBUTE.finditer(b" " + text)
    }


def _row_attribute(tag: bytes) -> int | None:
    """The 0-based row of a `<row r="N">` tag's text, or None without a usable `r`."""
    value = _attributes(tag).get(b"r")
    if value is None or not value.isdigit():
        return None
    return int(value) - 1


def _piece_too_long() -> SurveyError:
    return SurveyError(
        f"has a cell or row longer than {MAX_PIECE_BYTES // (1024 * 1024)} MB of XML; open the "
        "file in Excel and save it again"
    )


# --- xlsx shared strings ----------------------------------------------------------------------


_SHARED_ENTRY = re.compile(rb"<" + _NAME + rb"si(?=[\s>/])")  # `<si/>` is an empty string


class SharedStringsSurvey:
    """Counts the entries of `sharedStrings.xml` and how many bytes each takes."""

    def __init__(self) -> None:
        self.sizes = array("Q")
        self._pending = b""
        self._offset = 0  # bytes before the current piece
        self._last_start: int | None = None  # absolute offset of the last <si> seen

    def feed(self, chunk: bytes) -> None:
        data = self._pending + chunk
        cut = data.rfind(b"<")  # a tag cut by the chunk's end is read with the next one
        if cut < 0 or len(data) - cut > MAX_PIECE_BYTES:
            cut = len(data)
        self._scan(data[:cut])
        self._pending = data[cut:]

    def _scan(self, piece: bytes) -> None:
        for match in _SHARED_ENTRY.finditer(piece):
            start = self._offset + match.start()
            if self._last_start is not None:
                self.sizes.append(start - self._last_start)
            self._last_start = start
        self._offset += len(piece)

    def close(self) -> None:
        if self._pending:
            self._scan(self._pending)
            self._pending = b""
        if self._last_start is not None:
            self.sizes.append(self._offset - self._last_start)
            self._last_start = None


# --- OpenDocument content.xml -----------------------------------------------------------------

# An opening tag (name, attributes, "/" when self-closing) or the end of a row or table.
_ODS_TAG = re.compile(
    rb"<table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
    rb"|</table:(table-row|table)>"
)
_ODS_CELLS = frozenset({b"table-cell", b"covered-table-cell"})
_ODS_NAME = re.compile(rb"table:name\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


class OdsSurvey:
    """The extent of every table of an .ods `content.xml`, repeats expanded (calamine's grid)."""

    def __init__(self) -> None:
        self.tables: dict[str, SheetFacts] = {}
        self._pending = b""
        self._facts: SheetFacts | None = None
        self._row = 0  # rows before the current one
        self._row_repeat = 1
        self._column = 0
        self._row_valued = 0  # columns of the current row up to its last value

    def feed(self, chunk: bytes) -> None:
        data = self._pending + chunk
        cut = data.rfind(b">") + 1
        if cut <= 0:
            if len(data) > MAX_PIECE_BYTES:
                raise _piece_too_long()
            self._pending = data
            return
        self._pending = data[cut:]
        if len(self._pending) > MAX_PIECE_BYTES:
            raise _piece_too_long()
        self._scan(data[:cut])

    def close(self) -> None:
        if self._pending:
            self._scan(self._pending)
            self._pending = b""

    def _scan(self, piece: bytes) -> None:
        # The loop runs once per cell of the file: the counters live in locals while it runs.
        column, row_valued = self._column, self._row_valued
        for name, attributes, empty, closed in _ODS_TAG.findall(piece):
            if name in _ODS_CELLS:
                column += (
                    _repeat(attributes, b"number-columns-repeated") if b"ted" in attributes else 1
                )
                if not empty or b"value-type" in attributes:
                    row_valued = column
                continue
            self._column, self._row_valued = column, row_valued
            if name == b"table-row":
                self._row_repeat = _repeat(attributes, b"number-rows-repeated")
                if empty:
                    self._end_row()
                else:
                    self._column = self._row_valued = 0
            elif closed == b"table-row":
                self._end_row()
            elif name == b"table":
                found = _ODS_NAME.search(attributes)
                title = (found.group(1) or found.group(2) or b"") if found else b""
                self._facts = self.tables.setdefault(title.decode("utf-8", "replace"), SheetFacts())
                self._row = 0
            column, row_valued = self._column, self._row_valued
        self._column, self._row_valued = column, row_valued

    def _end_row(self) -> None:
        if self._facts is not None and self._row_valued:
            self._facts.add_cell(self._row + self._row_repeat, self._row_valued)
        self._row += self._row_repeat
        self._row_repeat = 1
        self._column = 0
        self._row_valued = 0


def _repeat(attributes: bytes, name: bytes) -> int:
    start = attributes.find(name)
    if start < 0:
        return 1
    match = re.match(rb"\s*=\s*[\"']([0-9]{1,10})[\"']", attributes[start + len(name) :])
    return max(int(match.group(1)), 1) if match else 1


# --- the workbook -----------------------------------------------------------------------------

_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# The parts were checked for DTDs before they are parsed here; entities stay unexpanded anyway.
_XML_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True
)


def _part_name(target: str) -> str:
    """A relationship target of xl/workbook.xml as the name of a zip member."""
    return posixpath.normpath(target.lstrip("/") if target.startswith("/") else f"xl/{target}")


def _survey_again(archive: zipfile.ZipFile, part: str, reader: PartReader) -> None:
    if part not in archive.NameToInfo:
        return  # calamine finds no such part either
    with archive.open(part) as stream:
        while chunk := stream.read(1024 * 1024):
            reader.feed(chunk)
    reader.close()


WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def sheet_parts(book: bytes, rels: bytes) -> dict[str, str]:
    """Sheet name -> the zip member holding it, from xl/workbook.xml and its relationships
    (empty when either cannot be parsed)."""
    try:
        book_root = lxml.etree.fromstring(book, _XML_PARSER)
        rels_root = lxml.etree.fromstring(rels, _XML_PARSER)
    except lxml.etree.XMLSyntaxError:
        return {}
    if book_root is None or rels_root is None:
        return {}
    targets = {
        rel.get("Id"): _part_name(rel.get("Target", ""))
        for rel in rels_root.iter("{*}Relationship")
    }
    found: dict[str, str] = {}
    for sheet in book_root.iter("{*}sheet"):
        ids = [value for key, value in sheet.attrib.items() if str(key).endswith("}id")]
        sheet_part = targets.get(ids[0] if ids else None)
        if sheet_part is not None:
            found[sheet.get("name", "")] = sheet_part
    return found


class WorkbookSurvey:
    """The facts of every sheet of a workbook, gathered while the archive check inflates it."""

    def __init__(self) -> None:
        self._worksheets: dict[str, WorksheetSurvey] = {}
        self._shared: SharedStringsSurvey | None = None
        self._ods: OdsSurvey | None = None
        self._sheet_parts: dict[str, str] = {}  # sheet name -> worksheet part (xlsx)
        self._legacy: dict[str, SheetFacts] | None = None  # sheet name -> facts (.xls)

    def set_legacy(self, sheets: dict[str, SheetFacts]) -> None:
        """The sheets of a legacy .xls, surveyed from its records (xls_survey.py)."""
        self._legacy = sheets

    def reader(self, part: str) -> PartReader | None:
        """The survey of `part`, or None for a part it does not need."""
        lowered = part.lower()
        if lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
            return self._worksheets.setdefault(part, WorksheetSurvey())
        if part == "xl/sharedStrings.xml":  # the one name calamine reads them from
            self._shared = SharedStringsSurvey()
            return self._shared
        if part == "content.xml":
            self._ods = OdsSurvey()
            return self._ods
        return None

    def finish(self, archive: zipfile.ZipFile) -> None:
        """Learn which part holds which sheet (xlsx), once every part has been checked.

        A sheet the workbook keeps outside xl/worksheets/ is surveyed now (it passed the checks,
        so it may be inflated again). calamine reads shared strings from xl/sharedStrings.xml
        only, whatever the relationships say.
        """
        try:
            parts = sheet_parts(archive.read("xl/workbook.xml"), archive.read(WORKBOOK_RELS))
        except KeyError:
            return  # not an xlsx, or one calamine cannot open either
        self.name_sheets(parts)
        for sheet_part in parts.values():
            if sheet_part not in self._worksheets:
                self._worksheets[sheet_part] = WorksheetSurvey()
                _survey_again(archive, sheet_part, self._worksheets[sheet_part])

    def name_sheets(self, parts: dict[str, str]) -> None:
        """Which part holds which sheet (sheet name -> part), as sheet_parts() reads them."""
        self._sheet_parts.update(parts)

    @property
    def sheet_names(self) -> list[str]:
        """The sheets of an .ods or .xls, in order (an .xlsx names its sheets through calamine)."""
        if self._legacy is not None:
            return list(self._legacy)
        return list(self._ods.tables) if self._ods is not None else []

    def facts(self, sheet_name: str) -> SheetFacts | None:
        """What the sheet holds, or None when the survey saw no sheet at all."""
        if self._legacy is not None:
            return self._legacy.get(sheet_name, SheetFacts())
        if self._ods is not None:
            return self._ods.tables.get(sheet_name, SheetFacts())
        part = self._sheet_parts.get(sheet_name)
        survey = self._worksheets.get(part) if part is not None else None
        if survey is None:
            # A sheet whose part is not found: the worst extent of any sheet stands for it.
            surveys = list(self._worksheets.values())
            if not surveys:
                return None
            return max(
                (item.facts for item in surveys), key=lambda facts: facts.rows * facts.columns
            )
        return survey.facts

    @property
    def shared_sizes(self) -> array[int] | None:
        return self._shared.sizes if self._shared is not None else None
