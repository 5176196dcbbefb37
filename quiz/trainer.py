"""Trainer pages: the review queue, the bank editor, imports and exports, classes, gradebook, item analysis,
and the printable paper. Every page checks the trainer role; every class is checked to be the trainer's."""
from __future__ import annotations

import random
from datetime import datetime
from functools import wraps

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from . import classes, sessions
from .bank import authoring
from .bank.blueprints import section_pool
from .bank.formats.anki import to_apkg
from .bank.formats.gift import to_gift
from .bank.formats.moodle_xml import to_moodle_xml
from .bank.formats.spreadsheet import template_csv, template_xlsx
from .clock import LOCAL_TZ
from .editor import field_of, form_from_item, item_from_form
from .extensions import db
from .models import ExamBlueprint, ImportBatch, Question, Topic
from .rendering import render_markdown, render_stem
from .sessions import point_refs, question_payload

bp = Blueprint("trainer", __name__, url_prefix="/trainer")
STAFF = ("trainer", "admin")
EXPORTS = {
    "yaml": ("application/x-yaml; charset=utf-8", "yaml"),
    "gift": ("text/plain; charset=utf-8", "gift.txt"),
    "xml": ("application/xml; charset=utf-8", "moodle.xml"),
    "apkg": ("application/octet-stream", "apkg"),
}


def trainer_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if current_user.role not in STAFF:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _attachment(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ----------------------------------------------------------------------------- review queue


@bp.get("/grading")
@trainer_required
def grading():
    queue = [
        {"item": item, "q": question_payload(item, reveal=True), "g": sessions.grading_view(item),
         "points": point_refs(item)}
        for item in sessions.review_queue(classes.student_ids(current_user))
    ]
    return render_template("trainer/grading.html", queue=queue)


@bp.post("/grading/<int:item_id>")
@trainer_required
def grade(item_id: int):
    try:
        score = float(request.form.get("score", ""))
    except ValueError:
        flash(_("Enter a score as a number."), "warning")
        return redirect(url_for("trainer.grading"))
    sessions.grade_item(current_user.id, item_id, score, request.form.get("comment") or None,
                        classes.student_ids(current_user))
    flash(_("Score saved."), "success")
    return redirect(url_for("trainer.grading"))


# ----------------------------------------------------------------------------- bank editor


@bp.get("/bank")
@trainer_required
def bank():
    topics = db.session.scalars(select(Topic).where(Topic.active.is_(True)).order_by(Topic.position)).all()
    counts = dict(db.session.execute(select(Question.topic_id, db.func.count()).where(Question.active.is_(True))
                                     .group_by(Question.topic_id)).all())
    return render_template("trainer/bank.html", topics=topics, counts=counts)


def _topic(topic_id: str) -> Topic:
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        abort(404)
    return topic


@bp.get("/bank/<topic_id>")
@trainer_required
def topic(topic_id: str):
    return render_template("trainer/topic.html", topic=_topic(topic_id), items=authoring.topic_items(topic_id))


@bp.get("/bank/<topic_id>/export.<fmt>")
@trainer_required
def export(topic_id: str, fmt: str):
    if fmt not in EXPORTS:
        abort(404)
    return export_response(_topic(topic_id), fmt)


def export_response(topic: Topic, fmt: str) -> Response:
    """A topic as YAML (the bank's own form), GIFT, Moodle XML or an Anki deck; pages and API share it."""
    items = authoring.topic_items(topic.id)
    body = {"yaml": lambda: authoring.topic_yaml(topic), "gift": lambda: to_gift(items, topic.title),
            "xml": lambda: to_moodle_xml(items, topic.title), "apkg": lambda: to_apkg(items, topic.title)}[fmt]()
    mimetype, suffix = EXPORTS[fmt]
    return _attachment(body, mimetype, f"{topic.id}.{suffix}")


@bp.route("/bank/<topic_id>/new", methods=["GET", "POST"])
@bp.route("/questions/<question_id>/edit", methods=["GET", "POST"])
@trainer_required
def edit(topic_id: str | None = None, question_id: str | None = None):
    original = db.session.get(Question, question_id) if question_id else None
    if question_id and original is None:
        abort(404)
    topic = _topic(original.topic_id if original else topic_id)
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        item, form_problems = item_from_form(request.form)
        messages = form_problems + (authoring.save_question(item, topic.id, question_id) if not form_problems else [])
        if not messages:
            flash(_("Saved."), "success")
            return redirect(url_for("trainer.topic", topic_id=topic.id))
        for message in messages:
            problems.setdefault(field_of(message), []).append(message)
        values = request.form.to_dict()
    else:
        values = form_from_item(original.data) if original else {
            "id": authoring.next_ids(topic.id, 1)[0], "type": "single", "difficulty": "2"}
    return render_template("trainer/edit.html", topic=topic, values=values, problems=problems, editing=question_id)


@bp.post("/preview")
@trainer_required
def preview():
    """Live preview of Markdown as learners will see it (the same renderer and sanitiser)."""
    text = request.get_json(silent=True) or {}
    return jsonify(html=render_stem(str(text.get("markdown", ""))[:50_000]))


# ----------------------------------------------------------------------------- imports


@bp.route("/import", methods=["GET", "POST"])
@trainer_required
def import_upload():
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Choose a file to import."), "warning")
            return redirect(url_for("trainer.import_upload"))
        try:
            batch = authoring.prepare_import(current_user.id, upload.filename, upload.read(),
                                             request.form.get("topic", "").strip(),
                                             request.form.get("title", "").strip())
        except authoring.AuthoringError as exc:
            flash(str(exc), "warning")
            return redirect(url_for("trainer.import_upload"))
        return redirect(url_for("trainer.import_preview", batch_id=batch.id))
    topics = db.session.scalars(select(Topic).where(Topic.active.is_(True)).order_by(Topic.position)).all()
    return render_template("trainer/import.html", topics=topics)


def _batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.user_id != current_user.id:
        abort(404)
    return batch


@bp.get("/import/<int:batch_id>")
@trainer_required
def import_preview(batch_id: int):
    batch = _batch(batch_id)
    rows = [{"line": e["line"], "item": e["item"], "stem_html": render_stem(e["item"].get("stem", ""))}
            for e in batch.items]
    return render_template("trainer/import_preview.html", batch=batch, rows=rows)


@bp.post("/import/<int:batch_id>/confirm")
@trainer_required
def import_confirm(batch_id: int):
    batch = _batch(batch_id)
    try:
        count = authoring.confirm_import(current_user.id, batch.id)
    except authoring.AuthoringError as exc:
        flash(str(exc), "warning")
        return redirect(url_for("trainer.import_preview", batch_id=batch.id))
    flash(_("Imported %(n)s questions.", n=count), "success")
    return redirect(url_for("trainer.topic", topic_id=batch.topic_id))


@bp.get("/import/template.<fmt>")
@trainer_required
def import_template(fmt: str):
    if fmt == "xlsx":
        return _attachment(template_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           "kaodian-template.xlsx")
    if fmt == "csv":
        return _attachment(template_csv(), "text/csv; charset=utf-8", "kaodian-template.csv")
    abort(404)


# ----------------------------------------------------------------------------- classes


@bp.route("/classes", methods=["GET", "POST"])
@trainer_required
def class_list():
    if request.method == "POST":
        classroom = classes.create_class(current_user, request.form.get("name", ""))
        return redirect(url_for("trainer.class_detail", class_id=classroom.id))
    return render_template("trainer/classes.html", classes=classes.classes_of(current_user))


@bp.get("/classes/<int:class_id>")
@trainer_required
def class_detail(class_id: int):
    book = classes.gradebook(current_user, class_id)
    exams = db.session.scalars(select(ExamBlueprint).where(ExamBlueprint.active.is_(True))).all()
    topics = db.session.scalars(select(Topic).where(Topic.active.is_(True)).order_by(Topic.position)).all()
    return render_template("trainer/class.html", book=book, exams=exams, topics=topics)


@bp.post("/classes/<int:class_id>/assignments")
@trainer_required
def add_assignment(class_id: int):
    form = request.form
    try:
        due = datetime.fromisoformat(form.get("due", "")).replace(tzinfo=LOCAL_TZ)
    except ValueError:
        flash(_("Give a due date."), "warning")
        return redirect(url_for("trainer.class_detail", class_id=class_id))
    spec = {"topics": form.getlist("topics"), "types": form.getlist("types"), "count": form.get("count", 10, type=int)}
    classes.add_assignment(current_user, class_id, form.get("title", ""), form.get("kind", ""), due,
                           form.get("exam") or None, spec)
    flash(_("Assignment added."), "success")
    return redirect(url_for("trainer.class_detail", class_id=class_id))


@bp.get("/classes/<int:class_id>/gradebook.csv")
@trainer_required
def gradebook_csv(class_id: int):
    return _attachment(classes.gradebook_csv(current_user, class_id), "text/csv; charset=utf-8",
                       f"gradebook-{class_id}.csv")


@bp.get("/exams/<exam_id>/analysis")
@trainer_required
def analysis(exam_id: str):
    class_id = request.args.get("class_id", type=int)
    report = classes.item_analysis(current_user, exam_id, class_id)
    return render_template("trainer/analysis.html", report=report, class_id=class_id,
                           classes=classes.classes_of(current_user))


# ----------------------------------------------------------------------------- printable paper


@bp.get("/exams/<exam_id>/print")
@trainer_required
def print_paper(exam_id: str):
    """A paper drawn from the blueprint as a clean A4 page, an answer sheet, and a separate key.
    The same `seed` draws the same paper again."""
    exam = db.session.get(ExamBlueprint, exam_id)
    if exam is None:
        abort(404)
    seed = request.args.get("seed", type=int) or random.randrange(1, 10**6)
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.active.is_(True)))}
    bank_items = {qid: q.data for qid, q in questions.items()}
    topics = {qid: q.topic_id for qid, q in questions.items()}
    rng, used, sections, number = random.Random(seed), set(), [], 0
    for section in exam.data["sections"]:
        pool = sorted(section_pool(bank_items, topics, section) - used)
        if len(pool) < section["count"]:
            abort(409, description=str(_("The bank no longer has enough questions for this paper.")))
        chosen = sorted(rng.sample(pool, section["count"]), key=lambda qid: questions[qid].position)
        used.update(chosen)
        entries = []
        for qid in chosen:
            number += 1
            entries.append({"number": number, "item": bank_items[qid], "stem_html": render_stem(bank_items[qid]["stem"]),
                            "explanation_html": render_markdown(bank_items[qid].get("explanation")
                                                                or bank_items[qid].get("reference", ""))})
        sections.append({"section": section, "entries": entries})
    return render_template("trainer/print.html", exam=exam, sections=sections, seed=seed)
