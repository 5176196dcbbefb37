"""Fixtures in the manner of Flask's tutorial: app / client / runner / auth / api, on every database backend.

Every test runs on SQLite; when TEST_DATABASE_URL is set (CI), it runs on that database (PostgreSQL) too."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from quiz import create_app
from quiz.bank import load_bank
from quiz.bank.sync import sync_bank
from quiz.extensions import close_connections, db, limiter

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
TEST_BANK = TESTS / "data" / "bank"
MATERIAL = Path(os.environ.get("COURSE_MATERIAL", PROJECT.parent / "shared" / "course-material"))
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def database_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return os.environ["TEST_DATABASE_URL"]


def reset_database() -> None:
    db.drop_all()
    if db.engine.dialect.name == "postgresql":
        # Tables from other test runs or schema versions would otherwise linger.
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    db.create_all()


@pytest.fixture(params=BACKENDS)
def app(request, tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url(request.param, tmp_path),
        "BANK_DIR": str(TEST_BANK),
        "AUTO_INIT_DB": False,
        "WTF_CSRF_ENABLED": request.node.get_closest_marker("csrf") is not None,
        "RATELIMIT_STORAGE_URI": "memory://",
    })
    # No app context stays pushed during the test: each request gets its own, as in production
    # (a shared one would carry flask.g, the cached locale and the logged-in user, across requests).
    with app.app_context():
        reset_database()
        sync_bank(load_bank(TEST_BANK))
        limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        close_connections()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self.client = client

    def register(self, username="alice", password="password1"):
        return self.client.post("/register", data={"username": username, "password": password, "confirm": password})

    def login(self, username="alice", password="password1"):
        return self.client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


class ApiActions:
    """A signed-in API client: `api.get(path)`, `api.post(path, json=…)` with the bearer token."""

    def __init__(self, client, username="apiuser", password="password1", register=True):
        self.client = client
        if register:
            response = client.post("/api/v1/auth/register", json={"username": username, "password": password})
            assert response.status_code == 201, response.json
        token = client.post("/api/v1/auth/login", json={"username": username, "password": password}).json["token"]
        self.headers = {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method):
        def call(path, **kwargs):
            return getattr(self.client, method)(f"/api/v1{path}", headers=self.headers, **kwargs)

        return call

    def start_exam(self, exam="short"):
        response = self.post("/sessions", json={"mode": "exam", "exam": exam})
        assert response.status_code == 201, response.json
        return response.json

    def start_practice(self, **body):
        response = self.post("/sessions", json={"mode": "practice", **body})
        assert response.status_code == 201, response.json
        return response.json


@pytest.fixture
def api(client):
    return ApiActions(client)


@pytest.fixture
def make_api(client):
    return lambda username: ApiActions(client, username=username)


def pytest_configure(config):
    config.addinivalue_line("markers", "csrf: run with CSRF protection enabled")


@pytest.fixture
def trainer_api(app, client):
    """An API client signed in as a trainer."""
    from quiz import accounts

    with app.app_context():
        accounts.register("trainer1", "password1", role="trainer")
    return ApiActions(client, "trainer1", register=False)
