"""Annotator: label spans in news articles and keep them in one SQLite project file."""

__version__ = "0.1.0"
