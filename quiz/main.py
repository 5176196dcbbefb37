"""Landing page, dashboard, history, progress and results pages."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from . import charts, classes, learning, sessions, stats
from .clock import local_day, utcnow
from .extensions import db
from .models import ExamBlueprint

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return render_template("main/index.html", topics=stats.topic_list())


@bp.get("/dashboard")
@login_required
def dashboard():
    now = utcnow()
    user = current_user.id
    mastery = learning.topic_mastery(user, now)
    exams = db.session.scalars(select(ExamBlueprint).where(ExamBlueprint.active.is_(True))
                               .order_by(ExamBlueprint.id)).all()
    counts, streak = learning.activity(user, now)
    return render_template(
        "main/dashboard.html", mastery=mastery, weak=learning.weak_topics(mastery), exams=exams,
        estimates=[learning.estimate(exam, mastery) for exam in exams],
        trend=charts.trend(learning.exam_trend(user)),
        forecast=charts.bars(learning.due_forecast(user, now)),
        calendar=charts.calendar(counts, local_day(now)), streak=streak,
        mistakes=sum(learning.mistake_counts(user).values()), recent=stats.session_history(user, limit=5),
        assignments=classes.assignments_for(current_user))


@bp.get("/history")
@login_required
def history():
    return render_template("main/history.html", history=stats.session_history(current_user.id))


@bp.get("/progress")
@login_required
def progress():
    return render_template("main/progress.html", progress=learning.topic_stats(current_user.id, utcnow()))


@bp.get("/sessions/<int:session_id>/results")
@login_required
def results(session_id: int):
    session = sessions.get_session(current_user.id, session_id)
    if session.submitted_at is None:
        endpoint = "exam.paper" if session.mode == "exam" else "practice.question"
        return redirect(url_for(endpoint, session_id=session.id))
    return render_template("main/results.html", r=sessions.results(session))


@bp.post("/sessions/<int:session_id>/items/<question_id>/dispute")
@login_required
def dispute(session_id: int, question_id: str):
    """The learner's "I did cover this" on a missed scoring point."""
    sessions.dispute_point(current_user.id, session_id, question_id, request.form.get("point", ""))
    flash(_("Thank you: a trainer will review this point."), "success")
    session = sessions.get_session(current_user.id, session_id)
    item = sessions.find_item(session, question_id)
    if session.submitted_at is None:
        return redirect(url_for("practice.question", session_id=session.id, q=item.position))
    return redirect(url_for("main.results", session_id=session.id, _anchor=f"item-{item.position}"))


@bp.post("/classes/join")
@login_required
def join_class():
    classroom = classes.join_class(current_user, request.form.get("code", ""))
    flash(_("You joined %(name)s.", name=classroom.name), "success")
    return redirect(url_for("main.dashboard"))


@bp.post("/assignments/<int:assignment_id>/start")
@login_required
def start_assignment(assignment_id: int):
    session = classes.start_assignment(current_user, assignment_id)
    endpoint = "exam.paper" if session.mode == "exam" else "practice.question"
    return redirect(url_for(endpoint, session_id=session.id))
