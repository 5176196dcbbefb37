"""Batch grading of answers collected elsewhere (e.g. typed in from a paper exam) against one bank file."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..bank.loader import Bank, display_path, line_of, load_topic_file, read_yaml_file
from ..bank.types import QUESTION_TYPES, InvalidResponse


@dataclass
class BatchProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def answerable_items(questions: dict[str, dict]) -> dict[str, dict]:
    """Items by id, and each case part as `id/part` (its stem preceded by the case's scenario)."""
    items = {}
    for qid, item in questions.items():
        items[qid] = item
        for part in item.get("parts", []):
            items[f"{qid}/{part['id']}"] = dict(part, stem=f"{item['stem']}\n\n{part['stem']}")
    return items


def load_items(bank_file: Path) -> tuple[dict[str, dict], list[str]]:
    """The answerable items of one bank file, and the file's problems."""
    bank = Bank()
    load_topic_file(bank_file, display_path(bank_file), bank, None)
    return answerable_items(bank.questions), [str(p) for p in bank.problems]


def grade_answers(items: dict[str, dict], answers_file: Path) -> Iterator[dict[str, Any] | BatchProblem]:
    """One result per answer, in order: {question, score, max_score, points: [{point, hit}]} or a problem."""
    shown = display_path(answers_file)
    problems: list = []
    entries = read_yaml_file(answers_file, shown, problems)
    if problems:
        yield from (BatchProblem(f"{p.file}:{p.line}", p.message) for p in problems)
        return
    if not isinstance(entries, list):
        yield BatchProblem(f"{shown}:1", "the answers file is a list of {question: id, answer: text}")
        return
    for number, entry in enumerate(entries, 1):
        where = f"{shown}:{line_of(entry, 1)}"
        if not isinstance(entry, dict) or set(entry) != {"question", "answer"}:
            yield BatchProblem(where, f"entry {number} must have exactly `question` and `answer`")
            continue
        item = items.get(str(entry["question"]))
        if item is None:
            yield BatchProblem(where, f"question {entry['question']!r} is not in the bank file")
            continue
        kind = QUESTION_TYPES[item["type"]]
        try:
            response = kind.parse_response(item, entry["answer"] if entry["answer"] is not None else "")
        except InvalidResponse as exc:
            yield BatchProblem(where, f"{entry['question']}: {exc}")
            continue
        max_score = kind.natural_max(item)
        result = kind.score(item, response, max_score)
        yield {
            "question": entry["question"], "score": result.score, "max_score": max_score,
            "points": [{"point": p["point"], "hit": p["hit"]} for p in result.detail.get("points", [])],
        }
