"""Sync a validated bank into the database in one transaction, keyed on the stable item ids.

Items gone from the YAML are retired (kept, inactive) so that nobody's history loses its question."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..clock import utcnow
from ..extensions import db
from ..models import ExamBlueprint, Question, Topic
from .loader import Bank, content_hash


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    topics: int = 0
    exams: int = 0

    def __str__(self) -> str:
        return (f"{self.topics} topics, {self.exams} exams; questions: {self.added} added, "
                f"{self.updated} updated, {self.retired} retired, {self.unchanged} unchanged")


def sync_bank(bank: Bank) -> SyncReport:
    if not bank.ok:
        raise ValueError("refusing to sync a bank with problems; run `flask bank check`")
    report = SyncReport(topics=len(bank.topics), exams=len(bank.exams))
    try:
        _sync_topics(bank)
        _sync_questions(bank, report)
        _sync_exams(bank)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _sync_topics(bank: Bank) -> None:
    existing = {t.id: t for t in db.session.scalars(select(Topic))}
    for position, spec in enumerate(bank.topics.values()):
        topic = existing.pop(spec.slug, None) or Topic(id=spec.slug)
        topic.title, topic.chapter, topic.position, topic.active = spec.title, spec.chapter, position, True
        db.session.add(topic)
    for topic in existing.values():
        topic.active = False
    db.session.flush()


def _sync_questions(bank: Bank, report: SyncReport) -> None:
    existing = {q.id: q for q in db.session.scalars(select(Question))}
    position = 0
    for spec in bank.topics.values():
        for qid in spec.question_ids:
            item = bank.questions[qid]
            digest = content_hash(item)
            question = existing.pop(qid, None)
            if question is None:
                db.session.add(_new_question(qid, spec.slug, item, digest, position))
                report.added += 1
            elif question.content_hash != digest or not question.active or question.topic_id != spec.slug \
                    or question.position != position:
                _update_question(question, spec.slug, item, digest, position)
                report.updated += 1
            else:
                report.unchanged += 1
            position += 1
    for question in existing.values():
        if question.active:
            question.active = False
            report.retired += 1


def _new_question(qid: str, topic: str, item: dict, digest: str, position: int) -> Question:
    return Question(id=qid, topic_id=topic, type=item["type"], difficulty=item.get("difficulty", 2),
                    data=item, content_hash=digest, active=True, position=position)


def _update_question(question: Question, topic: str, item: dict, digest: str, position: int) -> None:
    question.topic_id, question.type, question.difficulty = topic, item["type"], item.get("difficulty", 2)
    question.data, question.content_hash, question.active, question.position = item, digest, True, position
    question.updated_at = utcnow()


def _sync_exams(bank: Bank) -> None:
    existing = {e.id: e for e in db.session.scalars(select(ExamBlueprint))}
    for spec in bank.exams.values():
        exam = existing.pop(spec.slug, None) or ExamBlueprint(id=spec.slug)
        exam.title, exam.data, exam.active = spec.title, spec.data, True
        db.session.add(exam)
    for exam in existing.values():
        exam.active = False
