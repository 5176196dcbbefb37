"""Converters between the bank's item format and the formats trainers bring or take away.

Importers return (items, problems): items as (line or row, item) pairs in the bank's own format (no `id`:
the import service numbers them), problems as FormatProblem(line, message). Exporters take items in the
bank's format and return text or bytes. None of them knows about HTTP or the database."""
from dataclasses import dataclass


@dataclass(frozen=True)
class FormatProblem:
    line: int       # line of a text file, or row of a spreadsheet (1-based, as a person counts)
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"
