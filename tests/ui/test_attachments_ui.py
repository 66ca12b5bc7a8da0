"""Attachments in the app: thumbnails from Qt's image readers (and refusals that say why), files dropped onto the
record dialog and onto the card (attached to the stored draft at once, or once a preview's record is stored), and
opening one in the system's viewer."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from app.ui.attachments_view import AttachmentsView, thumbnail
from app.ui.card import ConfirmationCard, Draft
from app.ui.record_dialog import RecordDialog

from .conftest import SAMPLE_RECORDS


def _png(path: Path, width: int = 640, height: int = 480) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    assert image.save(str(path), "PNG")
    return path


def _huge_png(path: Path) -> Path:
    """A valid PNG header saying 30,000 x 30,000 pixels (900 megapixels), with no pixels behind it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00"))
                     + chunk(b"IEND", b""))
    return path


def _drop(widget, files: list[Path]) -> bool:
    """A drag of `files` from a file manager entering `widget` and dropped on it; whether the drag was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(file)) for file in files])
    centre = widget.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def test_a_png_gets_a_thumbnail_scaled_while_read(qtbot, tmp_path) -> None:
    made = thumbnail(_png(tmp_path / "shelf.png", 800, 400), "image/png", size=96)
    assert made.problem is None and made.image is not None
    assert (made.image.width(), made.image.height()) == (96, 48)


def test_a_file_that_is_no_image_gets_an_icon_and_no_complaint(tmp_path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"%PDF-1.4 ...")
    made = thumbnail(notes, "application/pdf")
    assert (made.image, made.problem) == (None, None)


@pytest.mark.parametrize(("content", "mime", "says"), [
    (b"\x89PNG\r\n\x1a\n" + b"not really a png" * 20, "image/png", "not a readable image"),
    (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "image/heic", "HEIC"),
    (None, "image/png", "too large to show (30000 × 30000 pixels)"),
])
def test_images_that_cannot_be_shown_are_refused_with_why(qtbot, tmp_path, content, mime, says) -> None:
    path = tmp_path / "photo"
    if content is None:
        _huge_png(path)
    else:
        path.write_bytes(content)
    made = thumbnail(path, mime)
    assert made.image is None and made.problem is not None and says in made.problem


def test_the_view_lists_each_file_and_says_which_it_cannot_show(qtbot, filing, tmp_path) -> None:
    record_id = filing.store.add({"intent": "note", "fields": {"text": "shelf"}}, transcript="shelf", lang="en",
                                 source="hotkey")
    _huge_png(tmp_path / "panorama.png")
    (tmp_path / "offer.pdf").write_bytes(b"%PDF-1.4 offer")
    filing.attach(record_id, [_png(tmp_path / "shelf.png"), tmp_path / "panorama.png", tmp_path / "offer.pdf"])
    view = AttachmentsView()
    qtbot.addWidget(view)
    view.show_attachments(filing.store.get(record_id).attachments)
    assert [view.list.item(i).text() for i in range(view.list.count())] == ["shelf.png", "panorama.png", "offer.pdf"]
    assert list(view.problems) == ["panorama.png"] and "too large" in view.note.text()


class Viewer(QObject):
    """Stands in for the system's viewer (QDesktopServices' handler for file: URLs), which offscreen has none."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


def test_activating_a_thumbnail_opens_the_file(qtbot, filing, tmp_path) -> None:
    record_id = filing.store.add({"intent": "note", "fields": {"text": "x"}}, transcript="x", lang="en",
                                 source="hotkey")
    filing.attach(record_id, [_png(tmp_path / "card.png")])
    held = filing.store.get(record_id).attachments
    view = AttachmentsView()
    qtbot.addWidget(view)
    view.show_attachments(held)
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        view.list.itemActivated.emit(view.list.item(0))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert viewer.opened == [held[0].path]


def test_files_dropped_on_the_record_dialog_are_attached(qtbot, filing, tmp_path) -> None:
    record_id = filing.store.add({"intent": "visit_note", "fields": SAMPLE_RECORDS["visit_note"]}, transcript="x",
                                 lang="zh", source="hotkey")
    filing.confirm(record_id)
    dialog = RecordDialog(filing, filing.store.get(record_id))
    qtbot.addWidget(dialog)
    assert dialog.attachments_box.isVisibleTo(dialog) and dialog.attachments.list.count() == 0
    assert _drop(dialog, [_png(tmp_path / "whiteboard.png"), _png(tmp_path / "card.png", 300, 200)])
    row = filing.store.get(record_id)
    assert [a.name for a in row.attachments] == ["whiteboard.png", "card.png"]
    assert filing.store.revisions(record_id)[-1].reason == "attached whiteboard.png, card.png"
    assert dialog.attachments.list.count() == 2 and not dialog.attachments.problems
    assert _drop(dialog, [tmp_path / "whiteboard.png"])  # the same photo again: kept once
    assert len(filing.store.get(record_id).attachments) == 2 and "already" in dialog.message.text()


def test_a_folder_or_a_missing_file_is_refused_and_nothing_is_attached(qtbot, filing, tmp_path) -> None:
    record_id = filing.store.add({"intent": "note", "fields": {"text": "x"}}, transcript="x", lang="en",
                                 source="hotkey")
    dialog = RecordDialog(filing, filing.store.get(record_id))
    qtbot.addWidget(dialog)
    (tmp_path / "folder").mkdir()
    _drop(dialog, [_png(tmp_path / "ok.png"), tmp_path / "folder", tmp_path / "gone.jpg"])
    assert filing.store.get(record_id).attachments == ()
    text = dialog.message.text()
    assert "Not attached" in text and "folder" in text and "gone.jpg" in text


def test_a_drag_of_text_is_not_taken_for_files(qtbot, filing) -> None:
    record_id = filing.store.add({"intent": "note", "fields": {"text": "x"}}, transcript="x", lang="en",
                                 source="hotkey")
    dialog = RecordDialog(filing, filing.store.get(record_id))
    qtbot.addWidget(dialog)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/photo.jpg")])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dialog, enter)
    assert not enter.isAccepted()


def test_files_dropped_on_the_card_stay_with_the_draft_and_are_filed_with_it(qtbot, filing, tmp_path) -> None:
    fields = SAMPLE_RECORDS["visit_note"]
    record_id = filing.store.add({"intent": "visit_note", "fields": fields}, transcript="拜访", lang="zh",
                                 source="hotkey")
    card = ConfirmationCard(filing, Draft(record_id, "拜访", "visit_note", dict(fields)))
    qtbot.addWidget(card)
    assert not card.attachments_box.isVisibleTo(card)
    assert _drop(card, [_png(tmp_path / "shelf.png")])
    assert card.attachments_box.isVisibleTo(card) and card.attachments.list.count() == 1
    draft = filing.store.get(record_id)
    assert draft.status == "draft" and [a.name for a in draft.attachments] == ["shelf.png"]  # before any filing
    with qtbot.waitSignal(card.filed):
        card.accept()
    filed = filing.store.get(record_id)
    assert filed.status == "confirmed" and [a.name for a in filed.attachments] == ["shelf.png"]


def test_files_dropped_on_a_preview_are_attached_once_the_record_is_stored(qtbot, filing, tmp_path) -> None:
    fields = SAMPLE_RECORDS["visit_note"]
    card = ConfirmationCard(filing, Draft("", "拜访", "visit_note", dict(fields), pending=("client",)))
    qtbot.addWidget(card)
    assert _drop(card, [_png(tmp_path / "shelf.png")])
    assert card.waiting_files and card.attachments.list.count() == 0
    record_id = filing.store.add({"intent": "visit_note", "fields": fields}, transcript="拜访", lang="zh",
                                 source="hotkey")
    card.complete(Draft(record_id, "拜访", "visit_note", dict(fields)))
    assert [a.name for a in filing.store.get(record_id).attachments] == ["shelf.png"]
    assert not card.waiting_files and card.attachments.list.count() == 1


def test_files_dropped_on_a_field_of_the_card_are_attached_not_typed(qtbot, filing, tmp_path) -> None:
    fields = SAMPLE_RECORDS["task"]
    record_id = filing.store.add({"intent": "task", "fields": fields}, transcript="task", lang="en", source="hotkey")
    card = ConfirmationCard(filing, Draft(record_id, "task", "task", dict(fields)))
    qtbot.addWidget(card)
    title = card.form.editors["title"]
    assert _drop(title, [_png(tmp_path / "contract.png")])
    assert title.text() == fields["title"]
    assert [a.name for a in filing.store.get(record_id).attachments] == ["contract.png"]
    assert _drop(card.transcript_view.viewport(), [_png(tmp_path / "page2.png", 200, 100)])
    assert len(filing.store.get(record_id).attachments) == 2


def test_the_history_names_attached_files_in_the_interface_language(qapp, filing, tmp_path) -> None:
    from app.attachments import detach_file
    from app.ui.i18n import install_translators
    from app.ui.record_dialog import revision_lines

    record_id = filing.store.add({"intent": "note", "fields": {"text": "x"}}, transcript="x", lang="zh",
                                 source="hotkey")
    filing.attach(record_id, [_png(tmp_path / "名片.png")])
    detach_file(filing.store, record_id, "名片.png")
    install_translators(qapp, "zh")
    try:
        detached, attached, _ = revision_lines(filing.store.revisions(record_id))
    finally:
        install_translators(qapp, "en")
    assert "移除了附件 名片.png" in detached and "附上了 名片.png" in attached
    assert "attached" not in attached
