"""Free-text grading by scoring points. Knows nothing of HTTP or the database."""
from .grader import Grade, PointResult, grade

__all__ = ["Grade", "PointResult", "grade"]
