"""Trainer pages: the queue of answers to review and the trainer's grade, which overrides the machine's."""
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from . import sessions
from .sessions import point_refs, question_payload

bp = Blueprint("trainer", __name__, url_prefix="/trainer")
STAFF = ("trainer", "admin")


def trainer_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if current_user.role not in STAFF:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


@bp.get("/grading")
@trainer_required
def grading():
    queue = [
        {"item": item, "q": question_payload(item, reveal=True), "g": sessions.grading_view(item),
         "points": point_refs(item)}
        for item in sessions.review_queue()
    ]
    return render_template("trainer/grading.html", queue=queue)


@bp.post("/grading/<int:item_id>")
@trainer_required
def grade(item_id: int):
    raw = request.form.get("score", "")
    try:
        score = float(raw)
    except ValueError:
        flash(_("Enter a score as a number."), "warning")
        return redirect(url_for("trainer.grading"))
    sessions.grade_item(current_user.id, item_id, score, request.form.get("comment") or None)
    flash(_("Score saved."), "success")
    return redirect(url_for("trainer.grading"))
