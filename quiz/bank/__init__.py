"""The question bank: loading, validation and syncing into the database. Knows nothing of HTTP."""
from .loader import Bank, Problem
from .reader import load_bank
from .types import QUESTION_TYPES, InvalidResponse, Scored

__all__ = ["QUESTION_TYPES", "Bank", "InvalidResponse", "Problem", "Scored", "load_bank"]
