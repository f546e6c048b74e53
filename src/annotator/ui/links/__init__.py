"""Links between annotations (a claim attributed to its source).

- `links_feature`: link mode in the window; `link_overlay`: the lines drawn over the article.
- `link_list`, `link_dialogs`: the links of a span, choosing a relation.
- `link_commands`: undoable link and link-rule steps; `link_rules_panel`: the codebook's link rules.
"""
