"""Photos and files attached to records, as thumbnails: in the record dialog, on the card once files are dropped
onto it, and in the clients view. A double click (or Enter) opens the file in the system's viewer.

Thumbnails come from Qt's image readers at a scaled size, so a JPEG is decoded at a fraction of its pixels. Formats
Qt cannot read here (HEIC, a phone's default) and images too large to decode safely are refused with a line saying
why; the file itself stays attached and opens in another program.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QImageIOHandler, QImageReader, QPixmap
from PySide6.QtWidgets import QLabel, QListView, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from records import Attachment

log = logging.getLogger(__name__)

THUMB = 96
# Decoded whole (a PNG, a GIF: their readers cannot scale while decoding), an image costs 4 bytes a pixel.
MAX_PIXELS_DECODED_WHOLE = 40_000_000
# A reader that scales while decoding (JPEG) touches a fraction of them; past this the header is likely lying.
MAX_PIXELS_SCALED = 250_000_000
_NOT_READ_HERE = ("image/heic", "image/heif")
_WHY = {
    "missing": QT_TRANSLATE_NOOP("AttachmentsView", "the stored file is missing"),
    "heic": QT_TRANSLATE_NOOP("AttachmentsView", "HEIC photos cannot be shown here; open it to see it"),
    "unreadable": QT_TRANSLATE_NOOP("AttachmentsView", "not a readable image ({reason})"),
    "too_large": QT_TRANSLATE_NOOP("AttachmentsView", "too large to show ({width} × {height} pixels); open it to "
                                                      "see it"),
}


@dataclass(frozen=True)
class Thumbnail:
    image: QImage | None  # None: show a file icon
    problem: str | None = None  # why an image is not shown, in the interface language


def _why(key: str, **values: object) -> str:
    return QCoreApplication.translate("AttachmentsView", _WHY[key]).format(**values)


def thumbnail(path: Path | None, mime: str, size: int = THUMB) -> Thumbnail:
    """The image scaled to fit `size` pixels, or why not. A file that is no image gets no thumbnail and no problem."""
    if path is None or not path.is_file():
        return Thumbnail(None, _why("missing"))
    if not mime.startswith("image/"):
        return Thumbnail(None)
    if mime in _NOT_READ_HERE:
        return Thumbnail(None, _why("heic"))
    image, why, values = _read(str(path), size)
    return Thumbnail(image, _why(why, **dict(values)) if why else None)


# Stored files are named by their content's hash and never change: a client's photos are decoded once per session.
@lru_cache(maxsize=512)
def _read(path: str, size: int) -> tuple[QImage | None, str | None, tuple[tuple[str, object], ...]]:
    """The scaled image, or the key of why not (`_WHY`) with its values; untranslated, so it can be kept."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)  # a phone photo's EXIF rotation
    full = reader.size()
    if not reader.canRead() or not full.isValid():
        return None, "unreadable", (("reason", reader.errorString()),)
    limit = (MAX_PIXELS_SCALED if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize)
             else MAX_PIXELS_DECODED_WHOLE)
    if full.width() * full.height() > limit:
        return None, "too_large", (("width", full.width()), ("height", full.height()))
    reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None, "unreadable", (("reason", reader.errorString()),)
    return image, None, ()


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries; none when it carries anything else (text, a web address)."""
    if not mime.hasUrls():
        return []
    urls = mime.urls()
    if not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


class AttachmentsView(QWidget):
    """Thumbnails of attachments, each named; a line below says which could not be shown and why."""

    opened = Signal(str)  # the path handed to the system's viewer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("attachments")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 36))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(THUMB + 48)
        self.list.setAcceptDrops(False)  # a drop goes to the dialog, which attaches it
        self.list.itemActivated.connect(self._open)
        self.note = QLabel()
        self.note.setObjectName("attachments_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b45309;")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        self.problems: dict[str, str] = {}  # attachment name -> why it shows no thumbnail

    def show_attachments(self, attachments: Sequence[Attachment]) -> None:
        self.list.clear()
        self.problems = {}
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        refused_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for attachment in attachments:
            path = Path(attachment.path) if attachment.path else None
            thumb = thumbnail(path, attachment.mime)
            if thumb.image is not None:
                icon = QIcon(QPixmap.fromImage(thumb.image))
            else:
                icon = refused_icon if thumb.problem else file_icon
            item = QListWidgetItem(icon, attachment.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path) if path else None)
            tip = f"{attachment.name} · {_size(attachment.size)} · {attachment.mime}"
            item.setToolTip(f"{tip}\n{thumb.problem}" if thumb.problem else tip)
            self.list.addItem(item)
            if thumb.problem:
                self.problems[attachment.name] = thumb.problem
        self.note.setText("\n".join(f"{name}: {problem}" for name, problem in self.problems.items()))
        self.note.setVisible(bool(self.problems))

    def _open(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if not path or not Path(path).is_file():
            self.note.setText(self.tr("{name}: the stored file is missing").format(name=item.text()))
            self.note.show()
            return
        # The system's viewer; the stored file has no extension (it is named by its hash), the viewer sniffs it.
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            self.note.setText(self.tr("{name}: no program opens this file").format(name=item.text()))
            self.note.show()
            return
        self.opened.emit(path)


def _size(size: int) -> str:
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"
