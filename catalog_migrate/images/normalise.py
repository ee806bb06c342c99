"""Decode an image safely and fit it to a channel's rules, as a JPEG without metadata.

The bytes decide what a file is, never the server's Content-Type: an HTML error page served as
`image/png` is not an image. Pillow reads only the header before the size is known, so a tiny
file claiming 60000x60000 pixels is refused before any pixel is allocated.

alibaba-open-platform.md §4.2: JPEG (sRGB) at quality ~90, padded (not cropped) into the aspect
range, re-encoded down to the byte limit; a small image is reported, never enlarged.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil

from PIL import Image, ImageOps, UnidentifiedImageError

from catalog_migrate.targets.base import ImageRules

# [images] max_pixels stays below Pillow's own warning threshold and is checked before any pixel is
# read, so Pillow's warning about a large image would only repeat what this module decides.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

# alibaba-open-platform.md §4.1: the photobank takes jpg, png, gif, webp and bmp.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")
WHITE = (255, 255, 255)
QUALITIES = (90, 82, 74, 66)
_DOWNSCALE = Fraction(4, 5)


@dataclass(frozen=True)
class Normalised:
    """The JPEG to upload (None when the bytes are no usable image) and what was found."""

    jpeg: bytes | None
    width: int = 0
    height: int = 0
    code: str = ""  # "", image.not_image, image.too_small, image.too_large
    problem: str = ""
    changes: list[str] = field(default_factory=list)


def normalise(data: bytes, rules: ImageRules, max_pixels: int) -> Normalised:
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as opened:
            width, height = opened.size
            if width * height > max_pixels:
                return _bomb(f"{width}x{height}", max_pixels)
            picture = ImageOps.exif_transpose(opened)
            picture.load()
    except Image.DecompressionBombError:  # Pillow's own limit, above ours: refused at the header
        return _bomb("so many", max_pixels)
    except UnidentifiedImageError:
        return Normalised(None, code="image.not_image", problem=_what_it_is(data))
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return Normalised(None, code="image.not_image", problem=f"cannot be decoded ({exc})")
    changes: list[str] = []
    picture = _flat_rgb(picture, changes)
    picture = _padded(picture, rules, changes)
    jpeg = _encoded(picture, rules, changes)
    if jpeg is None:
        return Normalised(
            None,
            code="image.too_large",
            problem=f"stays above {rules.max_bytes:,} bytes as a JPEG",
        )
    width, height = picture.size
    if min(width, height) < rules.min_side:
        problem = f"is {width}x{height}; the channel wants at least {rules.min_side} a side"
        return Normalised(jpeg, width, height, "image.too_small", problem, changes)
    return Normalised(jpeg, width, height, changes=changes)


def _bomb(size: str, max_pixels: int) -> Normalised:
    return Normalised(
        None,
        code="image.too_large",
        problem=f"claims {size} pixels, more than [images] max_pixels {max_pixels:,}; "
        "refused unread (a decompression bomb?)",
    )


def _what_it_is(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<")):
        return "is a web page, not an image"
    if not data:
        return "is empty"
    return "is not an image Pillow can read (jpeg, png, webp, gif, bmp)"


def _flat_rgb(picture: Image.Image, changes: list[str]) -> Image.Image:
    """RGB on white: transparency flattened, CMYK and palettes converted, metadata dropped."""
    mode = picture.mode
    if mode == "P":
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    if picture.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = picture.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, WHITE)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        changes.append("transparency on white")
        picture = canvas
    elif picture.mode != "RGB":
        if mode == "CMYK":
            changes.append("CMYK to RGB")
        picture = picture.convert("RGB")
    picture.info = {}  # no EXIF, ICC or comments travel into the upload
    return picture


def _padded(picture: Image.Image, rules: ImageRules, changes: list[str]) -> Image.Image:
    """Pad with white into the aspect range; cropping could cut the product off."""
    width, height = picture.size
    aspect = Fraction(width, height)
    if aspect > rules.max_aspect:
        size = (width, ceil(width / rules.max_aspect))
    elif aspect < rules.min_aspect:
        size = (ceil(height * rules.min_aspect), height)
    else:
        return picture
    canvas = Image.new("RGB", size, WHITE)
    canvas.paste(picture, ((size[0] - width) // 2, (size[1] - height) // 2))
    changes.append(f"padded from {width}x{height} to {size[0]}x{size[1]}")
    return canvas


def _encoded(picture: Image.Image, rules: ImageRules, changes: list[str]) -> bytes | None:
    """The best quality under the byte limit; fewer pixels only while the sides stay big enough."""
    original = picture.size
    while True:
        for quality in QUALITIES:
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= rules.max_bytes:
                if quality != QUALITIES[0] or picture.size != original:
                    changes.append(
                        f"re-encoded to {out.tell():,} bytes "
                        f"({picture.size[0]}x{picture.size[1]}, quality {quality})"
                    )
                return out.getvalue()
        width, height = picture.size
        smaller = (int(width * _DOWNSCALE), int(height * _DOWNSCALE))
        if min(smaller) < rules.min_side:
            return None
        picture = picture.resize(smaller, Image.Resampling.LANCZOS)
