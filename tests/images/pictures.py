"""Images made with Pillow at test time, in the shapes retail CDNs serve."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def jpeg(
    width: int, height: int, colour: tuple[int, int, int] = (200, 40, 40), **save: object
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def noisy_jpeg(width: int, height: int) -> bytes:
    """A photo-like image that does not compress well: many bytes for its pixels."""
    out = io.BytesIO()
    Image.effect_noise((width, height), 80).convert("RGB").save(out, "JPEG", quality=100)
    return out.getvalue()


def png_with_alpha(width: int, height: int) -> bytes:
    """Fully transparent but for a red square in the middle."""
    picture = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    picture.paste((255, 0, 0, 255), (width // 4, height // 4, 3 * width // 4, 3 * height // 4))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def webp(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "WEBP", quality=80)
    return out.getvalue()


def cmyk_jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (width, height), (0, 255, 255, 0)).save(out, "JPEG", quality=90)
    return out.getvalue()


def rotated_jpeg(width: int, height: int) -> bytes:
    """Stored `width` x `height` with EXIF orientation 6: shown rotated, `height` x `width`."""
    picture = Image.new("RGB", (width, height), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 clockwise to show
    exif[0x010F] = "SecretCam"  # Make: metadata that must not travel
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def bomb_png(width: int = 60_000, height: int = 60_000) -> bytes:
    """A few hundred bytes whose header claims `width` x `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
