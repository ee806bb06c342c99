"""Build hostile input files for tests: zip bombs, entity bombs, encrypted and mislabelled files.

Zip archives are assembled by hand (local headers, central directory, end record) so that a test
can make any header lie. A bomb's deflate stream is one compressed block repeated: after a full
flush a deflate block refers to nothing before it, so copies of it concatenate into a valid stream
that inflates to `copies` times the block's content. A 1 GiB bomb takes milliseconds to build.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

SHEET = "xl/worksheets/sheet2.xml"  # the Template sheet: the builder puts Instruction first
MIB = 1024 * 1024
BOMB_ROW = b'<row r="50"><c r="A50" t="inlineStr"><is><t>lol</t></is></c></row>'

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="6"><c r="A6" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


@dataclass(frozen=True)
class Part:
    """One zip member as stored: `data` is the raw deflate stream when `method` is DEFLATED."""

    name: str
    data: bytes
    crc: int
    size: int  # the uncompressed size the headers declare
    method: int = zipfile.ZIP_DEFLATED
    compress_size: int | None = None  # what the headers declare; len(data) if None

    def lying(self, *, size: int | None = None, compress_size: int | None = None) -> Part:
        return Part(
            self.name,
            self.data,
            self.crc,
            self.size if size is None else size,
            self.method,
            self.compress_size if compress_size is None else compress_size,
        )


def deflated(name: str, content: bytes) -> Part:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = packer.compress(content) + packer.flush()
    return Part(name, data, zlib.crc32(content), len(content))


def repeated(name: str, prefix: bytes, unit: bytes, copies: int, suffix: bytes) -> Part:
    """A part whose content is `prefix + unit * copies + suffix`, built without inflating it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush()
    crc = zlib.crc32(prefix)
    for _ in range(copies):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(unit) * copies + len(suffix)
    return Part(name, head + block * copies + tail, crc, size)


def parts_of(workbook: Path) -> list[Part]:
    with zipfile.ZipFile(workbook) as archive:
        return [deflated(info.filename, archive.read(info)) for info in archive.infolist()]


def write_zip(path: Path, parts: list[Part]) -> Path:
    body = bytearray()
    directory = bytearray()
    for part in parts:
        name = part.name.encode()
        compress_size = len(part.data) if part.compress_size is None else part.compress_size
        fields = (20, 0, part.method, 0, 0x21, part.crc, compress_size, part.size, len(name))
        offset = len(body)
        body += struct.pack("<4s5H3I2H", b"PK\x03\x04", *fields, 0) + name + part.data
        directory += (
            struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + name
        )
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(body), 0
    )
    path.write_bytes(bytes(body + directory + end))
    return path


def sheet_bomb(workbook: Path, path: Path, inflated_mib: int, *, lie: bool) -> Path:
    """`workbook` with its Template sheet padded with rows to `inflated_mib` MiB.

    With `lie`, the headers declare the original sheet's size, so only inflating tells.
    """
    parts = parts_of(workbook)
    index = next(n for n, part in enumerate(parts) if part.name == SHEET)
    with zipfile.ZipFile(workbook) as archive:
        original = archive.read(SHEET)
    prefix, suffix = original.split(b"</sheetData>", 1)
    unit = BOMB_ROW * (MIB // len(BOMB_ROW))
    bomb = repeated(SHEET, prefix, unit, inflated_mib, b"</sheetData>" + suffix)
    parts[index] = bomb.lying(size=len(original)) if lie else bomb
    return write_zip(path, parts)


def entity_bomb(workbook: Path, path: Path) -> Path:
    parts = [
        deflated(SHEET, BILLION_LAUGHS) if part.name == SHEET else part
        for part in parts_of(workbook)
    ]
    return write_zip(path, parts)


OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def encrypted_workbook(path: Path) -> Path:
    """What Excel saves for a password-protected .xlsx: an OLE2 file with an EncryptedPackage."""
    entries = ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    directory = b"".join((name + "\0").encode("utf-16-le").ljust(128, b"\0") for name in entries)
    path.write_bytes(OLE2_MAGIC + b"\0" * 504 + directory + b"\0" * 1024)
    return path
