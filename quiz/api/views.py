"""API views: parse JSON, call the same domain functions as the pages, answer JSON."""
from __future__ import annotations

from datetime import datetime
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request

from .. import accounts, classes, learning, privacy, sessions, stats
from ..auth import login_limit
from ..bank import authoring
from ..clock import LOCAL_TZ, utcnow
from ..errors import error_response
from ..extensions import db, limiter
from ..i18n import session_title
from ..models import ExamBlueprint, Topic, User
from ..trainer import EXPORTS, STAFF, export_response
from .openapi import openapi_document

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise sessions.BadRequest("request body must be a JSON object")
    return body


NOT_SIGNED_IN = "sign in first: send Authorization: Bearer <token>"


def _bearer_claims() -> accounts.TokenClaims | None:
    return accounts.bearer_claims(request.headers.get("Authorization", ""), current_app.config["SECRET_KEY"],
                                  current_app.config["API_TOKEN_MAX_AGE"])


def signed_token_required(view):
    """The view runs for a bearer of a well-signed, unexpired token only (g.api_claims), but must itself check
    the token against the account, in a read it makes anyway: that saves the busiest request a round trip."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        claims = _bearer_claims()
        if claims is None:
            return error_response(401, NOT_SIGNED_IN)
        g.api_claims = claims
        return view(*args, **kwargs)

    return wrapper


def token_required(view):
    """The view runs for a bearer of a good token only; g.api_user_id is who that is."""
    @signed_token_required
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not accounts.account_accepts(g.api_claims):
            return error_response(401, NOT_SIGNED_IN)
        g.api_user_id = g.api_claims.user_id
        return view(*args, **kwargs)

    return wrapper


def api_user() -> User:
    """The signed-in user as a record, for the views that need more than the id (loaded on demand: most
    views need only g.api_user_id)."""
    return db.session.get(User, g.api_user_id)


@api_bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@api_bp.post("/auth/register")
def register():
    body = json_body()
    try:
        user = accounts.register(body.get("username"), body.get("password"))
    except accounts.UsernameTaken as exc:
        return error_response(409, str(exc))
    except accounts.AccountError as exc:
        return error_response(400, str(exc))
    return jsonify(id=user.id, username=user.username, role=user.role), 201


@api_bp.post("/auth/login")
@limiter.limit(login_limit)
def login():
    body = json_body()
    user = accounts.authenticate(body.get("username"), body.get("password"))
    if user is None:
        return error_response(401, "wrong username or password")
    return jsonify(token=accounts.issue_token(user, current_app.config["SECRET_KEY"]),
                   user={"id": user.id, "username": user.username, "role": user.role})


@api_bp.get("/me")
@token_required
def me():
    user = api_user()
    return jsonify(id=user.id, username=user.username, role=user.role)


@api_bp.get("/me/export")
@token_required
def export_me():
    return jsonify(privacy.export_user_data(api_user()))


@api_bp.delete("/me")
@token_required
def delete_me():
    if not api_user().check_password(str(json_body().get("password", ""))):
        return error_response(403, "wrong password: nothing was deleted")
    privacy.delete_account(api_user())
    return "", 204


@api_bp.get("/topics")
@token_required
def topics():
    return jsonify(stats.topic_list())


def exam_summary(exam: ExamBlueprint) -> dict:
    data = exam.data
    return {
        "id": exam.id, "title": exam.title, "description": data.get("description"),
        "duration": data["duration"], "pass_mark": data["pass_mark"],
        "total_score": sum(s["count"] * s["score"] for s in data["sections"]),
        "sections": [
            {"title": s.get("title") or s["type"], "type": s["type"], "count": s["count"], "score": s["score"],
             "partial": s.get("partial", False)}
            for s in data["sections"]
        ],
    }


@api_bp.get("/exams")
@token_required
def exams():
    rows = db.session.scalars(db.select(ExamBlueprint).where(ExamBlueprint.active.is_(True))
                              .order_by(ExamBlueprint.id))
    return jsonify([exam_summary(e) for e in rows])


@api_bp.post("/sessions")
@token_required
def create_session():
    body = json_body()
    mode = body.get("mode")
    if mode == "practice":
        session = sessions.start_practice(g.api_user_id, body.get("topics"), body.get("types"), body.get("count"),
                                          bool(body.get("study", False)), body.get("source", "topics"))
    elif mode == "exam":
        session = sessions.start_exam(g.api_user_id, body.get("exam"))
    else:
        raise sessions.BadRequest('mode must be "practice" or "exam"')
    return jsonify(sessions.session_payload(session)), 201


@api_bp.get("/sessions")
@token_required
def list_sessions():
    return jsonify([
        {"id": s.id, "mode": s.mode, "title": session_title(s), "source": s.source, "started_at": s.started_at.isoformat(),
         "submitted_at": s.submitted_at.isoformat() if s.submitted_at else None,
         "score": s.score, "max_score": s.max_score, "passed": s.passed}
        for s in stats.session_history(g.api_user_id)
    ])


@api_bp.get("/sessions/<int:session_id>")
@token_required
def get_session(session_id: int):
    session = sessions.get_session(g.api_user_id, session_id)
    payload = sessions.session_payload(session)
    payload["responses"] = {i.question_id: i.response for i in session.items if i.response is not None}
    return jsonify(payload)


@api_bp.put("/sessions/<int:session_id>/answers/<question_id>")
@signed_token_required
def save_answer(session_id: int, question_id: str):
    body = json_body()
    if "response" not in body:
        raise sessions.BadRequest("body must carry a response")
    claims = g.api_claims
    try:
        saved = sessions.save_answer(claims.user_id, session_id, question_id, body["response"], token=claims)
    except sessions.NotSignedIn:
        return error_response(401, NOT_SIGNED_IN)
    return jsonify(saved)


@api_bp.post("/sessions/<int:session_id>/submit")
@token_required
def submit(session_id: int):
    session = sessions.submit(g.api_user_id, session_id)
    return jsonify(sessions.results(session))


@api_bp.get("/sessions/<int:session_id>/results")
@token_required
def results(session_id: int):
    return jsonify(sessions.results(sessions.get_session(g.api_user_id, session_id)))


@api_bp.get("/progress")
@token_required
def progress():
    return jsonify(learning.topic_stats(g.api_user_id, utcnow()))


@api_bp.post("/sessions/<int:session_id>/items/<question_id>/disputes")
@token_required
def dispute(session_id: int, question_id: str):
    body = json_body()
    found = sessions.dispute_point(g.api_user_id, session_id, question_id, body.get("point"), body.get("note"))
    return jsonify(point=found.point, note=found.note, created_at=found.created_at.isoformat()), 201


def staff_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if api_user().role not in STAFF:
            return error_response(403, "trainers only")
        return view(*args, **kwargs)

    return wrapper


def review_row(item) -> dict:
    return {"item_id": item.id, "session_id": item.session_id, "question_id": item.question_id,
            "max_score": item.max_score, "score": item.score, "response": item.response,
            "question": sessions.question_payload(item, reveal=True), **sessions.grading_view(item)}


@api_bp.get("/grading/queue")
@token_required
@staff_required
def grading_queue():
    return jsonify([review_row(item) for item in sessions.review_queue(classes.student_ids(api_user()))])


@api_bp.put("/grading/items/<int:item_id>")
@token_required
@staff_required
def grade_item(item_id: int):
    body = json_body()
    item = sessions.grade_item(g.api_user_id, item_id, body.get("score"), body.get("comment"),
                               classes.student_ids(api_user()))
    return jsonify(review_row(item))


@api_bp.get("/reviews/due")
@token_required
def reviews_due():
    now = utcnow()
    cards = learning.due_cards(g.api_user_id, now, limit=500)
    return jsonify(count=learning.due_count(g.api_user_id, now), items=[
        {"question_id": c.question_id, "topic": c.topic_id, "due": c.due.isoformat(), "state": c.state,
         "reviews": c.reviews, "lapses": c.lapses} for c in cards])


@api_bp.get("/mistakes")
@token_required
def mistakes():
    return jsonify([{"question_id": c.question_id, "topic": c.topic_id, "wrong_since": c.wrong_since.isoformat()}
                    for c in learning.mistakes(g.api_user_id, request.args.get("topic") or None)])


@api_bp.get("/stars")
@token_required
def stars():
    return jsonify([{"question_id": s.question_id, "created_at": s.created_at.isoformat()}
                    for s in learning.starred(g.api_user_id)])


@api_bp.route("/stars/<question_id>", methods=["PUT", "DELETE"])
@token_required
def star(question_id: str):
    try:
        on = learning.set_star(g.api_user_id, question_id, request.method == "PUT")
    except LookupError:
        return error_response(404, "question not found")
    return jsonify(question_id=question_id, starred=on)


@api_bp.get("/mastery")
@token_required
def mastery():
    return jsonify(learning.topic_mastery(g.api_user_id, utcnow()))


@api_bp.get("/estimate/<exam_id>")
@token_required
def estimate(exam_id: str):
    exam = db.session.get(ExamBlueprint, exam_id)
    if exam is None or not exam.active:
        return error_response(404, "exam not found")
    return jsonify(learning.estimate(exam, learning.topic_mastery(g.api_user_id, utcnow())))


# ----------------------------------------------------------------------------- classes and trainers' bank work


def class_row(classroom) -> dict:
    return {"id": classroom.id, "name": classroom.name, "join_code": classroom.join_code,
            "students": len(classroom.members)}


@api_bp.get("/classes")
@token_required
@staff_required
def class_list():
    return jsonify([class_row(c) for c in classes.classes_of(api_user())])


@api_bp.post("/classes")
@token_required
@staff_required
def class_create():
    return jsonify(class_row(classes.create_class(api_user(), json_body().get("name")))), 201


@api_bp.post("/classes/join")
@token_required
def class_join():
    classroom = classes.join_class(api_user(), str(json_body().get("code", "")))
    return jsonify(id=classroom.id, name=classroom.name)


@api_bp.post("/classes/<int:class_id>/assignments")
@token_required
@staff_required
def assignment_create(class_id: int):
    body = json_body()
    try:
        due = datetime.fromisoformat(str(body.get("due_at", "")))
    except ValueError:
        raise sessions.BadRequest("due_at must be an ISO date-time, e.g. 2026-12-01T20:00:00+08:00") from None
    if due.tzinfo is None:
        due = due.replace(tzinfo=LOCAL_TZ)
    assignment = classes.add_assignment(api_user(), class_id, body.get("title"), body.get("kind"), due,
                                        body.get("exam"), {k: body[k] for k in ("topics", "types", "count") if k in body})
    return jsonify(assignment_row(assignment)), 201


def assignment_row(assignment) -> dict:
    return {"id": assignment.id, "class_id": assignment.class_id, "title": assignment.title, "kind": assignment.kind,
            "exam": assignment.exam_id, "spec": assignment.spec, "due_at": assignment.due_at.isoformat()}


@api_bp.get("/classes/<int:class_id>/gradebook")
@token_required
@staff_required
def gradebook(class_id: int):
    book = classes.gradebook(api_user(), class_id)
    return jsonify(**{"class": class_row(book["class"]),
                      "assignments": [assignment_row(a) for a in book["assignments"]], "rows": book["rows"]})


@api_bp.get("/exams/<exam_id>/analysis")
@token_required
@staff_required
def analysis(exam_id: str):
    report = classes.item_analysis(api_user(), exam_id, request.args.get("class_id", type=int))
    return jsonify(exam=exam_id, attempts=report["attempts"], items=report["items"])


@api_bp.get("/assignments")
@token_required
def assignments():
    return jsonify([dict(assignment_row(a["assignment"]), done=a["done"], best=a["best"])
                    for a in classes.assignments_for(api_user())])


@api_bp.post("/assignments/<int:assignment_id>/start")
@token_required
def assignment_start(assignment_id: int):
    return jsonify(sessions.session_payload(classes.start_assignment(api_user(), assignment_id))), 201


@api_bp.post("/bank/imports")
@token_required
@staff_required
def bank_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise sessions.BadRequest("send the file as multipart form field `file`")
    try:
        batch = authoring.prepare_import(g.api_user_id, upload.filename, upload.read(),
                                         request.form.get("topic", ""), request.form.get("title", ""))
    except authoring.AuthoringError as exc:
        raise sessions.BadRequest(str(exc)) from None
    return jsonify(id=batch.id, topic=batch.topic_id, items=[e["item"] for e in batch.items],
                   problems=batch.problems), 201


@api_bp.post("/bank/imports/<int:batch_id>/confirm")
@token_required
@staff_required
def bank_import_confirm(batch_id: int):
    try:
        count = authoring.confirm_import(g.api_user_id, batch_id)
    except LookupError:
        return error_response(404, "import not found")
    except authoring.AuthoringError as exc:
        return error_response(409, str(exc))
    return jsonify(imported=count)


@api_bp.get("/bank/topics/<topic_id>/export")
@token_required
@staff_required
def bank_export(topic_id: str):
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        return error_response(404, "topic not found")
    fmt = request.args.get("format", "yaml")
    if fmt not in EXPORTS:
        return error_response(400, f"format must be one of {', '.join(EXPORTS)}")
    return export_response(topic, fmt)
