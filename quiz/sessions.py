"""Every write of quiz state — start, answer, submit — happens here. Plain values in, plain values out."""
from __future__ import annotations

import json
import random
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, Text, bindparam, cast, func, insert, select, update

from . import accounts, learning
from .bank.types import QUESTION_TYPES, InvalidResponse, is_number
from .clock import local_day, utcnow
from .extensions import DriverStatement, autocommit_connection, db, open_papers
from .i18n import N_, session_title
from .models import Dispute, ExamBlueprint, Question, QuizSession, SessionItem, Topic, User
from .rendering import render_markdown, render_stem

MAX_PRACTICE_ITEMS = 100
PRACTICE_SOURCES = ("topics", "review", "mistakes", "starred", "weak")
DEFAULT_PRACTICE_ITEMS = 10
EXAM_OVER = N_("the exam time is over; the exam was submitted")


class QuizError(Exception):
    """A request the domain refuses; `status` is the HTTP status a view should answer with."""

    status = 400


class NotFound(QuizError):
    status = 404


class Conflict(QuizError):
    status = 409


class DeadlinePassed(QuizError):
    status = 409


class BadRequest(QuizError):
    status = 400


class NotSignedIn(QuizError):
    """The API token the caller sent is no longer accepted by its account (see save_answer)."""

    status = 401


# ----------------------------------------------------------------------------- reading


def get_session(user_id: int, session_id: int, now: datetime | None = None) -> QuizSession:
    """The user's own session (another user's id is simply not found). An expired exam is submitted now."""
    session = db.session.get(QuizSession, session_id)
    if session is None or session.user_id != user_id:
        raise NotFound(N_("session not found"))
    _submit_if_expired(session, now or utcnow())
    return session


def find_item(session: QuizSession, question_id: str) -> SessionItem:
    """One item by its question, read alone (not the other 99 of an exam)."""
    item = db.session.scalar(select(SessionItem).where(SessionItem.session_id == session.id,
                                                       SessionItem.question_id == question_id))
    if item is None:
        raise NotFound(N_("question is not part of this session"))
    return item


def question_payload(item: SessionItem, reveal: bool = False) -> dict[str, Any]:
    """What a learner may see of an item. Answers only with `reveal` (背题模式 or after submission)."""
    question = item.snapshot
    kind = QUESTION_TYPES[question["type"]]
    payload = {
        "id": item.question_id,
        "type": question["type"],
        "position": item.position,
        "section": item.section,
        "max_score": item.max_score,
        "stem_html": render_stem(question["stem"]),
        **kind.public_view(question),
    }
    for part in payload.get("parts", []):
        part["stem_html"] = render_stem(part.pop("stem"))
    if reveal:
        payload["answer"] = kind.answer_view(question)
        payload["explanation_html"] = render_markdown(kind.explanation(question))
    return payload


def session_payload(session: QuizSession) -> dict[str, Any]:
    data = {
        "id": session.id,
        "mode": session.mode,
        "study": session.study,
        "title": session_title(session),
        "started_at": session.started_at.isoformat(),
        "submitted": session.submitted_at is not None,
        "questions": [question_payload(i, reveal=session.study) for i in session.items],
    }
    if session.deadline:
        data["deadline"] = session.deadline.isoformat()
    if session.mode == "exam":
        data["sections"] = session.layout.get("sections", [])
        data["pass_mark"] = session.layout.get("pass_mark")
    return data


# ----------------------------------------------------------------------------- starting


def start_practice(user_id: int, topics: list[str] | None = None, types: list[str] | None = None,
                   count: int | None = None, study: bool = False, source: str = "topics",
                   now: datetime | None = None) -> QuizSession:
    """A practice set: random items of the chosen topics and types, or the first items of a learning source
    (review queue, 错题本, 收藏, weak topics) in that source's order."""
    count = DEFAULT_PRACTICE_ITEMS if count is None else count
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_PRACTICE_ITEMS:
        raise BadRequest(f"count must be a whole number from 1 to {MAX_PRACTICE_ITEMS}")
    if source not in PRACTICE_SOURCES:
        raise BadRequest(f"source must be one of {', '.join(PRACTICE_SOURCES)}")
    if topics:
        _check_topics(topics)
    query = select(Question).where(Question.active.is_(True))
    if types:
        unknown = sorted(set(types) - set(QUESTION_TYPES)) if isinstance(types, list) else ["?"]
        if unknown:
            raise BadRequest(f"unknown question types: {', '.join(unknown)}")
        query = query.where(Question.type.in_(types))
    if source == "topics":
        if topics:
            query = query.where(Question.topic_id.in_(topics))
        questions = list(db.session.scalars(query.order_by(func.random()).limit(count)))
    else:
        ranked = learning.practice_pool(user_id, source, now or utcnow(), topics)
        found = {q.id: q for q in db.session.scalars(query.where(Question.id.in_(ranked)))}
        questions = [found[qid] for qid in ranked if qid in found][:count]
    if not questions:
        raise BadRequest(N_("no questions match these topics and types") if source == "topics"
                         else N_("nothing to practise here yet"))
    session = QuizSession(user_id=user_id, mode="practice", study=study, source=source, title=source, layout={})
    return _save_new(session, [_new_item(question, position, 0, None, False, user_id)
                               for position, question in enumerate(questions, 1)])


def start_exam(user_id: int, exam_id: str, now: datetime | None = None) -> QuizSession:
    blueprint = db.session.get(ExamBlueprint, exam_id) if isinstance(exam_id, str) else None
    if blueprint is None or not blueprint.active:
        raise NotFound(N_("exam not found"))
    spec = blueprint.data
    now = now or utcnow()
    session = QuizSession(
        user_id=user_id, mode="exam", exam_id=blueprint.id, title=blueprint.title, started_at=now,
        deadline=now + timedelta(minutes=spec["duration"]),
        layout={"duration": spec["duration"], "pass_mark": spec["pass_mark"], "sections": []},
    )
    chosen: set[str] = set()
    items: list[dict[str, Any]] = []
    for number, section in enumerate(spec["sections"]):
        # The draw reads ids only; just the drawn questions are loaded.
        query = select(Question.id).where(Question.active.is_(True), Question.type == section["type"])
        if section.get("topics", "all") != "all":
            query = query.where(Question.topic_id.in_(section["topics"]))
        if chosen:
            query = query.where(Question.id.not_in(chosen))
        pool = list(db.session.scalars(query))
        if len(pool) < section["count"]:
            raise Conflict(f"the bank no longer has enough {section['type']} items for this exam")
        drawn = random.sample(pool, section["count"])
        picked = sorted(db.session.scalars(select(Question).where(Question.id.in_(drawn))), key=lambda q: q.position)
        session.layout["sections"].append({
            "title": section.get("title") or section["type"], "type": section["type"],
            "count": section["count"], "score": section["score"], "partial": section.get("partial", False),
        })
        for question in picked:
            chosen.add(question.id)
            items.append(_new_item(question, len(items) + 1, number, float(section["score"]),
                                   section.get("partial", False), user_id))
    return _save_new(session, items)


def _check_topics(topics: list[str]) -> None:
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise BadRequest("topics must be a list of topic ids")
    known = set(db.session.scalars(select(Topic.id).where(Topic.id.in_(topics), Topic.active.is_(True))))
    unknown = sorted(set(topics) - known)
    if unknown:
        raise BadRequest(f"unknown topics: {', '.join(unknown)}")


def _new_item(question: Question, position: int, section: int, max_score: float | None,
              partial: bool, user_id: int) -> dict[str, Any]:
    kind = QUESTION_TYPES[question.type]
    return {
        "user_id": user_id, "question_id": question.id, "difficulty": question.difficulty,
        "topic_id": question.topic_id, "position": position, "section": section, "snapshot": question.data,
        "max_score": max_score if max_score is not None else kind.natural_max(question.data),
        "partial_credit": partial,
    }


def _save_new(session: QuizSession, items: list[dict[str, Any]]) -> QuizSession:
    """The session, then its items in one multi-row INSERT (the ORM would insert an exam's 100 rows one by one
    on SQLite, to read back each new id)."""
    session.max_score = sum(item["max_score"] for item in items)
    db.session.add(session)
    db.session.flush()
    db.session.execute(insert(SessionItem), [dict(item, session_id=session.id) for item in items])
    db.session.commit()
    return session


# ----------------------------------------------------------------------------- answering


# The statements of an exam save, built once and run on the tables (Core, not the ORM): building a statement
# and loading records would cost more than the database work itself. The read also brings the owner's password
# hash, against which an API token is checked (accounts.TokenClaims), so the token costs no read of its own.
_sessions, _items, _users = QuizSession.__table__.c, SessionItem.__table__.c, User.__table__.c
_ANSWER_TARGET = (
    select(_sessions.mode, _sessions.submitted_at, _sessions.deadline, _items.id, _items.snapshot, _items.response,
           _users.password_hash)
    .select_from(QuizSession.__table__)
    .join(User.__table__, _users.id == _sessions.user_id)
    .outerjoin(SessionItem.__table__,
               (_items.session_id == _sessions.id) & (_items.question_id == bindparam("question")))
    .where(_sessions.id == bindparam("session"), _sessions.user_id == bindparam("user"))
)
# An exam's paper as this process keeps it (OpenPapers): each item's question. The snapshot comes as text, so
# that the same question in many learners' papers is parsed and kept once.
_PAPER = select(_items.question_id, cast(_items.snapshot, Text)).where(
    _items.session_id == bindparam("session"))
# The write holds only while the exam is open and the item unscored. A submit scores every item (its score is
# never NULL again) after locking them all (_finalize), so a save racing it either lands before the lock, and
# is scored, or waits for the submit and then finds the item scored and changes nothing. (SQLite has a single
# writer: the submit's transaction simply runs before or after the save.) It also holds only while the session
# is the user's and the account has the password hash the caller was checked against: the values a remembered
# paper supplies are checked again by the database, in the same statement. It writes the response alone: no
# indexed column changes, so PostgreSQL rewrites the row in its page without touching the table's eight indexes
# (a heap-only update; session_items keeps room in each page for it). The answer's time is the submission's.
_SAVE_EXAM_ANSWER = DriverStatement(
    SessionItem.__table__.update()
    .where(_items.session_id == bindparam("session"), _items.question_id == bindparam("question"),
           _items.score.is_(None),
           select(_sessions.id)
           .join(User.__table__, _users.id == _sessions.user_id)
           .where(_sessions.id == bindparam("session"), _sessions.user_id == bindparam("user"),
                  _sessions.submitted_at.is_(None), _sessions.deadline >= bindparam("now"),
                  _users.password_hash == bindparam("password_hash"))
           .exists())
    .values(response=bindparam("answer"))
)


class OpenPapers:
    """The papers of exams being sat, as this process has seen them: for each (session, user), the question
    snapshot of every item by question id, and the owner's password hash. A paper never changes once the exam
    has started, so an answer save that finds its paper here needs no read: it is one guarded UPDATE, which checks
    again in the database everything the paper vouches for (the session is the user's and open, the question is
    on it, the password unchanged). When that UPDATE changes nothing, the save is made the long way, which says
    why.

    One per app (extensions.open_papers), bounded (least recently used out first); question snapshots are
    shared between papers."""

    def __init__(self, size: int = 1024, questions: int = 20000):
        self.size, self.questions = size, questions
        self.papers: OrderedDict[tuple[int, int], tuple[str, dict[str, dict]]] = OrderedDict()
        self.snapshots: dict[str, dict] = {}  # snapshot text -> parsed, one per version of a question

    def get(self, session_id: int, user_id: int) -> tuple[str, dict[str, dict]] | None:
        paper = self.papers.get((session_id, user_id))
        if paper is not None:
            self.papers.move_to_end((session_id, user_id))
        return paper

    def load(self, conn: Connection, session_id: int, user_id: int, password_hash: str) -> None:
        if len(self.snapshots) > self.questions:
            self.snapshots.clear()
        items = {}
        for question_id, text in conn.execute(_PAPER, {"session": session_id}):
            snapshot = self.snapshots.get(text)
            if snapshot is None:
                snapshot = self.snapshots[text] = json.loads(text)
            items[question_id] = snapshot
        self.papers[(session_id, user_id)] = (password_hash, items)
        if len(self.papers) > self.size:
            self.papers.popitem(last=False)


def exam_saved() -> dict[str, bool]:
    """The reply to a kept exam answer: it says only that the answer is saved (nothing of its correctness)."""
    return {"saved": True}


def save_answer(user_id: int, session_id: int, question_id: str, raw_response: Any,
                now: datetime | None = None, token: accounts.TokenClaims | None = None) -> dict[str, Any]:
    """Practice: score at once and return feedback. Exam: keep the answer and say only that it is saved.

    An exam save is the busiest request of all (a class answering a 100-item paper at once). With the paper
    remembered (OpenPapers) it is a single guarded UPDATE on an autocommit connection; otherwise one joined read
    and that UPDATE, and the paper is remembered for the next save. An API caller's token, when given, is checked
    against the account's password hash, which that same read (or the remembered paper, checked by the UPDATE)
    supplies (NotSignedIn if the account no longer takes it)."""
    now = now or utcnow()
    if save_to_remembered_paper(user_id, session_id, question_id, raw_response, now, token):
        return exam_saved()
    conn = autocommit_connection()
    target = conn.execute(_ANSWER_TARGET, {"session": session_id, "user": user_id,
                                           "question": question_id}).one_or_none()
    if token is not None and not (token.matches(target.password_hash) if target is not None
                                  else accounts.account_accepts(token)):
        raise NotSignedIn()
    response = _parse_open_answer(user_id, session_id, target, raw_response, now)
    if target.mode != "exam":
        return _answer_practice_item(db.session.get(SessionItem, target.id), response, now)
    if target.response != response and not _write_exam_answer(conn, user_id, session_id, question_id, response,
                                                              target.password_hash, now):
        raise DeadlinePassed(EXAM_OVER)  # submitted a moment ago, by another request or by the clock
    open_papers().load(conn, session_id, user_id, target.password_hash)
    return exam_saved()


def save_to_remembered_paper(user_id: int, session_id: int, question_id: str, raw_response: Any, now: datetime,
                             token: accounts.TokenClaims | None) -> bool:
    """Whether the exam answer was saved by the one-statement path. False: nothing was stored, and the save must
    take the long way (save_answer: paper not remembered, question not on it, response refused, or the database
    refused the write), which finds out why."""
    paper = open_papers().get(session_id, user_id)
    if paper is None:
        return False
    password_hash, items = paper
    if question_id not in items or (token is not None and not token.matches(password_hash)):
        return False
    snapshot = items[question_id]
    try:
        response = QUESTION_TYPES[snapshot["type"]].parse_response(snapshot, raw_response)
    except InvalidResponse:
        return False
    return _write_exam_answer(autocommit_connection(), user_id, session_id, question_id, response, password_hash,
                              now)


def _write_exam_answer(conn: Connection, user_id: int, session_id: int, question_id: str, response: Any,
                       password_hash: str, now: datetime) -> bool:
    """One statement, its own transaction: the answer is stored when it returns True. The item is found by the
    unique (session, question) index."""
    return bool(_SAVE_EXAM_ANSWER.rowcount(conn, {
        "session": session_id, "question": question_id, "user": user_id, "password_hash": password_hash,
        "now": now, "answer": response}))


def _parse_open_answer(user_id: int, session_id: int, target: Row | None, raw_response: Any, now: datetime) -> Any:
    """The response, checked against the item's question, if the item exists and its session is still open."""
    if target is None:
        raise NotFound(N_("session not found"))
    if _past_deadline(target.mode, target.deadline, now):
        if target.submitted_at is None:
            get_session(user_id, session_id, now)  # submits the expired exam
        raise DeadlinePassed(EXAM_OVER)
    if target.submitted_at is not None:
        raise Conflict(N_("this session is already submitted"))
    if target.id is None:
        raise NotFound(N_("question is not part of this session"))
    try:
        return QUESTION_TYPES[target.snapshot["type"]].parse_response(target.snapshot, raw_response)
    except InvalidResponse as exc:
        raise BadRequest(str(exc)) from exc


def _answer_practice_item(item: SessionItem, response: Any, now: datetime) -> dict[str, Any]:
    if item.answered_at is not None:
        if item.response != response:
            raise Conflict(N_("this question is already answered in this session"))
    else:
        # How long the learner took: since the previous answer in this session, or since it started.
        previous = db.session.scalar(select(func.max(SessionItem.answered_at))
                                     .where(SessionItem.session_id == item.session_id)) or item.session.started_at
        item.response, item.answered_at, item.answered_on = response, now, local_day(now)
        _score_item(item)
        card = learning.cards_for(item.user_id, [item.question_id]).get(item.question_id)
        learning.record_answer(item, now - previous, now, card)
        db.session.commit()
    return practice_feedback(item)


def practice_feedback(item: SessionItem) -> dict[str, Any]:
    kind = QUESTION_TYPES[item.snapshot["type"]]
    return {
        "correct": item.correct,
        "score": item.score,
        "max_score": item.max_score,
        "answer": kind.answer_view(item.snapshot),
        "explanation_html": render_markdown(kind.explanation(item.snapshot)),
        **grading_view(item),
    }


def grading_view(item: SessionItem) -> dict[str, Any]:
    """How an item was scored: points hit and missed, disputes, and the trainer's grade if any."""
    return {
        "detail": item.detail or {},
        "machine_score": item.machine_score,
        "needs_review": item.needs_review,
        "disputed": [d.point for d in item.disputes],
        "trainer_score": item.trainer_score,
        "grade_comment": item.grade_comment,
    }


def _score_item(item: SessionItem) -> None:
    if item.response is None:
        item.machine_score, item.correct, item.detail, confident = 0.0, False, {}, True
    else:
        kind = QUESTION_TYPES[item.snapshot["type"]]
        result = kind.score(item.snapshot, item.response, item.max_score, item.partial_credit)
        item.machine_score, item.correct, item.detail, confident = \
            result.score, result.correct, result.detail, result.confident
    item.score = item.machine_score if item.trainer_score is None else item.trainer_score
    item.needs_review = item.trainer_score is None and not confident


# ----------------------------------------------------------------------------- submitting


def submit(user_id: int, session_id: int, now: datetime | None = None) -> QuizSession:
    now = now or utcnow()
    session = get_session(user_id, session_id, now)
    if session.submitted_at is not None:
        raise Conflict(N_("this session is already submitted"))
    _finalize(session, now)
    return session


def _past_deadline(mode: str, deadline: datetime | None, now: datetime) -> bool:
    return mode == "exam" and deadline is not None and now > deadline


def _submit_if_expired(session: QuizSession, now: datetime) -> None:
    if session.submitted_at is None and _past_deadline(session.mode, session.deadline, now):
        try:
            _finalize(session, session.deadline)
        except Conflict:
            pass  # another request submitted it a moment ago; the session now shows that


def _finalize(session: QuizSession, when: datetime) -> None:
    # Claim the submission with a guarded UPDATE so that two racing submits score it once.
    claimed = db.session.execute(
        update(QuizSession).where(QuizSession.id == session.id, QuizSession.submitted_at.is_(None))
        .values(submitted_at=when)
    ).rowcount
    if not claimed:
        db.session.rollback()
        db.session.refresh(session)
        raise Conflict(N_("this session is already submitted"))
    # The items as stored now, locked until the scores are in: an answer being saved at this moment (by a
    # statement of its own, _SAVE_EXAM_ANSWER) is waited for and scored; one after it changes nothing.
    # Records this request loaded earlier are refreshed.
    items = list(db.session.scalars(select(SessionItem).where(SessionItem.session_id == session.id)
                                    .order_by(SessionItem.position).with_for_update()
                                    .execution_options(populate_existing=True)))
    cards = learning.cards_for(session.user_id, [i.question_id for i in items]) if session.mode == "exam" else {}
    for item in items:
        if session.mode == "exam" or item.answered_at is None:
            _score_item(item)
            if session.mode == "exam" and item.response is not None:
                item.answered_at, item.answered_on = when, local_day(when)  # an exam's answers count as handed in
                learning.record_answer(item, None, when, cards.get(item.question_id))
    session.submitted_at = when
    session.score = round(sum(i.score or 0 for i in items), 2)
    if session.mode == "exam":
        session.passed = session.score >= session.layout["pass_mark"]
    db.session.commit()


# ----------------------------------------------------------------------------- results


def results(session: QuizSession) -> dict[str, Any]:
    """Totals, per section, per topic and every item with its answer — only once submitted."""
    if session.submitted_at is None:
        raise Conflict(N_("results are shown after the session is submitted"))
    topic_titles = dict(db.session.execute(select(Topic.id, Topic.title)).all())
    sections = [dict(s, score=0.0, max_score=0.0) for s in session.layout.get("sections", [])]
    by_topic: OrderedDict[str, dict] = OrderedDict()
    items = []
    for item in session.items:
        row = question_payload(item, reveal=True)
        row.update(question_id=item.question_id, response=item.response, score=item.score or 0.0,
                   correct=item.correct, topic=item.topic_id, topic_title=topic_titles.get(item.topic_id, item.topic_id),
                   **grading_view(item))
        items.append(row)
        topic = by_topic.setdefault(item.topic_id, {
            "topic": item.topic_id, "title": topic_titles.get(item.topic_id, item.topic_id),
            "score": 0.0, "max_score": 0.0, "count": 0})
        topic["score"] += item.score or 0
        topic["max_score"] += item.max_score
        topic["count"] += 1
        if sections:
            section = sections[item.section]
            section["score"] += item.score or 0
            section["max_score"] += item.max_score
    for row in list(sections) + list(by_topic.values()):
        row["score"] = round(row["score"], 2)
    return {
        "id": session.id,
        "mode": session.mode,
        "title": session_title(session),
        "score": session.score,
        "max_score": session.max_score,
        "passed": session.passed,
        "pass_mark": session.layout.get("pass_mark"),
        "started_at": session.started_at.isoformat(),
        "submitted_at": session.submitted_at.isoformat(),
        "needs_review": sum(1 for i in session.items if i.needs_review),
        "sections": sections,
        "topics": list(by_topic.values()),
        "items": items,
    }


# ----------------------------------------------------------------------------- disputes and trainer grades


def point_refs(item: SessionItem) -> dict[str, str]:
    """The rubric points of an item by reference ("2", or "b/0" in a case part) → their text."""
    question = item.snapshot
    if question["type"] == "case":
        return {f"{part['id']}/{n}": point["point"] for part in question["parts"]
                for n, point in enumerate(part.get("points", []))}
    return {str(n): point["point"] for n, point in enumerate(question.get("points", []))}


def _missed_points(item: SessionItem) -> set[str]:
    detail = item.detail or {}
    if "parts" in detail:
        return {f"{pid}/{n}" for pid, part in detail["parts"].items()
                for n, point in enumerate(part.get("points", [])) if not point["hit"]}
    return {str(n) for n, point in enumerate(detail.get("points", [])) if not point["hit"]}


def dispute_point(user_id: int, session_id: int, question_id: str, point: str, note: str | None = None) -> Dispute:
    """The learner says "I did cover this": kept for a trainer, who decides."""
    session = get_session(user_id, session_id)
    item = find_item(session, question_id)
    if item.answered_at is None or (session.mode == "exam" and session.submitted_at is None):
        raise Conflict(N_("points can be disputed once the answer has been scored"))
    if point not in point_refs(item):
        raise BadRequest(N_("no such scoring point"))
    if point not in _missed_points(item):
        raise BadRequest(N_("this point was already counted as covered"))
    if item.trainer_score is not None:
        raise Conflict(N_("a trainer has already graded this answer"))
    existing = next((d for d in item.disputes if d.point == point), None)
    if existing is not None:
        return existing
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        raise BadRequest("note must be text of at most 2,000 characters")
    dispute = Dispute(point=point, note=note or None)
    item.disputes.append(dispute)
    item.needs_review = True
    db.session.commit()
    return dispute


def grade_item(grader_id: int, item_id: int, score: Any, comment: str | None = None,
               learners: set[int] | None = None, now: datetime | None = None) -> SessionItem:
    """A trainer's score replaces the machine's, resolves the disputes and updates the session total.
    `learners`: whose answers this grader may grade (None: anyone's, for an admin)."""
    item = db.session.get(SessionItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.answered_at is None or (learners is not None and item.user_id not in learners):
        raise NotFound(N_("answer not found"))
    if not is_number(score) or not 0 <= score <= item.max_score:
        raise BadRequest(f"score must be a number from 0 to {item.max_score:g}")
    if comment is not None and (not isinstance(comment, str) or len(comment) > 2000):
        raise BadRequest("comment must be text of at most 2,000 characters")
    now = now or utcnow()
    item.trainer_score, item.score = float(score), float(score)
    item.correct = score >= item.max_score - 1e-9
    item.graded_by_id, item.graded_at, item.grade_comment = grader_id, now, comment or None
    item.needs_review = False
    for dispute in item.disputes:
        dispute.resolved_at = dispute.resolved_at or now
    session = item.session
    if session.submitted_at is not None:
        session.score = round(sum(i.score or 0 for i in session.items), 2)
        if session.mode == "exam":
            session.passed = session.score >= session.layout["pass_mark"]
    db.session.commit()
    return item


def review_queue(learners: set[int] | None, limit: int = 200) -> list[SessionItem]:
    """Answers a person should look at, oldest first: of the given learners (None: everyone's)."""
    query = select(SessionItem).where(SessionItem.needs_review.is_(True))
    if learners is not None:
        query = query.where(SessionItem.user_id.in_(learners))
    return list(db.session.scalars(query.order_by(SessionItem.answered_at, SessionItem.id).limit(limit)))
