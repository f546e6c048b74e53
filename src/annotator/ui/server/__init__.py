"""A project on a PostgreSQL server in the window: opening one by its address, colleagues'
changes shown as they are made, and what the window says and refuses while the server is away.

- `address_dialog.ServerAddressDialog`: File → Open server project… asks for the address.
- `live.ServerLive`: listens for the project's writes; a colleague's new, changed or deleted
  annotation, review or link is shown in the article and the tables without moving the analyst's
  selection or scroll; a lost server is said in a banner above the article, changes are refused
  meanwhile, and the window reconnects and catches up when the server is back.
"""
