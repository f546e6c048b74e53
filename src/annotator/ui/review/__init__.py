"""Reviewing a colleague's work and measuring agreement.

- `review_feature.ReviewMode`, `review_bar`, `review_commands`: accept, reject or comment, undoably.
- `annotators_feature`, `compare_panel`: whose annotations are shown, side by side.
- `agreement_action`, `agreement_window`: agreement figures between annotators (the window is
  loaded on first use).
"""
