"""Alembic migrations: they build exactly the models' schema, and upgrading a database filled by the first
schema keeps every learner's history."""
import json

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import BACKENDS, database_url
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from quiz import create_app
from quiz.extensions import close_connections, db


@pytest.fixture(params=BACKENDS)
def empty_app(request, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "AUTO_INIT_DB": False,
                      "SQLALCHEMY_DATABASE_URI": database_url(request.param, tmp_path)})
    with app.app_context():
        db.drop_all()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        yield app
        close_connections()


def test_migrations_build_the_models_schema(empty_app):
    flask_migrate.upgrade()
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
        if conn.dialect.name == "postgresql":  # room in each page for an exam save's heap-only update
            options = conn.execute(text("SELECT reloptions FROM pg_class WHERE relname = 'session_items'")).scalar()
            assert options == ["fillfactor=70"]
    assert differences == []


def seed_first_schema():
    """Rows as the first release wrote them (0001): a learner, the bank, an exam with answers."""
    statements = [
        (("INSERT INTO users (id, username, password_hash, role, created_at) "
         "VALUES (1, 'old', :pw, 'student', '2026-05-01 08:00:00+00:00')"), {"pw": generate_password_hash("password1")}),
        ("INSERT INTO topics (id, title, chapter, position, active) VALUES ('rater', 'RATER', NULL, 0, :t)", {}),
        (("INSERT INTO questions (id, topic_id, type, difficulty, position, data, content_hash, active, updated_at) "
         "VALUES ('rater-001', 'rater', 'single', 3, 0, :single, 'h1', :t, '2026-05-01 08:00:00+00:00'), "
         "('rater-014', 'rater', 'definition', 2, 1, :definition, 'h2', :t, '2026-05-01 08:00:00+00:00')"),
         {"single": json.dumps({"id": "rater-001", "type": "single", "stem": "E?", "options": ["a", "b"],
                                "answer": "B", "explanation": "e"}),
          "definition": json.dumps({"id": "rater-014", "type": "definition", "stem": "RATER 指数", "score": 3,
                                    "reference": "r", "points": [{"point": "服务质量", "score": 3}]})}),
        (("INSERT INTO quiz_sessions (id, user_id, mode, study, exam_id, title, layout, started_at, deadline, "
         "submitted_at, score, max_score, passed) VALUES (1, 1, 'practice', :f, NULL, '练习', '{}', "
         "'2026-05-02 15:30:00+00:00', NULL, '2026-05-02 16:00:00+00:00', 1, 4, NULL)"), {}),
        (("INSERT INTO session_items (id, session_id, position, section, question_id, topic_id, snapshot, max_score, "
         "partial_credit, response, answered_at, score, correct, needs_grading, detail) VALUES "
         "(1, 1, 1, 0, 'rater-001', 'rater', :s1, 1, :f, '\"B\"', '2026-05-02 15:40:00+00:00', 1, :t, :f, NULL), "
         "(2, 1, 2, 0, 'rater-014', 'rater', :s2, 3, :f, '\"服务质量的指数\"', '2026-05-02 16:10:00+00:00', 0, NULL, :t, "
         "NULL)"), {"s1": json.dumps({"type": "single", "stem": "E?", "options": ["a", "b"], "answer": "B",
                                     "explanation": "e"}),
                   "s2": json.dumps({"type": "definition", "stem": "RATER 指数", "score": 3, "reference": "r",
                                     "points": [{"point": "服务质量", "score": 3}]})}),
    ]
    with db.engine.begin() as conn:
        for sql, params in statements:
            conn.execute(text(sql), {"t": True, "f": False, **params})


def test_upgrade_keeps_every_learners_history(empty_app):
    flask_migrate.upgrade(revision="0001_initial")
    seed_first_schema()
    flask_migrate.upgrade()
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, user_id, difficulty, NULL, score, machine_score, needs_review, "
                                 "answered_on FROM session_items ORDER BY id")).all()
        source = conn.execute(text("SELECT source FROM quiz_sessions")).scalar_one()
    assert [(r[0], r[1], r[2], r[4], r[5], bool(r[6])) for r in rows] == [(1, 1, 3, 1, 1, False), (2, 1, 2, 0, 0, True)]
    # 16:10 UTC on 2 May is past midnight in Beijing: the learner's day is 3 May.
    assert [str(r[7]) for r in rows] == ["2026-05-02", "2026-05-03"]
    assert source == "topics"

    client = empty_app.test_client()
    token = client.post("/api/v1/auth/login", json={"username": "old", "password": "password1"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    result = client.get("/api/v1/sessions/1/results", headers=headers).json
    assert result["score"] == 1 and [i["response"] for i in result["items"]] == ["B", "服务质量的指数"]  # answers kept
    progress = client.get("/api/v1/progress", headers=headers).json
    assert progress[0]["answers"] == 2 and progress[0]["right"] == 1
    db.session.remove()  # the requests above shared this test's app context: end their transaction first
    flask_migrate.downgrade(revision="0001_initial")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM session_items")).scalar_one() == 2
