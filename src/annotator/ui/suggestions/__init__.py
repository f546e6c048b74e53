"""Suggested quotations and their speakers, to accept or dismiss one by one.

- `suggestions_feature`: the Annotate menu's entries, Tab, Enter and Delete in the article.
- `suggestion_marks`: the frames drawn round open suggestions in the article.
- `suggestion_list`: the list under the annotations, with its count and buttons.
- `suggestion_commands`: undoable accept, dismiss and label-choice steps.
- `suggestion_labels`: the codebook's choice of label for each kind of suggestion.
"""
