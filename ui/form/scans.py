"""Preparing a file to attach: large photos reduced to scan resolution, thumbnails.

Runs on a worker lane (QImage is safe off the GUI thread; QPixmap is not):
the GUI turns the returned thumbnail QImage into a pixmap.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter

MAX_SIDE = 2000  # px: a sharp A4 scan at ~240 dpi; phone photos are often 4000+
JPEG_QUALITY = 85
THUMBNAIL_SIDE = 96
MAX_FILE_BYTES = 25 * 1024 * 1024


class FileTooLarge(ValueError):
    pass


@dataclass
class PreparedFile:
    data: bytes
    filename: str
    media_type: str
    thumbnail: QImage | None
    reduced: bool = False


def read_image(data: bytes) -> QImage | None:
    """The image in ``data`` turned upright (EXIF orientation), or None if it is not one."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    if not reader.canRead():
        return None
    image = reader.read()
    return None if image.isNull() else image


def thumbnail(image: QImage) -> QImage:
    return image.scaled(
        THUMBNAIL_SIDE,
        THUMBNAIL_SIDE,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def thumbnail_of(data: bytes) -> QImage | None:
    image = read_image(data)
    return thumbnail(image) if image is not None else None


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


def reduce_scan(image: QImage, max_side: int = MAX_SIDE) -> QImage:
    return image.scaled(
        max_side,
        max_side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def prepare_file(path: Path) -> PreparedFile:
    """Read a file to attach; a photo larger than a scan needs is reduced to JPEG."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileTooLarge(path.name)
    data = path.read_bytes()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    image = read_image(data)
    if image is None:
        return PreparedFile(data, path.name, media_type, None)
    if max(image.width(), image.height()) > MAX_SIDE:
        image = reduce_scan(image)
        return PreparedFile(
            encode_jpeg(image), f"{path.stem}.jpg", "image/jpeg", thumbnail(image), True
        )
    return PreparedFile(data, path.name, media_type, thumbnail(image))
