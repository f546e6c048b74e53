"""Importers and exporters: streaming, Qt-free."""
