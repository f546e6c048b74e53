"""Working across the whole corpus.

- `corpus_actions`: the Corpus menu; `corpus_search_window`, `corpus_commands`: search every
  document and label the matches undoably.
- `retrieve_window`, `kwic_model`: annotations in context (keyword in context).
- `stats_window`, `charts_panel`: counts and charts per label, annotator and document.
"""
