"""Qt's own words (dialog buttons, text field menus, the file dialog) in Indonesian.

Qt ships no ``qtbase_id.qm``, so :func:`qt_translator` loads it from PySide6's translations
folder when a future Qt has one and otherwise falls back to :class:`QtIndonesian`, a
translator over a small table of the texts Qt itself shows in kasir's windows. These are Qt's
strings, not kasir's messages (those go through gettext in :mod:`kasir.i18n`).
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QTranslator

# Qt source text -> Indonesian. The same text means the same in every Qt context we show, so
# the context is not looked at; "&" marks the Alt shortcut letter, as in Qt's own catalogs.
QT_INDONESIAN = {
    # QPlatformTheme: the standard buttons of QMessageBox and QDialogButtonBox
    "OK": "OK",
    "Save": "Simpan",
    "Save All": "Simpan Semua",
    "Open": "Buka",
    "&Yes": "&Ya",
    "Yes to &All": "Ya untuk &Semua",
    "&No": "&Tidak",
    "N&o to All": "T&idak untuk Semua",
    "Abort": "Batalkan",
    "Retry": "Coba Lagi",
    "Ignore": "Abaikan",
    "Close": "Tutup",
    "Cancel": "Batal",
    "Discard": "Buang",
    "Help": "Bantuan",
    "Apply": "Terapkan",
    "Reset": "Atur Ulang",
    "Restore Defaults": "Kembalikan Bawaan",
    "Don't Save": "Jangan Simpan",
    "Close without Saving": "Tutup tanpa Menyimpan",
    "Show Details...": "Tampilkan Rincian...",
    "Hide Details...": "Sembunyikan Rincian...",
    # QLineEdit / QTextEdit context menu
    "&Undo": "&Urungkan",
    "&Redo": "Ula&ngi",
    "Cu&t": "Po&tong",
    "&Copy": "&Salin",
    "&Paste": "T&empel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
    # QFileDialog, QProgressDialog, QWizard, QInputDialog
    "&Open": "&Buka",
    "&Save": "&Simpan",
    "&Cancel": "&Batal",
    "&Choose": "&Pilih",
    "File &name:": "&Nama berkas:",
    "Files of type:": "Jenis berkas:",
    "Look in:": "Cari di:",
    "Directory:": "Folder:",
    "Name": "Nama",
    "Size": "Ukuran",
    "Type": "Jenis",
    "Date Modified": "Tanggal Diubah",
    "Back": "Kembali",
    "Forward": "Maju",
    "Parent Directory": "Folder Induk",
    "Create New Folder": "Buat Folder Baru",
    "New Folder": "Folder Baru",
    "All Files (*)": "Semua Berkas (*)",
    "< &Back": "< &Kembali",
    "&Next >": "&Lanjut >",
    "&Finish": "&Selesai",
    "&Next": "&Lanjut",
    "Go Back": "Kembali",
    "Continue": "Lanjutkan",
    "Commit": "Terapkan",
    "Done": "Selesai",
    "Quit": "Keluar",
    "Print": "Cetak",
    "&Print": "&Cetak",
    "Page Setup": "Pengaturan Halaman",
}


class QtIndonesian(QTranslator):
    """A translator over :data:`QT_INDONESIAN`; unknown texts stay as Qt wrote them."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return QT_INDONESIAN.get(source_text, "")

    def isEmpty(self) -> bool:
        return False


def qt_translator(lang: str) -> QTranslator | None:
    """The translator for Qt's own texts in ``lang`` ('id' or 'en'); None for English."""
    if lang == "en":
        return None
    shipped = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if shipped.load(f"qtbase_{lang}", folder):
        return shipped
    return QtIndonesian() if lang == "id" else None
