"""Asking for the address of a project on a PostgreSQL server."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.i18n import _

#: How a server address begins (anything else is a file name).
SERVER_SCHEMES = ("postgresql://", "postgres://")


def looks_like_server_address(text: str) -> bool:
    """Whether `text` is written as a server address (postgresql://…)."""
    return text.strip()[:16].lower().startswith(SERVER_SCHEMES)


class ServerAddressDialog(QDialog):
    """Asks for postgresql://[user@]host[:port]/dbname; never for a password."""

    def __init__(self, initial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open server project"))
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(_("Enter the address of a project database on a PostgreSQL server."))
        explanation = QLabel(_(
            "The address of the project's database, as its administrator gave it: "
            "postgresql://user@host:port/database. The password is not part of it: it is read "
            "from PGPASSWORD, ~/.pgpass or a service file."), self)
        explanation.setWordWrap(True)
        self.address_edit = QLineEdit(initial.strip(), self)
        self.address_edit.setObjectName("serverAddress")
        self.address_edit.setPlaceholderText("postgresql://camille@db.example.org/newsroom")
        self.address_edit.setAccessibleName(_("Server address"))
        self.problem = QLabel(self)
        self.problem.setObjectName("serverAddressProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.address_edit)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.address_edit.textChanged.connect(self._on_address_edit_text_changed)
        self._on_address_edit_text_changed(self.address_edit.text())
        self.setMinimumWidth(480)

    def address(self) -> str:
        """The address typed, trimmed."""
        return self.address_edit.text().strip()

    def _on_address_edit_text_changed(self, text: str) -> None:
        text = text.strip()
        fine = looks_like_server_address(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(fine)
        self.problem.setText("" if fine or not text else _("A server address begins with postgresql://"))

    @classmethod
    def ask(cls, parent: QWidget | None, initial: str = "") -> str | None:
        """The address, or None when cancelled."""
        dialog = cls(initial, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not looks_like_server_address(dialog.address()):
            return None
        return dialog.address()
