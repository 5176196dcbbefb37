"""Trainers' bank work in the database: saving an edited item, exporting a topic as YAML in the bank's own
form, and imports that are previewed first and then applied all at once (or not at all)."""
from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

import yaml
from sqlalchemy import func, select

from ..clock import utcnow
from ..extensions import db
from ..models import ImportBatch, Question, Topic
from .formats import FormatProblem
from .formats.gift import parse_gift
from .formats.spreadsheet import parse_csv, parse_xlsx
from .loader import TOPIC_PATTERN, Bank, content_hash, item_problems, load_topic_text

IMPORT_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".gift": "gift", ".txt": "gift", ".xlsx": "xlsx", ".csv": "csv"}
MAX_IMPORT_ITEMS = 2000


class AuthoringError(ValueError):
    pass


# ----------------------------------------------------------------------------- reading and exporting


def topic_items(topic_id: str) -> list[dict]:
    return [q.data for q in db.session.scalars(
        select(Question).where(Question.topic_id == topic_id, Question.active.is_(True)).order_by(Question.position))]


class _BankDumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks, keys in the bank's order, Chinese as it is: the form of question_bank/."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _text)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BankDumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)


def topic_yaml(topic: Topic) -> str:
    document: dict[str, Any] = {"topic": topic.id, "title": topic.title}
    if topic.chapter:
        document["chapter"] = topic.chapter
    document["questions"] = topic_items(topic.id)
    return dump_yaml(document)


# ----------------------------------------------------------------------------- the web editor


def save_question(item: dict, topic_id: str, original_id: str | None = None) -> list[str]:
    """Validate and store one edited item; the problems, if any, and nothing stored then."""
    problems = item_problems(item, require_source=False)
    qid = item.get("id")
    if original_id is not None and qid != original_id:
        problems.append("id cannot change: progress is keyed on it")
    existing = db.session.get(Question, qid) if isinstance(qid, str) else None
    if original_id is None and existing is not None:
        problems.append(f"id {qid} is already used (topic {existing.topic_id})")
    if db.session.get(Topic, topic_id) is None:
        problems.append(f"unknown topic {topic_id}")
    if problems:
        return problems
    _store(item, topic_id, existing)
    db.session.commit()
    return []


def _store(item: dict, topic_id: str, existing: Question | None) -> None:
    if existing is None:
        position = db.session.scalar(select(func.coalesce(func.max(Question.position), 0))) + 1
        existing = Question(id=item["id"], position=position)
        db.session.add(existing)
    existing.topic_id, existing.type, existing.difficulty = topic_id, item["type"], item.get("difficulty", 2)
    existing.data, existing.content_hash, existing.active, existing.updated_at = item, content_hash(item), True, utcnow()


def next_ids(topic_id: str, count: int) -> list[str]:
    """Fresh ids `<topic>-NNN` after the highest number the topic's ids already use."""
    pattern = re.compile(rf"^{re.escape(topic_id)}-(\d+)$")
    used = [int(m.group(1)) for qid in db.session.scalars(select(Question.id).where(Question.id.like(f"{topic_id}-%")))
            if (m := pattern.match(qid))]
    start = max(used, default=0) + 1
    return [f"{topic_id}-{n:03d}" for n in range(start, start + count)]


# ----------------------------------------------------------------------------- imports


def prepare_import(user_id: int, filename: str, data: bytes, topic_id: str, topic_title: str) -> ImportBatch:
    """Parse an upload and check every item as `flask bank check` does; keep it for a preview, change nothing."""
    kind = IMPORT_FORMATS.get(PurePath(filename).suffix.lower())
    if kind is None:
        raise AuthoringError(f"unsupported file type; use one of {', '.join(sorted(IMPORT_FORMATS))}")
    problems: list[dict] = []
    chapter = None
    if kind == "yaml":
        parsed, topic_id, topic_title, chapter = _parse_yaml_upload(data, filename, topic_id, topic_title, problems)
    else:
        if not TOPIC_PATTERN.match(topic_id or ""):
            raise AuthoringError("topic must be a slug of lowercase letters, digits and hyphens")
        found, format_problems = _parse_other(kind, data)
        problems += [{"line": p.line, "item": "-", "message": p.message} for p in format_problems]
        ids = next_ids(topic_id, len(found))
        parsed = [(line, dict(item, id=qid)) for (line, item), qid in zip(found, ids)]
    if len(parsed) > MAX_IMPORT_ITEMS:
        raise AuthoringError(f"at most {MAX_IMPORT_ITEMS} items per import")
    for line, item in parsed:
        problems += [{"line": line, "item": item.get("id", "-"), "message": m}
                     for m in item_problems(item, require_source=False)]
        owner = db.session.scalar(select(Question.topic_id).where(Question.id == item.get("id")))
        if owner is not None and owner != topic_id:
            problems.append({"line": line, "item": item["id"], "message": f"id is already used in topic {owner}"})
    batch = ImportBatch(user_id=user_id, filename=filename[:255], format=kind, topic_id=topic_id,
                        topic_title=topic_title or topic_id, topic_chapter=chapter, items=[{"line": line, "item": item} for line, item in parsed],
                        problems=sorted(problems, key=lambda p: p["line"]))
    db.session.add(batch)
    db.session.commit()
    return batch


def _parse_other(kind: str, data: bytes) -> tuple[list[tuple[int, dict]], list[FormatProblem]]:
    if kind == "gift":
        try:
            return parse_gift(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return [], [FormatProblem(1, "file is not UTF-8 text")]
    return parse_xlsx(data) if kind == "xlsx" else parse_csv(data)


def _parse_yaml_upload(data: bytes, filename: str, topic_id: str, topic_title: str, problems: list[dict]):
    """A topic file: its own topic slug and title win over the form's."""
    bank = Bank()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append({"line": 1, "item": "-", "message": "file is not UTF-8 text"})
        return [], topic_id, topic_title, None
    load_topic_text(text, filename, bank, require_source=False)
    problems += [{"line": p.line, "item": p.item, "message": p.message} for p in bank.problems]
    if not bank.topics:
        return [], topic_id, topic_title, None
    spec = next(iter(bank.topics.values()))
    items = [(bank.question_lines[qid], bank.questions[qid]) for qid in spec.question_ids]
    return items, spec.slug, spec.title, spec.chapter


def confirm_import(user_id: int, batch_id: int) -> int:
    """Apply a previewed import in one transaction: every item or none."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.user_id != user_id:
        raise LookupError("import not found")
    if batch.confirmed_at is not None:
        raise AuthoringError("this import was already applied")
    if batch.problems:
        raise AuthoringError("fix the problems in the file and upload it again: nothing was imported")
    try:
        if db.session.get(Topic, batch.topic_id) is None:
            position = db.session.scalar(select(func.coalesce(func.max(Topic.position), 0))) + 1
            db.session.add(Topic(id=batch.topic_id, title=batch.topic_title, chapter=batch.topic_chapter,
                                 position=position, active=True))
            db.session.flush()
        for entry in batch.items:
            _store(entry["item"], batch.topic_id, db.session.get(Question, entry["item"]["id"]))
        batch.confirmed_at = utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(batch.items)
