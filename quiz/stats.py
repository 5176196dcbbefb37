"""Figures about a learner's history, computed by SQL aggregates (never by loading the history)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select

from .extensions import db
from .models import Question, QuizSession, SessionItem, Topic


def topic_progress(user_id: int) -> list[dict[str, Any]]:
    """Per topic: items in the bank, answers given, right answers, share of marks earned, last practised."""
    answered = (
        select(
            SessionItem.topic_id.label("topic_id"),
            func.count().label("answered"),
            func.count(func.distinct(SessionItem.question_id)).label("seen"),
            func.sum(case((SessionItem.correct.is_(True), 1), else_=0)).label("right"),
            func.sum(SessionItem.score).label("score"),
            func.sum(SessionItem.max_score).label("max_score"),
            func.max(SessionItem.answered_at).label("last"),
        )
        .join(QuizSession, QuizSession.id == SessionItem.session_id)
        .where(QuizSession.user_id == user_id, SessionItem.score.is_not(None), SessionItem.response.is_not(None))
        .group_by(SessionItem.topic_id)
        .subquery()
    )
    bank_size = (
        select(Question.topic_id, func.count().label("size"))
        .where(Question.active.is_(True)).group_by(Question.topic_id).subquery()
    )
    rows = db.session.execute(
        select(Topic.id, Topic.title, Topic.chapter, func.coalesce(bank_size.c.size, 0),
               answered.c.answered, answered.c.seen, answered.c.right, answered.c.score,
               answered.c.max_score, answered.c.last)
        .outerjoin(bank_size, bank_size.c.topic_id == Topic.id)
        .outerjoin(answered, answered.c.topic_id == Topic.id)
        .where(Topic.active.is_(True))
        .order_by(Topic.position)
    ).all()
    return [
        {
            "topic": r[0], "title": r[1], "chapter": r[2], "question_count": r[3],
            "answered": r[4] or 0, "seen": r[5] or 0, "right": r[6] or 0,
            "accuracy": round((r[7] or 0) / r[8], 3) if r[8] else None,
            "last_practised": r[9].isoformat() if r[9] else None,
        }
        for r in rows
    ]


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
