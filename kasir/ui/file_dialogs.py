"""Choosing where to save a file, without ever opening the co-op file (issue 9 A).

POSIX locks belong to the process: when *any* descriptor of a file is closed, every SQLite
lock this process holds on it is gone. Qt's file dialog reads the files it lists to pick their
icons and type names (MIME sniffing): with the co-op file, its ``-wal`` and ``-shm`` in the
folder, that dropped the app's locks, and the next ``kasir`` command, seeing nobody else on
the file, deleted the WAL the app was still writing to. Every file dialog of the app is made
here, so that:

* it is Qt's widget dialog (a native GTK or portal dialog also runs inside this process and
  reads the files it shows);
* its icon provider answers from the name alone and never opens a file — strace shows the
  widget dialog with Qt's own provider opening each file of the folder and with this one
  none (tests/test_file_locks.py);
* the co-op file and its side files are refused as the place to save (the name filter keeps
  them out of the list; a typed name is refused by ``kasir.db.connection.refuse_coop_target``,
  which every report file written in this process goes through).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QStyle, QWidget

from kasir.i18n import _


class TypeOnlyIcons(QFileIconProvider):
    """Icons and type names from the name and kind alone: never the file's content."""

    def __init__(self) -> None:
        super().__init__()
        style = QApplication.style()
        self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)

    def icon(self, what):  # Qt passes a QFileInfo, or an IconType for a kind of place
        if isinstance(what, QFileInfo):
            if what.isRoot():
                return self._drive
            return self._folder if what.isDir() else self._file
        return super().icon(what)  # by kind of place: no file is read

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return _("Folder")
        suffix = info.suffix()
        return _("{kind} file").format(kind=suffix.upper()) if suffix else _("File")


_SHARED: list[TypeOnlyIcons] = []


def _icons() -> TypeOnlyIcons:
    """One provider for every dialog, alive as long as the app: a dialog does not own it."""
    if not _SHARED:
        _SHARED.append(TypeOnlyIcons())
    return _SHARED[0]


def save_dialog(parent: QWidget | None, title: str, folder: Path, name: str, suffix: str,
                name_filter: str, object_name: str = "") -> QFileDialog:
    """A "save as" dialog on ``folder`` proposing ``name``; open it with ``open()`` (and
    connect ``fileSelected``) or ``exec()``."""
    dialog = QFileDialog(parent, title, str(folder), name_filter)
    if object_name:
        dialog.setObjectName(object_name)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons)
    dialog.setIconProvider(_icons())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.selectFile(name)
    return dialog


def ask_save_path(parent: QWidget | None, title: str, name: str, suffix: str,
                  folder: Path | None = None) -> Path | None:
    """Ask (modal) where to save ``name``; None if cancelled. The caller refuses the co-op
    file with :func:`refuse_coop_target` before writing."""
    dialog = save_dialog(parent, title, folder or Path.home(), name, suffix, f"*{suffix}")
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])
