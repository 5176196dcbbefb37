"""Concurrency: two tabs answering one exam, double submits, a submit racing the deadline — each ends in one
consistent result. Threads drive the real app on a real database (SQLite file or PostgreSQL)."""
import threading
from datetime import timedelta

from sqlalchemy import update

from quiz.clock import utcnow
from quiz.extensions import db
from quiz.models import QuizSession


def in_threads(*calls):
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_tabs_answering_one_exam(app, api):
    exam = api.start_exam()
    ids = [q["id"] for q in exam["questions"]]
    url = f"/sessions/{exam['id']}/answers/"
    tab_a = lambda: [api.put(url + qid, json={"response": "A" if i % 2 else True}).status_code
                     for i, qid in enumerate(ids)]
    tab_b = lambda: [api.put(url + qid, json={"response": "A" if i % 2 else True}).status_code
                     for i, qid in reversed(list(enumerate(ids)))]
    codes = in_threads(tab_a, tab_b)
    assert all(code in (200, 400) for tab in codes for code in tab)
    saved = api.get(f"/sessions/{exam['id']}").json["responses"]
    result = api.post(f"/sessions/{exam['id']}/submit").json
    assert {i["question_id"]: i["response"] for i in result["items"] if i["response"] is not None} == saved


def test_double_submit_scores_once(api):
    exam = api.start_exam()
    api.put(f"/sessions/{exam['id']}/answers/rater-001", json={"response": "D"})
    responses = in_threads(*[lambda: api.post(f"/sessions/{exam['id']}/submit") for _ in range(4)])
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409, 409, 409]
    winner = next(r for r in responses if r.status_code == 200).json
    assert api.get(f"/sessions/{exam['id']}/results").json["score"] == winner["score"]


def test_submit_racing_the_deadline(app, api):
    exam = api.start_exam()
    api.put(f"/sessions/{exam['id']}/answers/rater-001", json={"response": "D"})
    with app.app_context():
        db.session.execute(update(QuizSession).where(QuizSession.id == exam["id"])
                           .values(deadline=utcnow() - timedelta(milliseconds=1)))
        db.session.commit()
    submit, touch, late = in_threads(
        lambda: api.post(f"/sessions/{exam['id']}/submit"),
        lambda: api.get(f"/sessions/{exam['id']}"),
        lambda: api.put(f"/sessions/{exam['id']}/answers/mkt-002", json={"response": "D"}))
    assert submit.status_code == 409 and late.status_code == 409     # the deadline had passed: submitted for you
    assert touch.status_code == 200 and touch.json["submitted"] is True
    results = api.get(f"/sessions/{exam['id']}/results").json
    responses = {i["question_id"]: i["response"] for i in results["items"]}
    assert responses["rater-001"] == "D" and responses["mkt-002"] is None
