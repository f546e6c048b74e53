"""The codebook: labels, their colours, shortcuts and definitions.

- `codebook_dialog`, `codebook_model`: editing labels and link rules.
- `label_commands`, `label_deletion`: undoable label changes, deleting a label in use.
"""
