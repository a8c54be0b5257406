"""The attachment panel: a record's files listed, added (dialog or drop), opened, and removed.

The panel writes nothing itself: listing, copying a file in and voiding run on the DB worker,
a body still on the hub is fetched on the network pool; only DTOs come back here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QImageReader,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.codes import ATTACHMENT_KINDS

from . import attachjobs
from .forms import ErrorLabel
from .language import domain, translate
from .pages.base import PageContext
from .preview import PreviewDialog
from .screenfit import fit_to_screen
from .tables import fill_table, read_only_table
from .tasks import error_message

HEADERS = (QT_TRANSLATE_NOOP("AttachmentPanel", "类别"), QT_TRANSLATE_NOOP("AttachmentPanel", "文件名"),
           QT_TRANSLATE_NOOP("AttachmentPanel", "大小"), QT_TRANSLATE_NOOP("AttachmentPanel", "添加时间"),
           QT_TRANSLATE_NOOP("AttachmentPanel", "添加人"), QT_TRANSLATE_NOOP("AttachmentPanel", "文件"))
EMPTY_HINT = QT_TRANSLATE_NOOP("AttachmentPanel", "尚无附件：点“添加…”选择文件，或把文件拖到这里。")
BODY_STATES = {"本机": QT_TRANSLATE_NOOP("AttachmentPanel", "在本机"),
               "待上传": QT_TRANSLATE_NOOP("AttachmentPanel", "在本机，待上传"),
               "在市级平台": QT_TRANSLATE_NOOP("AttachmentPanel", "在市级平台，打开时下载")}


def describe_size(size: int) -> str:
    if size < 1024:
        return translate("AttachmentPanel", "{n} 字节").format(n=size)
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def added_here(added_at: datetime | None) -> str:
    """When a file was added, on this PC's clock (the record keeps it in UTC)."""
    if added_at is None:
        return ""
    return added_at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def is_image(media_type: str | None) -> bool:
    return bool(media_type) and media_type.startswith("image/") and media_type != "image/svg+xml"


def is_pdf(media_type: str | None) -> bool:
    return media_type == "application/pdf"


class ImageDialog(QDialog):
    """A picture shown at its size, scrolled when larger than the window."""

    def __init__(self, title: str, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("查看 — {title}").format(title=title))
        fit_to_screen(self, 900, 700)
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # photos from phones carry their rotation in EXIF
        image = reader.read()
        self.image_label = QLabel(self)
        self.image_label.setObjectName("image")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if image.isNull():
            self.image_label.setText(self.tr("无法显示这张图片（{error}）。").format(error=reader.errorString()))
        else:
            self.image_label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.image_label)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)


class AttachmentPanel(QWidget):
    """The files of one record (`set_owner`); drop files on it to add them."""

    listed = Signal()  # the list on screen matches the record's attachments
    changed = Signal()  # an attachment was added or removed (the list is reloaded after)
    refused = Signal(str)  # the one sentence shown beside the panel
    opened = Signal(object)  # the dialog shown, or the file handed to the system's application

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.owner: tuple[str, str] | None = None
        self.rows: tuple[Any, ...] = ()  # AttachmentDTO, as shown
        self.setAcceptDrops(True)

        self.table = read_only_table(self)
        self.table.setObjectName("attachment_table")
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.add_button = QPushButton(self.tr("添加…"), self)
        self.add_button.setObjectName("attach_add")
        self.add_button.setToolTip(self.tr("选择文件添加为附件；也可以把文件拖到这里"))
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.setObjectName("attach_open")
        self.remove_button = QPushButton(self.tr("移除"), self)
        self.remove_button.setObjectName("attach_remove")
        self.status = QLabel(self)
        self.status.setObjectName("attach_status")
        # The hint runs long in English: it wraps in a narrow panel rather than being cut off.
        self.status.setWordWrap(True)
        self.error = ErrorLabel("attachments", self)

        row = QHBoxLayout()
        for w in (self.add_button, self.open_button, self.remove_button):
            row.addWidget(w)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

        self.add_button.clicked.connect(self.ask_add)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.ask_remove)
        self.table.itemSelectionChanged.connect(self._enable)
        # Another page's write, or a sync that brought or sent bodies, may change what is shown.
        ctx.events.wrote.connect(self._wrote)
        self._enable()

    # --- which record ------------------------------------------------------------------------

    def set_owner(self, owner_entity: str | None, owner_id: str | None = None) -> None:
        owner = (owner_entity, owner_id) if owner_entity and owner_id else None
        if owner != self.owner:
            self.owner = owner
            self.error.show_message("")
            self.status.setText("")
            self.rows = ()
            fill_table(self.table, [self.tr(h) for h in HEADERS], [])
        self.refresh()

    def refresh(self) -> None:
        self._enable()
        if self.owner is None:
            return
        owner = self.owner
        self.ctx.tasks.run_db(attachjobs.attachments_of, self.ctx.store, *owner, owner=self,
                              on_done=lambda rows: self._show(owner, rows), on_error=self._refuse)

    def _wrote(self, entity_name: str) -> None:
        if entity_name in ("sync", "attachment") and self.owner is not None:
            self.refresh()

    def _show(self, owner: tuple[str, str], rows: tuple[Any, ...]) -> None:
        if owner != self.owner:
            return  # another record has been chosen meanwhile
        self.rows = rows
        fill_table(self.table, [self.tr(h) for h in HEADERS], [
            (domain(a.kind), a.name, describe_size(a.size),
             added_here(a.added_at), a.added_by or "",
             self.tr(BODY_STATES[a.body]) if a.body in BODY_STATES else a.body)
            for a in rows
        ])
        if not rows:
            self.status.setText(self.tr(EMPTY_HINT))
        elif self.status.text() == self.tr(EMPTY_HINT):
            self.status.setText("")
        self._enable()
        self.listed.emit()

    def _enable(self) -> None:
        self.setEnabled(self.owner is not None)
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def selected(self) -> Any | None:
        row = self.table.currentRow()
        if not self.table.selectionModel().hasSelection() or not 0 <= row < len(self.rows):
            return None
        return self.rows[row]

    def _refuse(self, exc_or_message: BaseException | str) -> None:
        text = exc_or_message if isinstance(exc_or_message, str) else error_message(exc_or_message)
        self.status.setText("")
        self.error.show_message(text)
        self.refused.emit(text)

    # --- adding ------------------------------------------------------------------------------

    def ask_add(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("添加附件"))
        if paths:
            self.add_with_kind(paths)

    def choose_kind(self) -> str | None:
        kinds = list(ATTACHMENT_KINDS)
        shown = [domain(k) for k in kinds]
        kind, ok = QInputDialog.getItem(self, self.tr("附件类别"), self.tr("这些文件是："), shown, 0, False)
        return kinds[shown.index(kind)] if ok and kind in shown else None

    def add_with_kind(self, paths: Sequence[str | Path]) -> None:
        """After the file dialog or a drop: ask the kind once for all of them, then add."""
        if self.owner is None or not paths:
            return
        kind = self.choose_kind()
        if kind:
            self.add_files(paths, kind)

    def add_files(self, paths: Iterable[str | Path], kind: str) -> None:
        """Copy each file in on the DB worker; a refusal is one sentence beside the panel."""
        if self.owner is None:
            return
        self.error.show_message("")
        owner = self.owner
        for path in paths:
            self.status.setText(self.tr("正在添加 {name}…").format(name=Path(path).name))
            self.ctx.tasks.run_db(attachjobs.add_attachment, self.ctx.store, self.ctx.user, *owner, str(path), kind,
                                  owner=self, on_done=self._added, on_error=self._refuse)

    def _added(self, dto: Any) -> None:
        self.status.setText(self.tr("已添加 {name}").format(name=dto.name))
        self.ctx.events.wrote.emit("attachment")  # reloads this panel too
        self.changed.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.owner is not None and _local_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self.owner is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_files(event.mimeData().urls())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_with_kind(paths)

    # --- opening -----------------------------------------------------------------------------

    def open_selected(self) -> None:
        dto = self.selected()
        if dto is not None:
            self.open_attachment(dto)

    def open_attachment(self, dto: Any) -> None:
        """Images and PDFs in the app, anything else in the system's application; a body that
        is only on the hub is fetched first."""
        self.error.show_message("")
        copy = not (is_image(dto.media_type) or is_pdf(dto.media_type))
        self.ctx.tasks.run_db(attachjobs.held_attachment, self.ctx.store, dto.id, copy, owner=self,
                              on_done=lambda held: self._held(held, copy), on_error=self._refuse)

    def _held(self, held: attachjobs.HeldFile, copy: bool) -> None:
        if held.path is not None:
            self.show_file(held)
            return
        self.status.setText(self.tr("正在从市级平台下载 {name}…").format(name=held.attachment.name))
        self.ctx.tasks.run_net(attachjobs.fetch_attachment, self.ctx.store, held.attachment, copy, owner=self,
                               on_done=self._fetched, on_error=self._refuse)

    def _fetched(self, held: attachjobs.HeldFile) -> None:
        self.status.setText("")
        self.refresh()  # the body is here now
        self.show_file(held)

    def show_file(self, held: attachjobs.HeldFile) -> QWidget | Path:
        dto, path = held.attachment, held.path
        assert path is not None
        if is_pdf(dto.media_type):
            dialog: QDialog = PreviewDialog(self.ctx.tasks, dto.name, self)
            dialog.setObjectName("attachment_preview")
            dialog.set_pdf(path)
        elif is_image(dto.media_type):
            dialog = ImageDialog(dto.name, path, self)
            dialog.setObjectName("attachment_image")
        else:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                self._refuse(self.tr("本机没有能打开“{name}”的程序。文件在：{path}").format(name=dto.name, path=path))
            self.opened.emit(path)
            return path
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.opened.emit(dialog)
        return dialog

    # --- removing ----------------------------------------------------------------------------

    def ask_remove(self) -> None:
        dto = self.selected()
        if dto is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("移除附件"),
                                          self.tr("移除“{name}”的原因：").format(name=dto.name))
        if ok:
            self.remove(dto.id, reason)

    def remove(self, attachment_id: str, reason: str) -> None:
        """Void the record with its reason; an empty reason is refused by the service."""
        self.error.show_message("")
        self.ctx.tasks.run_db(attachjobs.remove_attachment, self.ctx.store, self.ctx.user, attachment_id, reason,
                              owner=self, on_done=self._removed, on_error=self._refuse)

    def _removed(self, _record: Any) -> None:
        self.status.setText(self.tr("已移除"))
        self.ctx.events.wrote.emit("attachment")
        self.changed.emit()


def _local_files(urls: Iterable[QUrl]) -> list[str]:
    return [u.toLocalFile() for u in urls if u.isLocalFile() and Path(u.toLocalFile()).is_file()]
