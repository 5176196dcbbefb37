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


def test_answers_racing_the_submit_are_scored_or_refused(api):
    """Each answer saved while the exam is being submitted either made it in before the submit, and is scored
    with the rest, or is refused (409): never acknowledged and then left out of the score."""
    answers = {"single": "A", "multiple": "AB", "truefalse": True}
    for _ in range(8):
        exam = api.start_exam()
        url = f"/sessions/{exam['id']}/answers/"
        saves = [lambda q=q, url=url: (q["id"], api.put(url + q["id"], json={"response": answers[q["type"]]}))
                 for q in exam["questions"]]
        submit = f"/sessions/{exam['id']}/submit"
        *saved, submitted = in_threads(*saves, lambda submit=submit: api.post(submit))
        assert submitted.status_code == 200
        results = {item["question_id"]: item for item in api.get(f"/sessions/{exam['id']}/results").json["items"]}
        for question_id, response in saved:
            assert response.status_code in (200, 409), response.json
            item = results[question_id]
            if response.status_code == 409:
                assert item["response"] is None and item["score"] == 0
                continue
            assert item["response"] == answers[item["type"]]
            key = item["answer"]
            right = set(item["response"]) == set(key) if item["type"] == "multiple" else item["response"] == key
            assert item["correct"] == right
            if right:
                assert item["score"] == item["max_score"]
            elif item["type"] != "multiple":  # a partly right multiple choice may earn part of the marks
                assert item["score"] == 0
        assert submitted.json["score"] == round(sum(item["score"] for item in results.values()), 2)
