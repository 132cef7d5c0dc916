"""Responsive variants of a photo with Pillow: several widths, AVIF and WebP with a JPEG fallback.

Every published file is a fresh encode from pixels only: EXIF (with GPS), XMP and comments are not
copied. Variants are cached by the photo's content, so an unchanged photo is never encoded twice,
whichever site or build asks for it. Each width of a photo has its own lock: parallel builds never
encode the same file twice, and while one process encodes a width another can take the next.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from zonelib.messages import say

FORMATS = {  # format: (file extension, MIME type, encoder options)
    "AVIF": ("avif", "image/avif", {"quality": 60, "speed": 8}),
    # method 2 rather than 4: 2.5 times faster for 7 % more bytes (browsers that read AVIF never load it)
    "WEBP": ("webp", "image/webp", {"quality": 80, "method": 2}),
    "JPEG": ("jpg", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}),
}
EXTENSIONS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}  # what a photo may be
MAX_PIXELS = 50_000_000  # 50 megapixels: more than any camera of the exhibitions, far less than a bomb
MAX_BYTES = 40_000_000
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)
PIPELINE_VERSION = "2"  # change when the encoding code changes, so that cached variants are made again
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class Variant:
    """One published file of a photo."""

    width: int
    height: int
    format: str

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]

    @property
    def mime(self) -> str:
        return FORMATS[self.format][1]

    def name(self, stem: str) -> str:
        return f"{stem}-{self.width}.{self.extension}"


def photo_problem(path: Path) -> str | None:
    """Return why a file cannot be published as a photo, reading its header only, or None: too big,
    not an image, not the image its extension says, or so many pixels that decoding it would exhaust
    memory (a decompression bomb)."""
    name = path.name
    if path.stat().st_size > MAX_BYTES:
        return say("'%(file)s' weighs %(size).0f MB, more than %(most).0f MB; export it smaller (the site makes its "
                   "own sizes from it)", file=name, size=path.stat().st_size / 1e6, most=MAX_BYTES / 1e6)
    try:
        with Image.open(path) as image:  # the header only: no pixel is decoded yet
            kind, (width, height) = image.format, image.size
            if kind in EXTENSIONS and width * height <= MAX_PIXELS:
                image.verify()
    except Image.DecompressionBombError:
        return say("'%(file)s' has far too many pixels to be opened safely; export it at 6000 × 4000 pixels at most",
                   file=name)
    except UNREADABLE:
        return say("'%(file)s' cannot be read as an image; export it again as JPEG or PNG", file=name)
    if kind not in EXTENSIONS:
        return say("'%(file)s' is a %(kind)s image; export it again as JPEG or PNG", file=name, kind=kind)
    if width * height > MAX_PIXELS:
        return say("'%(file)s' is %(width)d × %(height)d pixels (%(pixels).0f megapixels, more than %(most).0f); "
                   "export it at 6000 × 4000 pixels at most", file=name, width=width, height=height,
                   pixels=width * height / 1e6, most=MAX_PIXELS / 1e6)
    if path.suffix.lower().lstrip(".") not in EXTENSIONS[kind]:
        return say("despite its name, '%(file)s' is a %(kind)s image; rename it %(name)s", file=name, kind=kind,
                   name=f"{path.stem}.{EXTENSIONS[kind][0]}")
    return None


def size_of(path: Path) -> tuple[int, int]:
    """Return the upright width and height of a photo, reading its header only."""
    with Image.open(path) as image:
        width, height = image.size
        if image.getexif().get(0x0112) in ROTATED:
            width, height = height, width
    return width, height


def plan(size: tuple[int, int], widths: list[int]) -> list[Variant]:
    """Return the variants to publish: each width not above the original's, in every format."""
    width, height = size
    chosen = sorted({min(w, width) for w in widths})
    return [Variant(w, round(height * w / width), fmt) for w in chosen for fmt in FORMATS]


def missing(folder: Path, variants: list[Variant]) -> list[Variant]:
    """Return the variants not in a photo's cache folder yet."""
    return [v for v in variants if not (folder / v.name("v")).exists()]


def _encode(source: Path, variants: list[Variant], folder: Path) -> int:
    """Encode the missing variants of source into folder; return how many were encoded."""
    missing_here = missing(folder, variants)
    if not missing_here:
        return 0
    with Image.open(source) as opened:
        upright = ImageOps.exif_transpose(opened).convert("RGBA")
    flat = Image.new("RGB", upright.size, "white")  # transparent areas become white, not black
    flat.paste(upright, mask=upright.getchannel("A"))
    upright = flat
    pixels = Image.frombytes("RGB", upright.size, upright.tobytes())  # pixels only: no metadata at all
    sizes = {}  # each width is resized once, then encoded in every format
    for variant in missing_here:
        if (variant.width, variant.height) not in sizes:
            sizes[variant.width, variant.height] = pixels if variant.width == pixels.width else pixels.resize(
                (variant.width, variant.height), Image.Resampling.LANCZOS)
        resized = sizes[variant.width, variant.height]
        temporary = folder / f".{variant.name('v')}.{os.getpid()}"
        resized.save(temporary, variant.format, **FORMATS[variant.format][2])
        temporary.replace(folder / variant.name("v"))
    return len(missing_here)


def folder_of(source: Path, cache: Path) -> Path:
    """Return the cache folder of a photo's variants (named v-<width>.<ext>): one per content and recipe."""
    recipe = f"{PIPELINE_VERSION} {sorted((f, o[2]) for f, o in FORMATS.items())}"  # new settings, new files
    digest = hashlib.sha256(source.read_bytes() + recipe.encode()).hexdigest()
    return cache / digest[:2] / digest


def encode_width(source: Path, variants: list[Variant], folder: Path, wait: bool = True) -> int | None:
    """Encode the missing variants of one width of source into its cache folder; return how many
    were encoded, or None when another process is encoding them and wait is False."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".lock-{variants[0].width}", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return None
        return _encode(source, variants, folder)


def _encode_width_reporting(source: Path, variants: list[Variant], folder: Path, wait: bool) -> tuple[int | None, str | None]:
    """encode_width, with a damaged photo returned as its error's text instead of raised."""
    try:
        return encode_width(source, variants, folder, wait), None
    except UNREADABLE as error:
        return None, str(error)


@contextlib.contextmanager
def encoders(workers: int):
    """Yield a function that runs encode_width on each (source, variants, folder, wait) of a list and
    returns, in order, each (count, error): in `workers` processes, or in this one when it is 1."""
    if workers < 2:
        yield lambda todo: [_encode_width_reporting(*task) for task in todo]
        return
    with ProcessPoolExecutor(workers) as pool:
        yield lambda todo: list(pool.map(_encode_width_reporting, *zip(*todo))) if todo else []
