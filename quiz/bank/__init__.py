"""The question bank: loading, validation and syncing into the database. Knows nothing of HTTP."""
from .loader import Bank, Problem
from .reader import load_bank
from .types import QUESTION_TYPES, InvalidResponse, Scored

__all__ = ["Bank", "Problem", "load_bank", "QUESTION_TYPES", "InvalidResponse", "Scored"]
