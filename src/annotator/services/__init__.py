"""Every change to a project: one function, one transaction, returning what changed."""

from annotator.store.engine import ProjectStore as Project

__all__ = ["Project"]
