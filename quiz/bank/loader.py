"""Loading and validating the YAML bank: every problem is reported as `file:line: item-id: message`."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .types import QUESTION_TYPES, validate_common

try:  # the C parser when libyaml is there; construction stays in Python either way
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
TOPIC_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_KEYS = {"topic", "title", "chapter", "questions"}
MAX_ANCHOR = 40


class LineDict(dict):
    """A mapping that remembers the line it started on."""

    line = 0


class _LineLoader(_BaseLoader):
    def construct_line_mapping(self, node):
        data = LineDict()
        data.line = node.start_mark.line + 1
        yield data
        keys = [self.construct_object(key) for key, _ in node.value]
        duplicates = {k for k in keys if isinstance(k, str) and keys.count(k) > 1}
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {min(duplicates)!r}", node.start_mark
            )
        data.update(self.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_line_mapping)


def parse_yaml(text: str) -> Any:
    """Safe load with line numbers kept on every mapping; a tag that builds objects is an error."""
    return yaml.load(text, Loader=_LineLoader)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.item}: {self.message}"


@dataclass
class TopicSpec:
    slug: str
    title: str
    chapter: str | None
    file: str
    question_ids: list[str] = field(default_factory=list)


@dataclass
class ExamSpec:
    slug: str
    title: str
    data: dict
    file: str


@dataclass
class Bank:
    topics: dict[str, TopicSpec] = field(default_factory=dict)
    questions: dict[str, dict] = field(default_factory=dict)  # id → item as plain data
    question_topic: dict[str, str] = field(default_factory=dict)
    question_lines: dict[str, int] = field(default_factory=dict)
    exams: dict[str, ExamSpec] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def plain(value: Any) -> Any:
    """LineDicts back to plain dicts (for JSON columns and hashing)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def content_hash(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def line_of(node: Any, default: int) -> int:
    return getattr(node, "line", default) or default


def read_yaml_file(path: Path, shown: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, "-", "file is not UTF-8 text"))
        return None
    return read_yaml_text(text, shown, problems)


def read_yaml_text(text: str, shown: str, problems: list[Problem]) -> Any:
    """Parsed YAML, or None with the error recorded at its line."""
    try:
        return parse_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(Problem(shown, line, "-", f"YAML error: {exc.problem or exc.context}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, 1, "-", f"YAML error: {exc}"))
    return None


def load_topic_file(path: Path, shown: str, bank: Bank, material: dict[str, str] | None) -> None:
    load_topic_data(read_yaml_file(path, shown, bank.problems), shown, bank, material)


def load_topic_text(text: str, shown: str, bank: Bank, require_source: bool = True) -> None:
    """A topic file's text (an upload, say), checked as a bank file is."""
    load_topic_data(read_yaml_text(text, shown, bank.problems), shown, bank, None, require_source)


def load_topic_data(data: Any, shown: str, bank: Bank, material: dict[str, str] | None,
                    require_source: bool = True) -> None:
    if data is None:
        return

    def problem(line: int, item: str, message: str) -> None:
        bank.problems.append(Problem(shown, line, item, message))

    if not isinstance(data, dict):
        problem(1, "-", "a topic file is a mapping with topic, title and questions")
        return
    slug = data.get("topic")
    for key in sorted(set(data) - TOP_KEYS, key=str):
        problem(data.line, "-", f"unknown key {key!r} (a topic file has {', '.join(sorted(TOP_KEYS))})")
    if not isinstance(slug, str) or not TOPIC_PATTERN.match(slug):
        problem(data.line, "-", "topic must be a slug of lowercase letters, digits and hyphens")
        return
    if slug in bank.topics:
        problem(data.line, "-", f"topic {slug!r} is also defined in {bank.topics[slug].file}")
        return
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        problem(data.line, "-", "title is missing")
    if "chapter" in data and not isinstance(data["chapter"], str):
        problem(data.line, "-", "chapter must be text")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        problem(data.line, "-", "questions must be a non-empty list")
        questions = []
    topic = TopicSpec(slug, str(data.get("title") or slug), data.get("chapter"), shown)
    bank.topics[slug] = topic
    for index, item in enumerate(questions, 1):
        line = line_of(item, data.line)
        if not isinstance(item, dict):
            problem(line, f"#{index}", "each question is a mapping with id, type, stem…")
            continue
        qid = item.get("id")
        label = qid if isinstance(qid, str) else f"#{index}"
        if isinstance(qid, str) and qid in bank.question_topic:
            problem(line, label, f"duplicate id (also in {bank.topics[bank.question_topic[qid]].file})")
            continue
        messages = item_problems(item, material, require_source)
        for message in messages:
            problem(line, label, message)
        if isinstance(qid, str):
            bank.question_topic[qid] = slug
            bank.question_lines[qid] = line
            if not messages:
                bank.questions[qid] = plain(item)
                topic.question_ids.append(qid)


def item_problems(item: dict, material: dict[str, str] | None = None, require_source: bool = True) -> list[str]:
    """Every rule one item breaks, as messages. Bank files must cite the course material; items written in
    the web editor or imported from other tools may leave `source` out."""
    messages: list[str] = []
    report = messages.append
    qid = item.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        report("id must be lowercase letters, digits, '-', '_' or '.'")
    kind = QUESTION_TYPES.get(item.get("type"))
    if kind is None:
        report(f"type must be one of {', '.join(QUESTION_TYPES)}")
        return messages
    validate_common(item, report)
    kind.validate(item, report)
    if require_source or "source" in item:
        _check_source(item.get("source"), report, material)
    return messages


def _check_source(source: Any, report, material: dict[str, str] | None) -> None:
    if not isinstance(source, dict) or not isinstance(source.get("doc"), str) or not source.get("anchor"):
        report('source needs doc (e.g. "002") and anchor')
        return
    anchor = str(source["anchor"])
    if len(anchor) > MAX_ANCHOR:
        report(f"source.anchor is {len(anchor)} characters; at most {MAX_ANCHOR}")
    if material is not None:
        text = material.get(source["doc"])
        if text is None:
            report(f"source.doc {source['doc']!r} names no course-material file")
        elif re.sub(r"\s+", "", anchor) not in text:
            report(f"source.anchor {anchor!r} is not found in document {source['doc']}")


def read_material(directory: Path) -> dict[str, str]:
    """Course-material texts by file prefix, whitespace removed (anchors ignore whitespace)."""
    return {
        path.name.split("-", 1)[0]: re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.txt"))
    }


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
