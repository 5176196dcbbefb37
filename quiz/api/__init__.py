"""JSON API under /api/v1, described by /api/v1/openapi.json."""
from .views import api_bp

__all__ = ["api_bp"]
