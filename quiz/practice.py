"""Practice pages: choose topics and types, answer one item at a time with instant feedback."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from . import learning, sessions, stats
from .bank.types import QUESTION_TYPES
from .forms import PracticeForm
from .responses import response_from_form

bp = Blueprint("practice", __name__, url_prefix="/practice")


@bp.route("", methods=["GET", "POST"])
@login_required
def setup():
    topics = stats.topic_list()
    form = PracticeForm()
    form.topics.choices = [(t["id"], t["title"]) for t in topics]
    form.types.choices = [(t, t) for t in QUESTION_TYPES]
    if form.validate_on_submit():
        session = sessions.start_practice(current_user.id, form.topics.data or None, form.types.data or None,
                                          form.count.data or sessions.DEFAULT_PRACTICE_ITEMS, form.study.data)
        return redirect(url_for("practice.question", session_id=session.id))
    return render_template("practice/setup.html", form=form, topics=topics)


@bp.get("/<int:session_id>")
@login_required
def question(session_id: int):
    session = sessions.get_session(current_user.id, session_id)
    if session.mode != "practice":
        return redirect(url_for("exam.paper", session_id=session.id))
    position = request.args.get("q", type=int)
    if position is None:
        position = next((i.position for i in session.items if i.answered_at is None), len(session.items))
    position = min(max(position, 1), len(session.items))
    item = session.items[position - 1]
    feedback = sessions.practice_feedback(item) if item.answered_at is not None else None
    return render_template(
        "practice/question.html", session=session, item=item, position=position,
        q=sessions.question_payload(item, reveal=session.study or feedback is not None),
        feedback=feedback, answered=sum(1 for i in session.items if i.answered_at is not None),
        starred=bool(learning.starred_ids(current_user.id, [item.question_id])),
    )


@bp.post("/<int:session_id>/<int:position>")
@login_required
def answer(session_id: int, position: int):
    session = sessions.get_session(current_user.id, session_id)
    if not 1 <= position <= len(session.items):
        return redirect(url_for("practice.question", session_id=session.id))
    item = session.items[position - 1]
    response = response_from_form(item.snapshot, request.form, item.question_id)
    if response is None:
        flash(_("Choose or write an answer first."), "warning")
    else:
        sessions.save_answer(current_user.id, session.id, item.question_id, response)
    return redirect(url_for("practice.question", session_id=session.id, q=position))


@bp.post("/<int:session_id>/finish")
@login_required
def finish(session_id: int):
    session = sessions.get_session(current_user.id, session_id)
    if session.submitted_at is None:
        sessions.submit(current_user.id, session.id)
    return redirect(url_for("main.results", session_id=session.id))
