"""The workspace: reading and labelling one article.

- `workspace.Workspace`: the document list, the article and the tag panel working together.
- `document_list`, `document_details`: the project's documents and their metadata.
- `document_view`, `span_highlighter`, `span_margin`, `transient_marks`, `find_bar`: the article
  with its coloured spans, the margin of overlaps, find-in-article.
- `tag_panel`, `annotation_table`, `annotation_table_view`, `annotation_rows`, `annotation_menu`:
  the annotations of this document and what can be done with them.
- `annotation_commands`: the undoable label / delete / relabel / note steps.
- `document_codes_panel`, `document_code_commands`: the codes of the whole article shown (its
  document labels as toggles above it) and their undoable set / remove steps.
"""
