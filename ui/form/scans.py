"""Preparing a file to attach: large photos reduced to scan resolution, thumbnails.

Runs on a worker lane (QImage is safe off the GUI thread; QPixmap is not):
the GUI turns the returned thumbnail QImage into a pixmap.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter

MAX_SIDE = 2000  # px: a sharp A4 scan at ~240 dpi; phone photos are often 4000+
MAX_PIXELS = MAX_SIDE * MAX_SIDE * 3 // 4  # what a long image (pages scanned as one) keeps
JPEG_QUALITY = 85
THUMBNAIL_SIDE = 96
MAX_FILE_BYTES = 25 * 1024 * 1024  # what is stored (and sent) of one file
MAX_PHOTO_BYTES = 200 * 1024 * 1024  # a photo or scan read to be reduced first


_MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "tiff": "image/tiff",
    "tif": "image/tiff",
    "webp": "image/webp",
    "bmp": "image/bmp",
    "gif": "image/gif",
}


class FileTooLarge(ValueError):
    pass


class FileEmpty(ValueError):
    pass


class NotAScan(ValueError):
    """Neither an image nor a PDF (a program, an archive, a document of an office
    program): nothing the back office opens as a scan of a paper."""


class DamagedScan(ValueError):
    """Named as an image or a PDF, but not one that opens (cut short, or other bytes)."""


class TooManyPixels(ValueError):
    """A sound image too large in pixels to open (a page scanned at 1200 dpi as PNG or
    TIFF: no reduced decoding for those, and decoded whole it is over Qt's memory limit
    for one image). ``args``: the file's name, its width and height."""


# Photos Qt cannot open but the back office's computers can (an iPhone's HEIC): kept as
# they are, by the brand in their ISO file header.
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")
_SCAN_SUFFIXES = frozenset(
    (".jpg", ".jpeg", ".jfif", ".png", ".tif", ".tiff", ".webp", ".bmp", ".gif", ".pdf")
)


def _kept_as_is(data: bytes) -> str:
    """The media type of a scan kept as it is though Qt cannot show it ("" for none)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "image/avif" if data[8:12] == b"avif" else "image/heic"
    return ""


@dataclass
class PreparedFile:
    data: bytes
    filename: str
    media_type: str
    thumbnail: QImage | None
    reduced: bool = False


@dataclass
class _Read:
    image: QImage
    pages: int  # a multi-page TIFF: its pages beyond the first are not in ``image``
    scaled: bool  # decoded already reduced
    media_type: str  # by what the bytes are, not the name ("довідка.pdf" that is a PNG)


def read_image(data: bytes) -> QImage | None:
    """The image in ``data`` turned upright (EXIF orientation), or None if it is not one."""
    read = _read(data, reduced=False)
    return read.image if read is not None else None


def jpeg_cut_short(data: bytes) -> bool:
    """Whether a JPEG ends before its image does (a copy stopped half-way: a phone unplugged,
    a cloud file half downloaded). Qt decodes what there is, greys the rest and says
    nothing. Walks the file's markers to the end-of-image one; bytes after it (a phone's
    motion photo appends a video) are no matter."""
    size = len(data)
    if not data.startswith(b"\xff\xd8"):
        return False
    at = 2
    while at + 1 < size:
        if data[at] != 0xFF:
            return False  # not a marker where one must be: the decoder's to judge
        marker = data[at + 1]
        if marker == 0xD9:  # end of image
            return False
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 1 if marker == 0xFF else 2  # (fill byte; markers without a length)
            continue
        if at + 3 >= size:
            return True
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
        if marker == 0xDA:  # start of scan: coded data up to the next marker
            while True:
                at = data.find(b"\xff", at)
                if at < 0 or at + 1 >= size:
                    return True
                following = data[at + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    at += 2  # (a coded 0xFF; a restart marker)
                elif following == 0xFF:
                    at += 1
                else:
                    break
    return True


def _pixels(data: bytes) -> tuple[int, int] | None:
    """The width and height an image's header gives (None if it gives none)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    try:
        size = reader.size()
        return (size.width(), size.height()) if size.isValid() else None
    finally:
        del reader


def _over_qt_limit(width: int, height: int) -> bool:
    limit_mb = QImageReader.allocationLimit()  # (0: none)
    return bool(limit_mb) and width * height * 4 > limit_mb * 1024 * 1024


def _read(data: bytes, *, reduced: bool) -> _Read | None:
    """``reduced``: a photo larger than a scan needs is decoded already reduced (a
    108-megapixel photo decoded whole is over Qt's memory limit for one image)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    try:
        reader.setAutoTransform(True)
        pages = max(1, reader.imageCount())  # (first: after canRead() a TIFF's says 1)
        if not reader.canRead():
            return None
        size = reader.size()
        scaled = (
            reduced
            and pages == 1
            and size.isValid()
            and needs_reducing(size.width(), size.height())
        )
        if scaled:
            reader.setScaledSize(QSize(*scan_size(size.width(), size.height())))
        kind = bytes(reader.format().data()).decode("ascii", "replace")
        image = reader.read()
        if image.isNull():
            return None
        return _Read(image, pages, scaled, _MEDIA_TYPES.get(kind, ""))
    finally:
        # The reader goes before its buffer: the TIFF reader closes its file as it goes,
        # and a buffer already gone there crashed the app (any .tif scan added).
        del reader


def thumbnail(image: QImage) -> QImage:
    return image.scaled(
        THUMBNAIL_SIDE,
        THUMBNAIL_SIDE,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def thumbnail_of(data: bytes) -> QImage | None:
    read = _read(data, reduced=True)  # (a huge photo stored before reductions: no limit hit)
    return thumbnail(read.image) if read is not None else None


def encode_jpeg(image: QImage, quality: int = JPEG_QUALITY) -> bytes:
    if image.hasAlphaChannel():  # JPEG has no transparency: put it on white paper
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(QColor("white"))
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        image = flat
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # str: PySide rejects bytes here at runtime, though its stubs ask for bytes.
    image.save(buffer, "JPEG", quality)  # type: ignore[call-overload]
    return bytes(buffer.data().data())


def scan_size(width: int, height: int) -> tuple[int, int]:
    """The size a photo is reduced to: its long side MAX_SIDE, unless that leaves fewer
    pixels than MAX_PIXELS (a long image: several pages scanned as one, whose text would
    be too small to read); never larger than it was."""
    by_side = MAX_SIDE / max(width, height)
    by_area = (MAX_PIXELS / (width * height)) ** 0.5
    factor = min(1.0, max(by_side, by_area))
    return max(1, round(width * factor)), max(1, round(height * factor))


def needs_reducing(width: int, height: int) -> bool:
    return scan_size(width, height) != (width, height)


def reduce_scan(image: QImage) -> QImage:
    width, height = scan_size(image.width(), image.height())
    return image.scaled(
        width,
        height,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def prepare_file(path: Path) -> PreparedFile:
    """Read a file to attach; a photo larger than a scan needs is reduced to JPEG. A file
    of several pages (a TIFF from a document scanner) is kept whole: the reduction would
    keep its first page only."""
    size = path.stat().st_size
    if size == 0:
        raise FileEmpty(path.name)  # (a scan that failed, a cloud file not downloaded)
    if size > MAX_PHOTO_BYTES:
        raise FileTooLarge(path.name)
    data = path.read_bytes()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    read = _read(data, reduced=True)
    if read is not None and read.media_type:
        media_type = read.media_type  # (a photo saved without its extension: still one)
    if read is None:
        media_type = _kept_as_is(data)
        pixels = None if media_type else _pixels(data)
        if pixels is not None and _over_qt_limit(*pixels):
            raise TooManyPixels(path.name, *pixels)
        if not media_type:
            if path.suffix.lower() in _SCAN_SUFFIXES:
                raise DamagedScan(path.name)
            raise NotAScan(path.name)
    elif read.media_type == "image/jpeg" and jpeg_cut_short(data):
        raise DamagedScan(path.name)
    if read is None or read.pages > 1:
        if len(data) > MAX_FILE_BYTES:
            raise FileTooLarge(path.name)
        first = thumbnail(read.image) if read is not None else None
        return PreparedFile(data, path.name, media_type, first)
    image = read.image
    big = needs_reducing(image.width(), image.height())
    if read.scaled or big or len(data) > MAX_FILE_BYTES:
        if big:
            image = reduce_scan(image)
        return PreparedFile(
            encode_jpeg(image), f"{path.stem}.jpg", "image/jpeg", thumbnail(image), True
        )
    return PreparedFile(data, path.name, media_type, thumbnail(image))
