# Reviews, assignments and conflicts (reviews.py); oral votes and awards live beside them.
from .reviews import Assignment, Conflict, Review  # noqa: F401
