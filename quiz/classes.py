"""Classes, assignments, the gradebook and item analysis. Every function takes the acting user and checks
that the class is theirs (the trainer's, or an admin's); another's class is simply not found."""
from __future__ import annotations

import csv
import io
import secrets
import statistics
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import sessions
from .extensions import db
from .i18n import N_
from .models import Assignment, Classroom, ExamBlueprint, Membership, QuizSession, SessionItem, User
from .sessions import BadRequest, NotFound

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a classroom
EASY, HARD, WEAK = 0.9, 0.2, 0.2


def is_staff(user: User) -> bool:
    return user.role in ("trainer", "admin")


# ----------------------------------------------------------------------------- classes


def create_class(trainer: User, name: str) -> Classroom:
    if not is_staff(trainer):
        raise NotFound(N_("class not found"))
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        raise BadRequest("a class needs a name of at most 120 characters")
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            break
    classroom = Classroom(name=name.strip(), trainer_id=trainer.id, join_code=code)
    db.session.add(classroom)
    db.session.commit()
    return classroom


def classes_of(trainer: User) -> list[Classroom]:
    query = select(Classroom).order_by(Classroom.created_at.desc())
    if trainer.role != "admin":
        query = query.where(Classroom.trainer_id == trainer.id)
    return list(db.session.scalars(query))


def own_class(user: User, class_id: int) -> Classroom:
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or not (user.role == "admin" or classroom.trainer_id == user.id):
        raise NotFound(N_("class not found"))
    return classroom


def join_class(student: User, code: str) -> Classroom:
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == (code or "").strip().upper()))
    if classroom is None:
        raise NotFound(N_("no class has this code"))
    if db.session.scalar(select(Membership.id).where(Membership.class_id == classroom.id,
                                                     Membership.user_id == student.id)) is None:
        db.session.add(Membership(class_id=classroom.id, user_id=student.id))
        db.session.commit()
    return classroom


def student_ids(trainer: User) -> set[int] | None:
    """The learners a trainer may see (None: an admin sees everyone)."""
    if trainer.role == "admin":
        return None
    return set(db.session.scalars(select(Membership.user_id).join(Classroom)
                                  .where(Classroom.trainer_id == trainer.id)))


# ----------------------------------------------------------------------------- assignments


def add_assignment(trainer: User, class_id: int, title: str, kind: str, due_at: datetime,
                   exam_id: str | None = None, spec: dict | None = None) -> Assignment:
    classroom = own_class(trainer, class_id)
    if kind not in ("exam", "practice"):
        raise BadRequest('kind must be "exam" or "practice"')
    if kind == "exam" and (db.session.get(ExamBlueprint, exam_id or "") is None):
        raise BadRequest("choose an exam paper")
    spec = spec or {}
    if kind == "practice":
        count = spec.get("count", 10)
        if not isinstance(count, int) or not 1 <= count <= sessions.MAX_PRACTICE_ITEMS:
            raise BadRequest("count must be a whole number from 1 to 100")
        spec = {"topics": spec.get("topics") or [], "types": spec.get("types") or [], "count": count}
    if not isinstance(title, str) or not title.strip():
        raise BadRequest("an assignment needs a title")
    assignment = Assignment(class_id=classroom.id, title=title.strip()[:200], kind=kind,
                            exam_id=exam_id if kind == "exam" else None, spec=spec, due_at=due_at)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def assignments_for(student: User) -> list[dict[str, Any]]:
    """The student's assignments with whether each is done, soonest due first."""
    rows = list(db.session.scalars(
        select(Assignment).join(Membership, Membership.class_id == Assignment.class_id)
        .options(selectinload(Assignment.classroom))
        .where(Membership.user_id == student.id).order_by(Assignment.due_at)))
    by_assignment: dict[int, list[QuizSession]] = defaultdict(list)
    for attempt in db.session.scalars(select(QuizSession).where(
            QuizSession.user_id == student.id, QuizSession.assignment_id.in_([a.id for a in rows]))):
        by_assignment[attempt.assignment_id].append(attempt)
    out = []
    for assignment in rows:
        attempts = by_assignment[assignment.id]
        done = [a for a in attempts if a.submitted_at is not None]
        out.append({"assignment": assignment, "class": assignment.classroom.name, "done": bool(done),
                    "best": max((a.score or 0 for a in done), default=None),
                    "open": next((a for a in attempts if a.submitted_at is None), None)})
    return out


def start_assignment(student: User, assignment_id: int) -> QuizSession:
    assignment = db.session.get(Assignment, assignment_id)
    member = assignment is not None and db.session.scalar(select(Membership.id).where(
        Membership.class_id == assignment.class_id, Membership.user_id == student.id)) is not None
    if not member:
        raise NotFound(N_("assignment not found"))
    if assignment.kind == "exam":
        session = sessions.start_exam(student.id, assignment.exam_id)
    else:
        spec = assignment.spec
        session = sessions.start_practice(student.id, spec.get("topics") or None, spec.get("types") or None,
                                          spec.get("count", 10))
    session.assignment_id = assignment.id
    db.session.commit()
    return session


# ----------------------------------------------------------------------------- gradebook


def gradebook(trainer: User, class_id: int) -> dict[str, Any]:
    """Each student's attempts at each assignment: best score, attempts, time taken."""
    classroom = own_class(trainer, class_id)
    students = sorted((m.user for m in classroom.members), key=lambda u: u.username)
    assignments = classroom.assignments
    attempts = db.session.scalars(select(QuizSession).where(
        QuizSession.assignment_id.in_([a.id for a in assignments]), QuizSession.submitted_at.is_not(None)))
    cells: dict[tuple[int, int], list[QuizSession]] = defaultdict(list)
    for attempt in attempts:
        cells[(attempt.user_id, attempt.assignment_id)].append(attempt)
    rows = []
    for student in students:
        row = []
        for assignment in assignments:
            done = cells.get((student.id, assignment.id), [])
            best = max(done, key=lambda a: a.score or 0, default=None)
            row.append({"attempts": len(done), "score": best.score if best else None,
                        "max_score": best.max_score if best else None,
                        "minutes": round((best.submitted_at - best.started_at).total_seconds() / 60, 1) if best else None,
                        "late": bool(best and best.submitted_at > assignment.due_at)})
        rows.append({"student": student.username, "cells": row})
    return {"class": classroom, "assignments": assignments, "rows": rows}


def gradebook_csv(trainer: User, class_id: int) -> str:
    book = gradebook(trainer, class_id)
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["student"]
    for a in book["assignments"]:
        header += [f"{a.title} score", f"{a.title} max", f"{a.title} attempts", f"{a.title} minutes"]
    writer.writerow(header)
    for row in book["rows"]:
        line = [row["student"]]
        for cell in row["cells"]:
            line += [cell["score"] if cell["score"] is not None else "", cell["max_score"] or "", cell["attempts"],
                     cell["minutes"] if cell["minutes"] is not None else ""]
        writer.writerow(line)
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 Chinese names correctly


# ----------------------------------------------------------------------------- item analysis


def item_analysis(trainer: User, exam_id: str, class_id: int | None = None) -> dict[str, Any]:
    """Moodle-style statistics over submitted attempts at a paper (a class's, or all the trainer may see):
    facility (mean share of the mark), discrimination (correlation of the item's score with the rest of the
    attempt's score), the upper/lower 27 % index, how often each option was chosen, and flags."""
    exam = db.session.get(ExamBlueprint, exam_id)
    if exam is None:
        raise NotFound(N_("exam not found"))
    users = {m.user_id for m in own_class(trainer, class_id).members} if class_id else student_ids(trainer)
    query = (select(SessionItem.session_id, SessionItem.question_id, SessionItem.score, SessionItem.max_score,
                    SessionItem.response, SessionItem.snapshot)
             .join(QuizSession, QuizSession.id == SessionItem.session_id)
             .where(QuizSession.exam_id == exam_id, QuizSession.submitted_at.is_not(None)))
    if users is not None:
        query = query.where(QuizSession.user_id.in_(users))
    rows = db.session.execute(query).all()
    totals: dict[int, float] = defaultdict(float)
    for row in rows:
        totals[row.session_id] += row.score or 0
    ranked = sorted(totals, key=totals.get)
    group = max(1, round(0.27 * len(ranked))) if ranked else 0
    lower, upper = set(ranked[:group]), set(ranked[-group:])
    per_item: dict[str, list] = defaultdict(list)
    for row in rows:
        per_item[row.question_id].append(row)
    items = []
    for qid, answers in per_item.items():
        snapshot = answers[0].snapshot
        shares = [(a.score or 0) / a.max_score for a in answers]
        facility = statistics.fmean(shares)
        rests = [totals[a.session_id] - (a.score or 0) for a in answers]
        discrimination = _correlation([a.score or 0 for a in answers], rests)
        up = [s for a, s in zip(answers, shares) if a.session_id in upper]
        low = [s for a, s in zip(answers, shares) if a.session_id in lower]
        index = statistics.fmean(up) - statistics.fmean(low) if up and low else None
        flags = [name for name, on in (
            (N_("too easy"), facility > EASY), (N_("too hard"), facility < HARD),
            (N_("negative discrimination"), discrimination is not None and discrimination < 0),
            (N_("weak discrimination"), discrimination is not None and 0 <= discrimination < WEAK)) if on]
        items.append({"question_id": qid, "type": snapshot["type"], "stem": snapshot["stem"], "attempts": len(answers),
                      "facility": round(facility, 3),
                      "discrimination": round(discrimination, 3) if discrimination is not None else None,
                      "upper_lower": round(index, 3) if index is not None else None,
                      "options": _option_counts(snapshot, [a.response for a in answers]), "flags": flags})
    items.sort(key=lambda i: i["question_id"])
    return {"exam": exam, "attempts": len(totals), "items": items}


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None  # undefined: too few attempts, or everyone scored the same
    return statistics.correlation(xs, ys)


def _option_counts(snapshot: dict, responses: list) -> dict[str, int] | None:
    if snapshot["type"] not in ("single", "multiple", "truefalse"):
        return None
    letters = "AB" if snapshot["type"] == "truefalse" else "ABCDEFGH"[: len(snapshot["options"])]
    counts = {letter: 0 for letter in letters}
    counts["—"] = 0
    for response in responses:
        if response is None:
            counts["—"] += 1
        elif snapshot["type"] == "truefalse":
            counts["A" if response else "B"] += 1
        else:
            for letter in response:
                counts[letter] = counts.get(letter, 0) + 1
    return counts

