"""Mock exams: blueprint layout, answers saved as given, server-kept deadline, no answers before submission."""
import sqlite3
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
import time_machine
from conftest import ApiActions
from flask import request_started
from sqlalchemy import event, select, update

from quiz.clock import local_day
from quiz.extensions import db
from quiz.models import ExamBlueprint, QuizSession, SessionItem, User, utcnow

SECRET_FIELDS = ("answer", "explanation", "explanation_html", "reference", "points")


def expire(app, session_id):
    with app.app_context():
        db.session.execute(update(QuizSession).where(QuizSession.id == session_id)
                           .values(deadline=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def test_exam_follows_the_blueprint_and_hides_answers(api):
    exam = api.start_exam()
    assert [q["type"] for q in exam["questions"]] == ["single", "single", "multiple", "truefalse", "truefalse"]
    assert [q["max_score"] for q in exam["questions"]] == [1, 1, 2, 1, 1]
    assert exam["deadline"] and exam["pass_mark"] == 3
    for question in exam["questions"]:
        assert not set(question) & set(SECRET_FIELDS)
    fetched = api.get(f"/sessions/{exam['id']}").json
    assert not any(key in q for q in fetched["questions"] for key in SECRET_FIELDS)


def test_answers_saved_as_given_and_idempotent(api):
    exam = api.start_exam()
    qid = exam["questions"][0]["id"]
    url = f"/sessions/{exam['id']}/answers/{qid}"
    assert api.put(url, json={"response": "A"}).json == {"saved": True}
    assert api.put(url, json={"response": "A"}).json == {"saved": True}
    assert api.put(url, json={"response": "B"}).json == {"saved": True}  # may change until submitted
    assert api.get(f"/sessions/{exam['id']}").json["responses"] == {qid: "B"}


def test_submit_scores_by_section_topic_and_pass_mark(api):
    exam = api.start_exam()
    keys = {"rater-001": "D", "mkt-002": "D", "rater-002": "ABD", "rater-003": True, "mkt-005": False}
    for q in exam["questions"]:
        api.put(f"/sessions/{exam['id']}/answers/{q['id']}", json={"response": keys[q["id"]]})
    result = api.post(f"/sessions/{exam['id']}/submit").json
    assert result["score"] == 6 and result["max_score"] == 6 and result["passed"] is True
    assert [(s["title"], s["score"], s["max_score"]) for s in result["sections"]] == [
        ("一、单项选择题", 2, 2), ("二、多项选择题", 2, 2), ("三、判断题", 2, 2)]
    assert {t["topic"]: t["score"] for t in result["topics"]} == {"rater": 4, "market": 2}
    item = next(i for i in result["items"] if i["question_id"] == "rater-001")
    assert item["answer"] == "D" and "R 信赖度" in item["explanation_html"] and item["response"] == "D"
    assert api.get(f"/sessions/{exam['id']}/results").json == result


def test_partial_multiple_and_fail(api):
    exam = api.start_exam()
    api.put(f"/sessions/{exam['id']}/answers/rater-002", json={"response": "AB"})
    result = api.post(f"/sessions/{exam['id']}/submit").json
    assert result["sections"][1]["score"] == 1.33 and result["passed"] is False


def test_double_submit_is_refused(api):
    exam = api.start_exam()
    assert api.post(f"/sessions/{exam['id']}/submit").status_code == 200
    again = api.post(f"/sessions/{exam['id']}/submit")
    assert again.status_code == 409 and again.json == {"error": "this session is already submitted"}
    late = api.put(f"/sessions/{exam['id']}/answers/{exam['questions'][0]['id']}", json={"response": "A"})
    assert late.status_code == 409


def test_answer_after_deadline_is_refused_and_exam_submitted(app, api):
    exam = api.start_exam()
    qid = exam["questions"][0]["id"]
    api.put(f"/sessions/{exam['id']}/answers/{qid}", json={"response": "D"})
    expire(app, exam["id"])
    late = api.put(f"/sessions/{exam['id']}/answers/{exam['questions'][1]['id']}", json={"response": "D"})
    assert late.status_code == 409 and late.json == {"error": "the exam time is over; the exam was submitted"}
    result = api.get(f"/sessions/{exam['id']}/results").json
    assert next(i for i in result["items"] if i["question_id"] == qid)["response"] == "D"
    assert next(i for i in result["items"] if i["question_id"] == exam["questions"][1]["id"])["response"] is None


def test_expired_exam_is_submitted_when_next_touched(app, api):
    exam = api.start_exam()
    expire(app, exam["id"])
    assert api.get(f"/sessions/{exam['id']}").json["submitted"] is True
    assert api.get("/sessions").json[0]["submitted_at"] is not None


def test_results_before_submission_refused(api):
    exam = api.start_exam()
    response = api.get(f"/sessions/{exam['id']}/results")
    assert response.status_code == 409


def test_other_users_session_is_not_found(api, make_api):
    exam = api.start_exam()
    mallory = make_api("mallory")
    qid = exam["questions"][0]["id"]
    for response in (mallory.get(f"/sessions/{exam['id']}"),
                     mallory.put(f"/sessions/{exam['id']}/answers/{qid}", json={"response": "A"}),
                     mallory.post(f"/sessions/{exam['id']}/submit"),
                     mallory.get(f"/sessions/{exam['id']}/results")):
        assert response.status_code == 404 and response.json == {"error": "session not found"}
    assert api.get(f"/sessions/{exam['id']}").json["submitted"] is False


def test_unknown_exam(api):
    assert api.post("/sessions", json={"mode": "exam", "exam": "nope"}).status_code == 404
    assert api.post("/sessions", json={"mode": "exam"}).status_code == 404


def test_exam_pages_without_javascript(client, auth):
    auth.register()
    assert "小测验" in client.get("/exams").get_data(as_text=True)
    paper_url = client.post("/exams/short/start").headers["Location"]
    page = client.get(paper_url).get_data(as_text=True)
    assert "一、单项选择题" in page and "三、判断题" in page and 'id="timer"' in page
    assert "R 信赖度" not in page and "材料原文如此" not in page  # no explanation on the paper
    session_id = int(paper_url.rsplit("/", 1)[1])
    saved = client.post(f"/exam/{session_id}/answer", json={"question_id": "rater-001", "response": "D"})
    assert saved.json == {"saved": True}
    assert client.post(f"/exam/{session_id}/answer", json={"oops": 1}).status_code == 400
    assert 'value="D"\n             data-key="4" checked' in client.get(paper_url).get_data(as_text=True)
    done = client.post(f"/exam/{session_id}/submit", data={"r:rater-003": "true", "r:rater-002": ["A", "B", "D"]})
    results = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "成绩" in results and "逐题解析" in results
    assert client.get(paper_url).headers["Location"].endswith(f"/sessions/{session_id}/results")


def test_other_users_pages_are_not_found(client, auth, api):
    exam = api.start_exam()
    auth.register("eve")
    assert client.get(f"/exam/{exam['id']}").status_code == 404
    assert client.get(f"/sessions/{exam['id']}/results").status_code == 404
    assert client.post(f"/exam/{exam['id']}/answer", json={"question_id": "x", "response": "A"}).status_code == 404


# ----------------------------------------------------------------------------- saves to a remembered paper
# After a first save the app remembers the exam's paper (sessions.OpenPapers) and later saves are one guarded
# UPDATE. Everything the paper vouches for must still be checked by the database in that statement.


def answers_path(exam, n):
    return f"/sessions/{exam['id']}/answers/{exam['questions'][n]['id']}"


def stored(app, exam, n):
    with app.app_context():
        return db.session.scalar(select(SessionItem.response).where(
            SessionItem.session_id == exam["id"], SessionItem.question_id == exam["questions"][n]["id"]))


@contextmanager
def on_checkout(app, listener):
    """listener(dbapi_connection, record, proxy) on every connection any of the app's pools hands out, meanwhile."""
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        event.listen(engine, "checkout", listener)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, "checkout", listener)


def statements_per_save(app, api, exam, n):
    """The statements one save sends to the database, as the driver sends them (on every connection of the app:
    the busiest write bypasses SQLAlchemy's execution, so its events would not see it)."""
    sent, traced = [], []

    class TracedCursor(psycopg.Cursor):
        def execute(self, query, *args, **kwargs):
            sent.append(query)
            return super().execute(query, *args, **kwargs)

    def trace(dbapi_connection, _record, _proxy):
        traced.append(dbapi_connection)
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(sent.append)
        else:
            dbapi_connection.cursor_factory = TracedCursor

    try:
        with on_checkout(app, trace):
            assert api.put(answers_path(exam, n), json={"response": "A"}).json == {"saved": True}
    finally:
        for dbapi_connection in traced:
            if isinstance(dbapi_connection, sqlite3.Connection):
                dbapi_connection.set_trace_callback(None)
            else:
                dbapi_connection.cursor_factory = psycopg.Cursor
    return sent


def test_a_remembered_paper_saves_in_one_statement(app, api):
    exam = api.start_exam()
    first = statements_per_save(app, api, exam, 0)  # reads the item, writes, then reads the paper
    later = statements_per_save(app, api, exam, 1)
    assert len(first) == 3 and len(later) == 1 and later[0].lstrip().upper().startswith("UPDATE")
    assert stored(app, exam, 0) == "A" and stored(app, exam, 1) == "A"


def test_a_save_on_a_lost_database_connection_is_stored_all_the_same(app, api):
    """The one-statement save bypasses SQLAlchemy's execution; a driver error still gets SQLAlchemy's handling
    (the dead connection leaves the pool), and the save is then made the ordinary way, on a fresh connection."""
    exam = api.start_exam()
    assert api.put(answers_path(exam, 0), json={"response": "A"}).json == {"saved": True}
    broken = []

    def lose_connection(dbapi_connection, _record, _proxy):
        if not broken:  # as if the database had gone away under the pooled connection
            broken.append(dbapi_connection)
            dbapi_connection.close()

    with on_checkout(app, lose_connection):
        assert api.put(answers_path(exam, 1), json={"response": "A"}).json == {"saved": True}
    assert broken and stored(app, exam, 1) == "A"


def served_by_flask(app, request):
    """Whether Flask's request machinery served the request (the shortcut below it did not)."""
    dispatched = []

    def receiver(sender, **_extra):
        dispatched.append(sender)

    request_started.connect(receiver, app)
    try:
        response = request()
    finally:
        request_started.disconnect(receiver, app)
    return bool(dispatched), response


def test_a_save_to_a_remembered_paper_is_served_below_flask_with_the_same_answer(app, api):
    exam = api.start_exam()
    by_flask, first = served_by_flask(app, lambda: api.put(answers_path(exam, 0), json={"response": "A"}))
    assert by_flask and first.status_code == 200
    by_flask, later = served_by_flask(app, lambda: api.put(answers_path(exam, 1), json={"response": "B"}))
    assert not by_flask and later.status_code == 200 and stored(app, exam, 1) == "B"
    assert later.data == first.data and later.content_type == first.content_type == "application/json"
    assert later.headers["X-Content-Type-Options"] == "nosniff"  # the security headers apply to it too


@pytest.mark.parametrize("body, headers, path", [
    ('{"response": "Z"}', {}, ""),                                      # a response the question refuses
    ('{"response": "A\\u0000"}', {}, ""),                             # a NUL character
    ('{"answer": "A"}', {}, ""),                                        # no response
    ("not json", {}, ""),
    ('{"response": "A"}', {"Content-Type": "text/plain"}, ""),
    ('{"response": "A"}', {}, "?x=1"),                                  # a query string
    ('{"response": "A"}', {"Authorization": "Bearer not-a-token"}, ""),
])
def test_anything_but_a_plain_save_goes_to_flask_which_answers_it(app, api, body, headers, path):
    exam = api.start_exam()
    assert api.put(answers_path(exam, 0), json={"response": "A"}).json == {"saved": True}
    sent = {**api.headers, "Content-Type": "application/json", **headers}
    by_flask, response = served_by_flask(app, lambda: api.client.put(
        "/api/v1" + answers_path(exam, 1) + path, data=body, headers=sent))
    assert by_flask
    if path:  # the view takes no query; the save is made by Flask all the same
        assert response.status_code == 200 and stored(app, exam, 1) == "A"
    else:
        assert 400 <= response.status_code < 500 and "error" in response.json and stored(app, exam, 1) is None


def test_a_remembered_paper_refuses_an_older_token_after_a_password_change(app, client, api):
    exam = api.start_exam()
    assert api.put(answers_path(exam, 0), json={"response": "A"}).json == {"saved": True}
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "apiuser"))
        user.set_password("another-password")
        db.session.commit()
    assert api.put(answers_path(exam, 1), json={"response": "A"}).status_code == 401
    assert stored(app, exam, 1) is None
    fresh = ApiActions(client, password="another-password", register=False)
    assert fresh.put(answers_path(exam, 1), json={"response": "A"}).json == {"saved": True}
    assert stored(app, exam, 1) == "A"


def test_a_remembered_paper_takes_nothing_after_submission_or_the_deadline(app, api, make_api):
    submitted, expired = api.start_exam(), api.start_exam()
    for exam in (submitted, expired):
        assert api.put(answers_path(exam, 0), json={"response": "A"}).json == {"saved": True}
    assert api.post(f"/sessions/{submitted['id']}/submit").status_code == 200
    late = api.put(answers_path(submitted, 1), json={"response": "A"})
    assert late.status_code == 409 and late.json == {"error": "this session is already submitted"}
    expire(app, expired["id"])
    late = api.put(answers_path(expired, 1), json={"response": "A"})
    assert late.status_code == 409 and late.json == {"error": "the exam time is over; the exam was submitted"}
    assert stored(app, submitted, 1) is None and stored(app, expired, 1) is None
    assert api.get(f"/sessions/{expired['id']}").json["submitted"] is True


def test_a_remembered_paper_still_checks_the_response_the_question_and_the_owner(app, api, make_api):
    exam = api.start_exam()
    assert api.put(answers_path(exam, 0), json={"response": "A"}).json == {"saved": True}
    wrong = api.put(answers_path(exam, 1), json={"response": "Z"})
    assert wrong.status_code == 400 and "option letters" in wrong.json["error"]
    missing = api.put(f"/sessions/{exam['id']}/answers/not-on-this-paper", json={"response": "A"})
    assert missing.status_code == 404
    other = make_api("otheruser").put(answers_path(exam, 1), json={"response": "A"})
    assert other.status_code == 404 and stored(app, exam, 1) is None


def test_a_nul_character_in_a_text_answer_is_refused_even_with_the_paper_remembered(app, api):
    with app.app_context():
        db.session.add(ExamBlueprint(id="blanks", title="填空", data={
            "title": "填空", "duration": 30, "pass_mark": 1,
            "sections": [{"title": "填空题", "type": "fill", "count": 1, "score": 1, "topics": ["rater"]}]}))
        db.session.commit()
    exam = api.start_exam("blanks")
    assert api.put(answers_path(exam, 0), json={"response": ["有形度", "反应度"]}).json == {"saved": True}
    refused = api.put(answers_path(exam, 0), json={"response": ["有形度\u0000", "反应度"]})
    assert refused.status_code == 400 and "NUL" in refused.json["error"]
    assert stored(app, exam, 0) == ["有形度", "反应度"]


def test_an_exam_answer_counts_when_the_exam_is_handed_in(app, api):
    exam = api.start_exam()
    with time_machine.travel(utcnow() - timedelta(days=3)):  # answered three days before the hand-in
        assert api.put(answers_path(exam, 0), json={"response": "A"}).json == {"saved": True}
    assert api.post(f"/sessions/{exam['id']}/submit").status_code == 200
    with app.app_context():
        session = db.session.get(QuizSession, exam["id"])
        item = db.session.scalar(select(SessionItem).where(SessionItem.session_id == exam["id"],
                                                           SessionItem.question_id == exam["questions"][0]["id"]))
        assert item.answered_at == session.submitted_at and item.answered_on == local_day(session.submitted_at)
