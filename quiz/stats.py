"""Figures about a learner's history, computed by SQL aggregates (never by loading the history)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from .extensions import db
from .models import Question, QuizSession, Topic


def topic_list() -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Topic.id, Topic.title, Topic.chapter, func.count(Question.id))
        .outerjoin(Question, (Question.topic_id == Topic.id) & Question.active.is_(True))
        .where(Topic.active.is_(True))
        .group_by(Topic.id, Topic.title, Topic.chapter, Topic.position)
        .order_by(Topic.position)
    ).all()
    return [{"id": r[0], "title": r[1], "chapter": r[2], "question_count": r[3]} for r in rows]


def session_history(user_id: int, limit: int = 200) -> list[QuizSession]:
    return list(db.session.scalars(
        select(QuizSession).where(QuizSession.user_id == user_id)
        .order_by(QuizSession.started_at.desc(), QuizSession.id.desc()).limit(limit)
    ))
