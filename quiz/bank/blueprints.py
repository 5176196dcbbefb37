"""Exam blueprints (question_bank/exams/*.yaml): the layout of a mock paper."""
from __future__ import annotations

from pathlib import Path

from .loader import Bank, ExamSpec, Problem, display_path, line_of, plain, read_yaml_file
from .types import QUESTION_TYPES, is_number

BLUEPRINT_KEYS = {"title", "duration", "pass_mark", "description", "sections"}
SECTION_KEYS = {"title", "type", "count", "score", "topics", "partial"}


def load_blueprints(directory: Path, bank: Bank) -> None:
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yaml")):
        shown = display_path(path)
        data = read_yaml_file(path, shown, bank.problems)
        if data is None:
            continue
        slug = path.stem
        before = len(bank.problems)
        _validate_blueprint(data, shown, slug, bank)
        if len(bank.problems) == before:
            bank.exams[slug] = ExamSpec(slug, data["title"], plain(data), shown)


def section_pool(bank_questions: dict[str, dict], question_topic: dict[str, str], section: dict) -> set[str]:
    topics = section.get("topics", "all")
    return {
        qid for qid, item in bank_questions.items()
        if item["type"] == section["type"] and (topics == "all" or question_topic[qid] in topics)
    }


def _validate_blueprint(data, shown: str, slug: str, bank: Bank) -> None:
    def problem(line: int, message: str) -> None:
        bank.problems.append(Problem(shown, line, f"exam {slug}", message))

    if not isinstance(data, dict):
        problem(1, "a blueprint is a mapping with title, duration, pass_mark and sections")
        return
    for key in sorted(set(data) - BLUEPRINT_KEYS, key=str):
        problem(data.line, f"unknown key {key!r}")
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        problem(data.line, "title is missing")
    if not isinstance(data.get("duration"), int) or isinstance(data.get("duration"), bool) or data["duration"] <= 0:
        problem(data.line, "duration must be a positive whole number of minutes")
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        problem(data.line, "sections must be a non-empty list")
        return
    total = 0.0
    wanted: dict[str, int] = {}
    pools: dict[str, set[str]] = {}
    for number, section in enumerate(sections, 1):
        line = line_of(section, data.line)
        if not isinstance(section, dict):
            problem(line, f"section {number} must be a mapping")
            continue
        for key in sorted(set(section) - SECTION_KEYS, key=str):
            problem(line, f"section {number}: unknown key {key!r}")
        kind = section.get("type")
        if kind not in QUESTION_TYPES:
            problem(line, f"section {number}: type must be one of {', '.join(QUESTION_TYPES)}")
            continue
        count, score = section.get("count"), section.get("score")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            problem(line, f"section {number}: count must be a whole number ≥ 1")
            continue
        if not is_number(score) or score <= 0:
            problem(line, f"section {number}: score (per item) must be a positive number")
            continue
        if "partial" in section and (kind != "multiple" or not isinstance(section["partial"], bool)):
            problem(line, f"section {number}: partial (true/false) applies to multiple-choice sections only")
        topics = section.get("topics", "all")
        if topics != "all":
            if not isinstance(topics, list) or not topics:
                problem(line, f"section {number}: topics must be 'all' or a list of topic slugs")
                continue
            unknown = [t for t in topics if t not in bank.topics]
            if unknown:
                problem(line, f"section {number}: unknown topics: {', '.join(map(str, unknown))}")
                continue
        pool = section_pool(bank.questions, bank.question_topic, section)
        if count > len(pool):
            problem(line, f"section {number}: asks for {count} {kind} items, the bank has {len(pool)}")
            continue
        wanted[kind] = wanted.get(kind, 0) + count
        pools.setdefault(kind, set()).update(pool)
        total += count * score
    for kind, count in wanted.items():
        if count > len(pools[kind]):
            problem(data.line, f"sections ask for {count} {kind} items in all, the bank has {len(pools[kind])}")
    pass_mark = data.get("pass_mark")
    if not is_number(pass_mark) or pass_mark < 0 or (total and pass_mark > total):
        problem(data.line, f"pass_mark must be a number from 0 to the paper's total ({total:g})")
