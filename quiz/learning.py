"""The learning engine: spaced review with FSRS, topic mastery, 错题本 and 收藏, drills, and the exam estimate.

Figures come from SQL aggregates over the learner's rows; nothing loads a whole history into Python."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import and_, case, delete, func, select

from .clock import end_of_local_day, local_day
from .extensions import db
from .models import ExamBlueprint, Question, QuizSession, ReviewCard, SessionItem, Star, Topic

# No fuzzing: the same answers on the same days give the same schedule (and tests can say what it is).
SCHEDULER = Scheduler(enable_fuzzing=False)
FAST_ANSWER = timedelta(seconds=10)  # a right answer this quick, on an item already known, is "Easy"
RECENCY_WEIGHTS = ((timedelta(days=7), 1.0), (timedelta(days=30), 0.7), (timedelta(days=90), 0.4))
OLD_WEIGHT = 0.2
PRIOR_MASTERY = 0.5  # what the estimate assumes for a topic never practised
WEAK_TOPICS = 3
# Our ReviewCard row is the card's identity. Without an id, fsrs makes one from the clock and sleeps 1 ms to keep
# them apart: 100 ms of a submitted exam's 100 answers.
NO_CARD_ID = 0


# ----------------------------------------------------------------------------- recording answers


def rating_for(item: SessionItem, card: ReviewCard | None, duration: timedelta | None) -> Rating:
    """Wrong → Again; part of the marks → Hard; right → Good, or Easy when quick on an item already known."""
    if not item.score:
        return Rating.Again
    if item.score < item.max_score - 1e-9:
        return Rating.Hard
    known = card is not None and card.state == State.Review
    objective = item.snapshot["type"] in ("single", "multiple", "truefalse", "fill")
    if known and objective and duration is not None and duration <= FAST_ANSWER:
        return Rating.Easy
    return Rating.Good


def cards_for(user_id: int, question_ids: list[str]) -> dict[str, ReviewCard]:
    """The learner's cards for these questions, in one query (a submitted exam records 100 answers at once)."""
    return {card.question_id: card for card in db.session.scalars(select(ReviewCard).where(
        ReviewCard.user_id == user_id, ReviewCard.question_id.in_(question_ids)))}


def record_answer(item: SessionItem, duration: timedelta | None, now: datetime,
                  card: ReviewCard | None) -> ReviewCard:
    """Move the item's FSRS card (`card`, the learner's stored one from cards_for, or None: a new card) by the
    answer's rating and keep the 错题本 up to date (no commit)."""
    rating = rating_for(item, card, duration)
    if card is None:
        card = ReviewCard(user_id=item.user_id, question_id=item.question_id, topic_id=item.topic_id,
                          reviews=0, lapses=0)
        db.session.add(card)
        state = Card(card_id=NO_CARD_ID, due=now)
    else:
        state = Card(card_id=NO_CARD_ID, state=State(card.state), step=card.step, stability=card.stability,
                     difficulty=card.difficulty, due=card.due, last_review=card.last_review)
    state, _ = SCHEDULER.review_card(state, rating, review_datetime=now)
    card.state, card.step, card.stability, card.difficulty = int(state.state), state.step, state.stability, \
        state.difficulty
    card.due, card.last_review = state.due, state.last_review
    card.reviews += 1
    card.topic_id = item.topic_id
    if item.correct:
        # Out of the 错题本 only when answered right in a later session than the one it went wrong in.
        if card.wrong_session_id is not None and card.wrong_session_id != item.session_id:
            card.wrong_since, card.wrong_session_id = None, None
    else:
        card.lapses += 1
        if card.wrong_since is None:
            card.wrong_since = now
        card.wrong_session_id = item.session_id
    return card


# ----------------------------------------------------------------------------- review queue, 错题本, 收藏


def due_count(user_id: int, now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(ReviewCard).where(
        ReviewCard.user_id == user_id, ReviewCard.due < end_of_local_day(now))) or 0


def due_cards(user_id: int, now: datetime, limit: int = 100) -> list[ReviewCard]:
    """What is due today (by the learner's local day), most overdue first."""
    return list(db.session.scalars(
        select(ReviewCard).join(Question, Question.id == ReviewCard.question_id)
        .where(ReviewCard.user_id == user_id, ReviewCard.due < end_of_local_day(now), Question.active.is_(True))
        .order_by(ReviewCard.due).limit(limit)))


def due_forecast(user_id: int, now: datetime, days: int = 14) -> list[tuple[date, int]]:
    """Reviews falling due on each of the next `days` local days (today includes what is overdue)."""
    horizon = end_of_local_day(now) + timedelta(days=days - 1)
    rows = db.session.execute(select(ReviewCard.due).where(
        ReviewCard.user_id == user_id, ReviewCard.due < horizon)).scalars()
    today = local_day(now)
    counts = Counter(max(local_day(due), today) for due in rows)  # at most one row per question
    return [(today + timedelta(days=n), counts.get(today + timedelta(days=n), 0)) for n in range(days)]


def mistakes(user_id: int, topic: str | None = None) -> list[ReviewCard]:
    """错题本: every item answered wrong and not yet answered right in a later session, newest first."""
    query = select(ReviewCard).join(Question, Question.id == ReviewCard.question_id).where(
        ReviewCard.user_id == user_id, ReviewCard.wrong_since.is_not(None), Question.active.is_(True))
    if topic:
        query = query.where(ReviewCard.topic_id == topic)
    return list(db.session.scalars(query.order_by(ReviewCard.wrong_since.desc())))


def mistake_counts(user_id: int) -> dict[str, int]:
    """错题本 size per topic."""
    return dict(db.session.execute(
        select(ReviewCard.topic_id, func.count()).join(Question, Question.id == ReviewCard.question_id)
        .where(ReviewCard.user_id == user_id, ReviewCard.wrong_since.is_not(None), Question.active.is_(True))
        .group_by(ReviewCard.topic_id)).all())


def starred(user_id: int) -> list[Star]:
    return list(db.session.scalars(select(Star).where(Star.user_id == user_id).order_by(Star.created_at.desc())))


def starred_ids(user_id: int, question_ids: list[str]) -> set[str]:
    return set(db.session.scalars(select(Star.question_id).where(
        Star.user_id == user_id, Star.question_id.in_(question_ids))))


def set_star(user_id: int, question_id: str, on: bool) -> bool:
    """Star or unstar a question; the same request twice changes nothing."""
    if db.session.get(Question, question_id) is None:
        raise LookupError("question not found")
    if on:
        if not starred_ids(user_id, [question_id]):
            db.session.add(Star(user_id=user_id, question_id=question_id))
    else:
        db.session.execute(delete(Star).where(Star.user_id == user_id, Star.question_id == question_id))
    db.session.commit()
    return on


# ----------------------------------------------------------------------------- mastery and drills


def topic_stats(user_id: int, now: datetime) -> list[dict[str, Any]]:
    """Per topic, in bank order: items in the bank and seen, answers and right answers, the plain share of
    marks earned (accuracy), and mastery: that share weighted by recency and difficulty. One aggregate query,
    answered from the (user, time) covering index."""
    weight = case(*[(SessionItem.answered_at >= now - age, w) for age, w in RECENCY_WEIGHTS], else_=OLD_WEIGHT) \
        * (0.6 + 0.2 * SessionItem.difficulty)
    share = SessionItem.score / SessionItem.max_score
    answered = (
        select(SessionItem.topic_id.label("topic_id"),
               (func.sum(weight * share) / func.sum(weight)).label("mastery"),
               (func.sum(SessionItem.score) / func.sum(SessionItem.max_score)).label("accuracy"),
               func.count(func.distinct(SessionItem.question_id)).label("seen"),
               func.count().label("answers"),
               func.sum(case((SessionItem.correct.is_(True), 1), else_=0)).label("right"),
               func.max(SessionItem.answered_at).label("last"))
        .where(SessionItem.user_id == user_id, SessionItem.answered_at.is_not(None),
               SessionItem.score.is_not(None), SessionItem.max_score > 0)
        .group_by(SessionItem.topic_id).subquery())
    size = (select(Question.topic_id, func.count().label("size")).where(Question.active.is_(True))
            .group_by(Question.topic_id).subquery())
    rows = db.session.execute(
        select(Topic.id, Topic.title, Topic.chapter, func.coalesce(size.c.size, 0), answered.c.mastery,
               answered.c.accuracy, answered.c.seen, answered.c.answers, answered.c.right, answered.c.last)
        .outerjoin(size, size.c.topic_id == Topic.id).outerjoin(answered, answered.c.topic_id == Topic.id)
        .where(Topic.active.is_(True)).order_by(Topic.position)).all()
    return [{"topic": r[0], "title": r[1], "chapter": r[2], "question_count": r[3],
             "mastery": round(float(r[4]), 3) if r[4] is not None else None,
             "accuracy": round(float(r[5]), 3) if r[5] is not None else None,
             "seen": r[6] or 0, "answers": r[7] or 0, "right": r[8] or 0,
             "last_practised": r[9].isoformat() if r[9] else None} for r in rows]


def topic_mastery(user_id: int, now: datetime) -> list[dict[str, Any]]:
    """The same figures ranked: practised topics weakest first, then the topics not started."""
    topics = topic_stats(user_id, now)
    practised = sorted((t for t in topics if t["mastery"] is not None), key=lambda t: (t["mastery"], -t["answers"]))
    return practised + [t for t in topics if t["mastery"] is None]


def weak_topics(mastery: list[dict[str, Any]], count: int = WEAK_TOPICS) -> list[str]:
    return [t["topic"] for t in mastery if t["question_count"]][:count]


def practice_pool(user_id: int, source: str, now: datetime, topics: list[str] | None = None) -> list[str]:
    """Question ids for a practice set drawn from the review queue, the 错题本, 收藏 or the weak topics."""
    active = Question.active.is_(True)
    if source == "review":
        return [c.question_id for c in due_cards(user_id, now)]
    if source == "mistakes":
        return [c.question_id for c in mistakes(user_id, topics[0] if topics else None)]
    if source == "starred":
        return list(db.session.scalars(select(Star.question_id).join(Question, Question.id == Star.question_id)
                                       .where(Star.user_id == user_id, active).order_by(Star.created_at.desc())))
    if source == "weak":
        return weak_drill(user_id, topics or weak_topics(topic_mastery(user_id, now)))
    raise ValueError(f"unknown source {source!r}")


def weak_drill(user_id: int, topics: list[str]) -> list[str]:
    """Weak topics' items: those in the 错题本 first, then the unseen, then the rest by how soon they are due."""
    card = and_(ReviewCard.question_id == Question.id, ReviewCard.user_id == user_id)
    order = case((ReviewCard.wrong_since.is_not(None), 0), (ReviewCard.id.is_(None), 1), else_=2)
    return list(db.session.scalars(
        select(Question.id).outerjoin(ReviewCard, card)
        .where(Question.active.is_(True), Question.topic_id.in_(topics))
        .order_by(order, ReviewCard.due, Question.position)))


# ----------------------------------------------------------------------------- dashboard figures


def exam_trend(user_id: int, limit: int = 12) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(QuizSession.submitted_at, QuizSession.title, QuizSession.score, QuizSession.max_score,
               QuizSession.layout)
        .where(QuizSession.user_id == user_id, QuizSession.mode == "exam", QuizSession.submitted_at.is_not(None),
               QuizSession.max_score > 0)
        .order_by(QuizSession.submitted_at.desc()).limit(limit)).all()
    return [{"at": r[0], "title": r[1], "percent": round(100 * (r[2] or 0) / r[3], 1),
             "pass_percent": round(100 * r[4]["pass_mark"] / r[3], 1)} for r in reversed(rows)]


def activity(user_id: int, now: datetime, days: int = 84) -> tuple[dict[date, int], int]:
    """Answers per local day over the last `days` days, and the current streak of days practised."""
    today = local_day(now)
    first = today - timedelta(days=days - 1)
    counts = dict(db.session.execute(
        select(SessionItem.answered_on, func.count())
        .where(SessionItem.user_id == user_id, SessionItem.answered_on >= first)
        .group_by(SessionItem.answered_on)).all())
    streak, day = 0, today if counts.get(today) else today - timedelta(days=1)
    while counts.get(day):
        streak += 1
        day -= timedelta(days=1)
    return counts, streak


def estimate(exam: ExamBlueprint, mastery: list[dict[str, Any]]) -> dict[str, Any]:
    """估分: each section's marks times the expected share earned, the share being the learner's mastery of
    the topics the section draws from, weighted by how many of its items each topic holds."""
    by_topic = {t["topic"]: t["mastery"] for t in mastery}
    practised = [m for m in by_topic.values() if m is not None]
    fallback = sum(practised) / len(practised) if practised else PRIOR_MASTERY
    sections = []
    for section in exam.data["sections"]:
        query = select(Question.topic_id, func.count()).where(Question.active.is_(True),
                                                              Question.type == section["type"])
        if section.get("topics", "all") != "all":
            query = query.where(Question.topic_id.in_(section["topics"]))
        pool = dict(db.session.execute(query.group_by(Question.topic_id)).all())
        size = sum(pool.values()) or 1
        share = sum(n * (by_topic.get(t) if by_topic.get(t) is not None else fallback) for t, n in pool.items()) / size
        unseen = sum(n for t, n in pool.items() if by_topic.get(t) is None) / size
        marks = section["count"] * section["score"]
        sections.append({"title": section.get("title") or section["type"], "marks": marks,
                         "share": round(share, 3), "points": round(marks * share, 1), "unseen": round(unseen, 2)})
    total = sum(s["marks"] for s in sections)
    points = round(sum(s["points"] for s in sections), 1)
    return {"exam": exam.id, "title": exam.title, "total": total, "estimate": points,
            "pass_mark": exam.data["pass_mark"], "likely_pass": points >= exam.data["pass_mark"],
            "assumed_for_unseen": round(fallback, 3), "sections": sections}

