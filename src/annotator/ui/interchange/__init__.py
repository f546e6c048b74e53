"""Files in and out of the window.

- `file_actions`, `export_dialog`: importing articles, exporting CSV, saving a copy, recent projects.
- `merge_action`: merging a colleague's project or CSV.
- `brat_actions`, `qdpx_actions`, `interchange_flow`: brat and REFI-QDA import and export.
"""
