"""The project file: ORM models, engine and schema migrations."""
