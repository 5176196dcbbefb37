"""Database models: users, the synced bank, and quiz sessions with one row per answer."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .clock import utcnow
from .extensions import db

ROLES = ("student", "trainer", "admin")


class UTCDateTime(db.TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default="student")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Topic(db.Model):
    __tablename__ = "topics"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the bank's topic slug
    title: Mapped[str] = mapped_column(String(200))
    chapter: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Question(db.Model):
    """A bank item. Its id is the bank id, stable forever; removed items are retired, never deleted."""

    __tablename__ = "questions"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topics.id"), index=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    difficulty: Mapped[int] = mapped_column(Integer, default=2)
    position: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topic: Mapped[Topic] = relationship()


class ExamBlueprint(db.Model):
    __tablename__ = "exam_blueprints"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # file name without .yaml
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class QuizSession(db.Model):
    """A practice run or a mock exam. An exam's deadline lives here, so any app instance enforces it."""

    __tablename__ = "quiz_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    mode: Mapped[str] = mapped_column(String(16))  # practice | exam
    # Where a practice set came from: chosen topics, the review queue, the 错题本, 收藏, or weak topics.
    source: Mapped[str] = mapped_column(String(16), default="topics")
    study: Mapped[bool] = mapped_column(Boolean, default=False)  # 背题模式: answers shown at once
    exam_id: Mapped[str | None] = mapped_column(ForeignKey("exam_blueprints.id"))
    title: Mapped[str] = mapped_column(String(200))
    # Exam layout as drawn at start: sections with title/type/score, pass mark, duration.
    layout: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float, default=0)
    passed: Mapped[bool | None] = mapped_column(Boolean)

    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)

    items: Mapped[list[SessionItem]] = relationship(
        back_populates="session", order_by="SessionItem.position", cascade="all, delete-orphan"
    )


class SessionItem(db.Model):
    """One question in a session and the learner's answer to it (one row per answer)."""

    __tablename__ = "session_items"
    __table_args__ = (
        UniqueConstraint("session_id", "question_id"),
        # A learner's per-topic figures (mastery, progress) are read from this index alone, topic by topic:
        # the rows themselves carry the bulky snapshot.
        Index("ix_session_items_user_topic", "user_id", "topic_id", "answered_at", "question_id", "difficulty",
              "score", "max_score", "correct"),
        Index("ix_session_items_user_day", "user_id", "answered_on"),
        # Room in each page for a row's next version: saving an exam answer changes no indexed column, so on
        # PostgreSQL the new version stays in the page and no index is touched (a heap-only update).
        {"postgresql_with": {"fillfactor": 70}},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique (session_id, question_id) index serves every lookup by session, and each
    # saved answer would have to update one more index.
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_sessions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[int] = mapped_column(Integer, default=0)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topics.id"), index=True)
    difficulty: Mapped[int] = mapped_column(Integer, default=2)  # the question's, for mastery weights
    # The question as it was when the session started: scoring and results never shift after an edit.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    max_score: Mapped[float] = mapped_column(Float)
    partial_credit: Mapped[bool] = mapped_column(Boolean, default=False)
    response: Mapped[Any | None] = mapped_column(JSON)
    # When the answer counted: in practice when it was given; in an exam when the exam was submitted (an exam
    # save writes the response alone, see sessions._SAVE_EXAM_ANSWER).
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_on: Mapped[date | None] = mapped_column(Date)  # the learner's local day (APP_TIMEZONE)
    # The score that counts: the trainer's when there is one, else the machine's.
    score: Mapped[float | None] = mapped_column(Float)
    machine_score: Mapped[float | None] = mapped_column(Float)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # points hit/missed, blanks, parts
    # A person should look: the grader was unsure or the learner disputed a point, and no trainer has graded it.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    trainer_score: Mapped[float | None] = mapped_column(Float)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grade_comment: Mapped[str | None] = mapped_column(Text)

    session: Mapped[QuizSession] = relationship(back_populates="items")
    # Loaded with the items (one query for all of them): results show every item's disputes.
    disputes: Mapped[list[Dispute]] = relationship(back_populates="item", order_by="Dispute.id",
                                                   cascade="all, delete-orphan", lazy="selectin")


class ReviewCard(db.Model):
    """The spaced-repetition (FSRS) state of one learner and one question, and its place in the 错题本."""

    __tablename__ = "review_cards"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        Index("ix_review_cards_user_due", "user_id", "due"),
        Index("ix_review_cards_user_wrong", "user_id", "wrong_since"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    topic_id: Mapped[str] = mapped_column(ForeignKey("topics.id"))
    state: Mapped[int] = mapped_column(Integer)  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    # 错题本: set by a wrong answer, cleared by a right answer in a later session.
    wrong_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wrong_session_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_sessions.id"))


class Star(db.Model):
    """收藏: a question a learner starred."""

    __tablename__ = "stars"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Dispute(db.Model):
    """A learner's "I did cover this point" on a point the grader marked as missed."""

    __tablename__ = "disputes"
    __table_args__ = (UniqueConstraint("session_item_id", "point"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id"), index=True)
    point: Mapped[str] = mapped_column(String(32))  # "2" (third point) or "b/0" (part b, first point)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    item: Mapped[SessionItem] = relationship(back_populates="disputes")


class Classroom(db.Model):
    """A trainer's class: students join with its code."""

    __tablename__ = "classrooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[Membership]] = relationship(back_populates="classroom", cascade="all, delete-orphan")
    assignments: Mapped[list[Assignment]] = relationship(back_populates="classroom", order_by="Assignment.id",
                                                         cascade="all, delete-orphan")


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class Assignment(db.Model):
    """An exam (a blueprint) or a practice set given to a class, with a due date."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # exam | practice
    exam_id: Mapped[str | None] = mapped_column(ForeignKey("exam_blueprints.id"))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # practice: topics, types, count
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="assignments")


class ImportBatch(db.Model):
    """An uploaded file parsed for preview; nothing enters the bank until the trainer confirms it."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(16))
    topic_id: Mapped[str] = mapped_column(String(64))
    topic_title: Mapped[str] = mapped_column(String(200))
    topic_chapter: Mapped[str | None] = mapped_column(String(200))
    items: Mapped[list[Any]] = mapped_column(JSON)  # [{line, item}] in the bank format, ids assigned
    problems: Mapped[list[Any]] = mapped_column(JSON)  # [{line, item, message}]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
