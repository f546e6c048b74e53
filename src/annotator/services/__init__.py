"""Every change to a project: one function, one transaction, returning what changed.

Callers hold a `Project` handle (see `annotator.services.handle`) and pass it to these functions.
"""

from annotator.services.handle import Project

__all__ = ["Project"]
