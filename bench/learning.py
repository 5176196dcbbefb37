"""Dashboard and review queue for a heavy learner: 50,000 answers over 2,000 items, on SQLite.

    .venv/bin/python bench/learning.py [--answers 50000] [--items 2000] [--runs 60]

Fills a fresh SQLite database (WAL, as the app runs it) with one learner's year of history, then requests
the pages through the app and prints the median and p95 server time of each."""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert

from quiz import accounts, create_app
from quiz.clock import local_day, utcnow
from quiz.extensions import db
from quiz.models import ExamBlueprint, Question, QuizSession, ReviewCard, SessionItem, Topic

TOPICS = 20
PER_SESSION = 25


def fill(user_id: int, items: int, answers: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = utcnow()
    db.session.execute(insert(Topic), [{"id": f"t{n:02d}", "title": f"主题 {n}", "chapter": "基准", "position": n,
                                        "active": True} for n in range(TOPICS)])
    questions = []
    for n in range(items):
        data = {"id": f"q{n:05d}", "type": "single", "stem": f"第 {n} 题?", "options": ["甲", "乙", "丙", "丁"],
                "answer": "ABCD"[n % 4], "explanation": "解析", "difficulty": 1 + n % 5,
                "source": {"doc": "000", "anchor": "x"}}
        questions.append({"id": data["id"], "topic_id": f"t{n % TOPICS:02d}", "type": "single",
                          "difficulty": data["difficulty"], "position": n, "data": data, "content_hash": str(n),
                          "active": True, "updated_at": now})
    db.session.execute(insert(Question), questions)
    db.session.execute(insert(ExamBlueprint), [{"id": "paper", "title": "模拟卷", "active": True, "data": {
        "title": "模拟卷", "duration": 90, "pass_mark": 60,
        "sections": [{"title": "单选", "type": "single", "count": 100, "score": 1}]}}])
    sessions = answers // PER_SESSION
    for number in range(sessions):
        started = now - timedelta(days=365 * (sessions - number) / sessions, minutes=rng.randint(0, 600))
        exam = number % 60 == 0
        session_id = db.session.execute(insert(QuizSession).returning(QuizSession.id), [{
            "user_id": user_id, "mode": "exam" if exam else "practice", "source": "topics", "study": False,
            "title": "模拟卷" if exam else "topics", "started_at": started, "submitted_at": started + timedelta(hours=1),
            "max_score": PER_SESSION, "score": 0, "exam_id": "paper" if exam else None,
            "layout": {"pass_mark": 15, "sections": []} if exam else {}}]).scalar_one()
        rows = []
        for position, question in enumerate(rng.sample(questions, PER_SESSION), 1):
            right = rng.random() < 0.5 + 0.4 * (int(question["topic_id"][1:]) / TOPICS)
            answered = started + timedelta(seconds=20 * position)
            rows.append({"session_id": session_id, "user_id": user_id, "position": position, "section": 0,
                         "question_id": question["id"], "topic_id": question["topic_id"],
                         "snapshot": question["data"], "max_score": 1.0, "partial_credit": False,
                         "response": question["data"]["answer"] if right else "A", "answered_at": answered,
                         "answered_on": local_day(answered), "score": 1.0 if right else 0.0,
                         "machine_score": 1.0 if right else 0.0, "correct": right, "needs_review": False})
        db.session.execute(insert(SessionItem), rows)
        db.session.execute(db.update(QuizSession).where(QuizSession.id == session_id)
                           .values(score=sum(r["score"] for r in rows)))
    db.session.execute(insert(ReviewCard), [{
        "user_id": user_id, "question_id": q["id"], "topic_id": q["topic_id"], "state": 2, "step": None,
        "stability": rng.uniform(1, 60), "difficulty": rng.uniform(1, 10),
        "due": now + timedelta(days=rng.uniform(-10, 30)), "last_review": now - timedelta(days=rng.uniform(1, 30)),
        "reviews": rng.randint(1, 30), "lapses": rng.randint(0, 5),
        "wrong_since": now - timedelta(days=3) if rng.random() < 0.15 else None} for q in questions])
    db.session.commit()


def timed(client, path: str, runs: int) -> list[float]:
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=50_000)
    parser.add_argument("--items", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kaodian-bench-"))
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "AUTO_INIT_DB": False, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        user = accounts.register("heavy", "password1")
        started = time.perf_counter()
        fill(user.id, args.items, args.answers)
        print(f"filled {args.answers:,} answers over {args.items:,} items in {time.perf_counter() - started:.1f} s "
              f"({(folder / 'bench.db').stat().st_size / 1e6:.0f} MB)")
    client = app.test_client()
    client.post("/login", data={"username": "heavy", "password": "password1"})
    print(f"{'page':28}{'median ms':>10}{'p95 ms':>10}")
    for path in ("/dashboard", "/review", "/mistakes", "/progress", "/api/v1/reviews/due"):
        if path.startswith("/api/"):
            token = client.post("/api/v1/auth/login", json={"username": "heavy", "password": "password1"}).json
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token['token']}"
        samples = timed(client, path, args.runs)
        p95 = statistics.quantiles(samples, n=20)[-1]
        print(f"{path:28}{statistics.median(samples):>10.1f}{p95:>10.1f}")


if __name__ == "__main__":
    main()
