"""Learning pages: today's reviews, the 错题本, 收藏, practice drawn from them, and starring."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from . import learning, sessions
from .clock import LOCAL_TZ, utcnow
from .extensions import db
from .models import Question, Topic

bp = Blueprint("review", __name__)


@bp.app_context_processor
def due_badge():
    """The number of reviews due today, for the navigation."""
    if current_user.is_authenticated:
        return {"due_today": learning.due_count(current_user.id, utcnow())}
    return {"due_today": 0}


def _questions(ids: list[str]) -> dict[str, Question]:
    return {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}


def _topic_titles() -> dict[str, str]:
    return dict(db.session.execute(select(Topic.id, Topic.title)).all())


@bp.get("/review")
@login_required
def queue():
    now = utcnow()
    cards = learning.due_cards(current_user.id, now)
    return render_template("review/queue.html", rows=[(c.question_id, None) for c in cards],
                           questions=_questions([c.question_id for c in cards]), topics=_topic_titles(),
                           forecast=learning.due_forecast(current_user.id, now, 7))


@bp.get("/mistakes")
@login_required
def mistakes():
    topic = request.args.get("topic") or None
    cards = learning.mistakes(current_user.id, topic)
    counts = learning.mistake_counts(current_user.id)
    rows = [(c.question_id, c.wrong_since.astimezone(LOCAL_TZ).strftime("%Y-%m-%d")) for c in cards]
    return render_template("review/mistakes.html", rows=rows, topic=topic, counts=counts,
                           questions=_questions([c.question_id for c in cards]), topics=_topic_titles())


@bp.get("/starred")
@login_required
def starred():
    stars = learning.starred(current_user.id)
    return render_template("review/starred.html", rows=[(s.question_id, None) for s in stars],
                           topics=_topic_titles(), questions=_questions([s.question_id for s in stars]))


@bp.post("/practice/from/<source>")
@login_required
def practise(source: str):
    topics = request.form.getlist("topics") or None
    count = request.form.get("count", type=int) or 20
    session = sessions.start_practice(current_user.id, topics, None, count, False, source)
    return redirect(url_for("practice.question", session_id=session.id))


@bp.post("/questions/<question_id>/star")
@login_required
def star(question_id: str):
    on = request.form.get("on") == "1"
    try:
        learning.set_star(current_user.id, question_id, on)
    except LookupError:
        flash(_("Question not found."), "warning")
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("review.starred"))
