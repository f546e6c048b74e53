"""The headless subcommands, one module per family; `annotator.cli` dispatches to them."""
