"""The learning engine under a controlled clock: FSRS due dates, 错题本, 收藏, mastery, drills, the dashboard."""
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fsrs import Card, Rating

from quiz.learning import SCHEDULER

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


@pytest.fixture
def clock():
    """A controlled clock, started before the app and the API token (a token from the future is refused)."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def answer(api, question_id, response, topic, qtype):
    session = api.start_practice(topics=[topic], types=[qtype], count=1)
    assert session["questions"][0]["id"] == question_id
    return session["id"], api.put(f"/sessions/{session['id']}/answers/{question_id}", json={"response": response}).json


def due_of(api, question_id):
    return next(i["due"] for i in api.get("/reviews/due").json["items"] if i["question_id"] == question_id)


def card_due(api, app, question_id):
    from quiz.extensions import db
    from quiz.models import ReviewCard

    with app.app_context():
        return db.session.query(ReviewCard).filter_by(question_id=question_id).one().due


def test_due_dates_move_as_fsrs_says(clock, app, api):
    expected = Card(due=T0)
    clock.move_to(T0)
    answer(api, "rater-001", "D", "rater", "single")            # right → Good
    expected, _ = SCHEDULER.review_card(expected, Rating.Good, T0)
    assert card_due(api, app, "rater-001") == expected.due

    second = expected.due
    clock.move_to(second)
    assert due_of(api, "rater-001") == expected.due.isoformat()
    answer(api, "rater-001", "A", "rater", "single")             # wrong → Again
    expected, _ = SCHEDULER.review_card(expected, Rating.Again, second)
    assert card_due(api, app, "rater-001") == expected.due
    assert expected.due - second == timedelta(minutes=1)             # back to the first learning step


def test_quick_right_answer_on_a_known_item_is_easy(clock, app, api):
    card, moment = Card(due=T0), T0
    for rating in (Rating.Good, Rating.Good):
        clock.move_to(moment)
        answer(api, "rater-003", True, "rater", "truefalse")
        card, _ = SCHEDULER.review_card(card, rating, moment)
        moment = card.due + timedelta(minutes=1)
    assert card.state.name == "Review"
    clock.move_to(moment)
    session = api.start_practice(topics=["rater"], types=["truefalse"], count=1)
    clock.shift(timedelta(seconds=4))                        # answered in 4 seconds
    api.put(f"/sessions/{session['id']}/answers/rater-003", json={"response": True})
    easy, _ = SCHEDULER.review_card(card, Rating.Easy, moment + timedelta(seconds=4))
    assert card_due(api, app, "rater-003") == easy.due


def test_partial_free_text_is_hard(clock, app, api):
    clock.move_to(T0)
    _, feedback = answer(api, "mkt-003", "企业经营过程中产生关系的人", "market", "definition")
    assert 0 < feedback["score"] < feedback["max_score"]
    hard, _ = SCHEDULER.review_card(Card(due=T0), Rating.Hard, T0)
    assert card_due(api, app, "mkt-003") == hard.due


def test_wrong_answer_enters_the_mistakes_book_until_right_in_a_later_session(clock, api, client, auth):
    clock.move_to(T0)
    answer(api, "mkt-002", "A", "market", "single")
    assert [m["question_id"] for m in api.get("/mistakes").json] == ["mkt-002"]
    assert api.get("/mistakes?topic=rater").json == []
    clock.move_to(T0 + timedelta(days=1))
    drill = api.start_practice(source="mistakes")
    assert [q["id"] for q in drill["questions"]] == ["mkt-002"]
    api.put(f"/sessions/{drill['id']}/answers/mkt-002", json={"response": "D"})
    assert api.get("/mistakes").json == []


def test_stars_and_practising_them(clock, api):
    assert api.put("/stars/rater-002").json == {"question_id": "rater-002", "starred": True}
    assert api.put("/stars/rater-002").status_code == 200                   # twice: no change
    assert [s["question_id"] for s in api.get("/stars").json] == ["rater-002"]
    session = api.start_practice(source="starred")
    assert [q["id"] for q in session["questions"]] == ["rater-002"]
    assert api.delete("/stars/rater-002").json["starred"] is False
    assert api.get("/stars").json == []
    assert api.put("/stars/nope").status_code == 404
    assert api.post("/sessions", json={"mode": "practice", "source": "starred"}).status_code == 400


def test_weak_topics_come_first_and_the_drill_starts_with_their_mistakes_and_unseen(clock, api):
    clock.move_to(T0)
    answer(api, "rater-001", "D", "rater", "single")      # rater: right
    answer(api, "rater-003", True, "rater", "truefalse")
    answer(api, "mkt-002", "A", "market", "single")       # market: wrong
    mastery = api.get("/mastery").json
    assert [t["topic"] for t in mastery] == ["market", "rater"]
    assert mastery[0]["mastery"] == 0 and mastery[1]["mastery"] == 1 and mastery[1]["seen"] == 2
    drill = api.start_practice(source="weak", count=3)
    ids = [q["id"] for q in drill["questions"]]
    assert ids[0] == "mkt-002" and all(q.startswith("mkt-") for q in ids)   # the mistake, then unseen items


def test_recent_results_weigh_more(clock, api):
    clock.move_to(T0)
    answer(api, "mkt-002", "A", "market", "single")       # wrong, long ago
    clock.move_to(T0 + timedelta(days=25))
    answer(api, "mkt-005", False, "market", "truefalse")  # right, today
    market = next(t for t in api.get("/mastery").json if t["topic"] == "market")
    assert market["mastery"] == round(1.0 * 1.0 / (1.0 + 0.7), 3)   # recency weights 1.0 and 0.7, same difficulty


def test_estimate_follows_mastery_and_blueprint(clock, api):
    clock.move_to(T0)
    answer(api, "rater-001", "D", "rater", "single")
    answer(api, "mkt-002", "A", "market", "single")
    estimate = api.get("/estimate/short").json
    single = estimate["sections"][0]
    assert single["marks"] == 2 and single["share"] == 0.5 and single["points"] == 1.0   # 1 rater + 1 market item
    assert estimate["total"] == 6 and estimate["estimate"] == sum(s["points"] for s in estimate["sections"])
    assert api.get("/estimate/nope").status_code == 404


def test_review_queue_and_dashboard_pages(clock, client, auth):
    clock.move_to(T0)
    auth.register()
    url = client.post("/practice", data={"topics": ["rater"], "types": ["single"], "count": 1}).headers["Location"]
    client.post(f"{url}/1", data={"r:rater-001": "A"})
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'id="due-count">1<' in page and "估分" in page and "<svg" in page and "专练薄弱知识点" in page
    assert "连续练习 1 天" in page and "错题本 1 题" in page
    queue = client.get("/review").get_data(as_text=True)
    assert "今日到期 1 题" in queue and "RATER 指数中的" in queue
    start = client.post("/practice/from/review", data={"count": "5"})
    assert client.get(start.headers["Location"]).status_code == 200
    assert "RATER 指数中的" in client.get("/mistakes").get_data(as_text=True)
    client.post("/questions/rater-001/star", data={"on": "1", "next": "/starred"})
    assert "RATER 指数中的" in client.get("/starred").get_data(as_text=True)
    clock.move_to(T0 + timedelta(days=1))
    client.post("/practice", data={"topics": ["market"], "types": ["truefalse"], "count": 1})
    page = client.get("/dashboard").get_data(as_text=True)
    assert "连续练习 1 天" in page  # yesterday counts until today is practised
