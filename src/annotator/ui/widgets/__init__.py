"""Shared pieces every room uses.

- `dialogs`: error boxes, confirmations, the annotator-name, shortcuts and label-deletion dialogs.
- `file_dialogs`: file and folder choosers that remember the last folder.
- `label_panel`: label swatches and the row of label buttons.
- `shortcut_guard`: keeps one-key shortcuts out of editors; Esc rules.
- `theme`, `icons`: colours for light and dark, themed toolbar icons.
"""
