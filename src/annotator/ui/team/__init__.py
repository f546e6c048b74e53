"""Team work in the window: assignments and the done mark in the document list, blind mode, and
everyone's progress.

- `team_feature.TeamFeature`: names the window's annotator to the project (so that only their own
  annotations change, and blind mode applies), the *My assignments* filter and the document list's
  context menu (assign, take back, mark done), *Review → Blind mode* and *Review → Team progress…*.
- `progress_window.TeamProgressWindow`: documents done per annotator and agreement so far.
"""
