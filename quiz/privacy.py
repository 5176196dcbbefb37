"""A learner's own data: everything we hold about them as JSON, and deleting the account with all of it."""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from .extensions import db
from .models import (
    Assignment,
    Classroom,
    Dispute,
    ImportBatch,
    Membership,
    QuizSession,
    ReviewCard,
    SessionItem,
    Star,
    User,
)


def _iso(value):
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict[str, Any]:
    sessions = db.session.scalars(select(QuizSession).where(QuizSession.user_id == user.id).order_by(QuizSession.id))
    return {
        "account": {"username": user.username, "role": user.role, "created_at": _iso(user.created_at)},
        "sessions": [{
            "id": s.id, "mode": s.mode, "source": s.source, "title": s.title, "exam": s.exam_id,
            "started_at": _iso(s.started_at), "deadline": _iso(s.deadline), "submitted_at": _iso(s.submitted_at),
            "score": s.score, "max_score": s.max_score, "passed": s.passed,
            "answers": [{"question_id": i.question_id, "response": i.response, "answered_at": _iso(i.answered_at),
                         "score": i.score, "max_score": i.max_score, "correct": i.correct,
                         "trainer_score": i.trainer_score, "grade_comment": i.grade_comment,
                         "disputed_points": [d.point for d in i.disputes]} for i in s.items],
        } for s in sessions],
        "reviews": [{"question_id": c.question_id, "due": _iso(c.due), "state": c.state, "reviews": c.reviews,
                     "lapses": c.lapses, "in_mistakes_since": _iso(c.wrong_since)}
                    for c in db.session.scalars(select(ReviewCard).where(ReviewCard.user_id == user.id))],
        "stars": [{"question_id": s.question_id, "created_at": _iso(s.created_at)}
                  for s in db.session.scalars(select(Star).where(Star.user_id == user.id))],
        "classes": [m.classroom.name for m in db.session.scalars(select(Membership).where(Membership.user_id == user.id))],
    }


def delete_account(user: User) -> None:
    """Everything the user owns goes, in one transaction. A trainer's classes go too; their students keep
    their own attempts, detached from the deleted assignments."""
    try:
        own_sessions = select(QuizSession.id).where(QuizSession.user_id == user.id)
        own_items = select(SessionItem.id).where(SessionItem.session_id.in_(own_sessions))
        classes = select(Classroom.id).where(Classroom.trainer_id == user.id)
        assignments = select(Assignment.id).where(Assignment.class_id.in_(classes))
        db.session.execute(update(QuizSession).where(QuizSession.assignment_id.in_(assignments))
                           .values(assignment_id=None))
        db.session.execute(update(SessionItem).where(SessionItem.graded_by_id == user.id).values(graded_by_id=None))
        db.session.execute(update(ReviewCard).where(ReviewCard.wrong_session_id.in_(own_sessions))
                           .values(wrong_session_id=None))
        for statement in (
            delete(Dispute).where(Dispute.session_item_id.in_(own_items)),
            delete(SessionItem).where(SessionItem.session_id.in_(own_sessions)),
            delete(QuizSession).where(QuizSession.user_id == user.id),
            delete(ReviewCard).where(ReviewCard.user_id == user.id),
            delete(Star).where(Star.user_id == user.id),
            delete(Membership).where((Membership.user_id == user.id) | Membership.class_id.in_(classes)),
            delete(Assignment).where(Assignment.class_id.in_(classes)),
            delete(Classroom).where(Classroom.trainer_id == user.id),
            delete(ImportBatch).where(ImportBatch.user_id == user.id),
            delete(User).where(User.id == user.id),
        ):
            db.session.execute(statement)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
