"""Mock exam pages: the paper laid out by sections, answers saved as they are given, server-kept deadline."""
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from . import sessions
from .clock import utcnow
from .extensions import db
from .models import ExamBlueprint
from .responses import response_from_form

bp = Blueprint("exam", __name__)


@bp.get("/exams")
@login_required
def index():
    exams = db.session.scalars(select(ExamBlueprint).where(ExamBlueprint.active.is_(True))
                               .order_by(ExamBlueprint.id)).all()
    return render_template("exam/index.html", exams=exams)


@bp.post("/exams/<exam_id>/start")
@login_required
def start(exam_id: str):
    session = sessions.start_exam(current_user.id, exam_id)
    return redirect(url_for("exam.paper", session_id=session.id))


@bp.get("/exam/<int:session_id>")
@login_required
def paper(session_id: int):
    session = sessions.get_session(current_user.id, session_id)
    if session.mode != "exam":
        return redirect(url_for("practice.question", session_id=session.id))
    if session.submitted_at is not None:
        return redirect(url_for("main.results", session_id=session.id))
    questions = [sessions.question_payload(item) for item in session.items]
    saved = {item.question_id: item.response for item in session.items}
    return render_template("exam/paper.html", session=session, questions=questions, saved=saved, now=utcnow())


@bp.post("/exam/<int:session_id>/answer")
@login_required
def save_answer(session_id: int):
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("question_id"), str) or "response" not in body:
        return jsonify(error="body must be JSON {question_id, response}"), 400
    return jsonify(sessions.save_answer(current_user.id, session_id, body["question_id"], body["response"]))


@bp.post("/exam/<int:session_id>/submit")
@login_required
def submit(session_id: int):
    session = sessions.get_session(current_user.id, session_id)
    if session.submitted_at is not None:
        flash(_("The time was over: your exam was submitted with the answers saved by then."), "warning")
        return redirect(url_for("main.results", session_id=session.id))
    # Answers in the form count too, so the paper works without JavaScript.
    for item in session.items:
        response = response_from_form(item.snapshot, request.form, item.question_id)
        if response is not None and response != item.response:
            try:
                sessions.save_answer(current_user.id, session.id, item.question_id, response)
            except sessions.BadRequest:
                continue
    sessions.submit(current_user.id, session.id)
    return redirect(url_for("main.results", session_id=session.id))
