"""Production mode and scale-out: health check, required secret, secure cookies, JSON logs, and two app
processes (gunicorn) sharing one database and one Redis for rate limits."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import redis
from conftest import PROJECT, TEST_BANK, ApiActions

from quiz import create_app
from quiz.ops import configure_logging

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_healthz_checks_the_database(client, tmp_path):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
    broken = create_app({"SECRET_KEY": "x", "AUTO_INIT_DB": False,
                         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["status"] == "error"


def test_production_requires_a_secret_and_secures_cookies(monkeypatch, tmp_path):
    settings = {"ENV_NAME": "production", "SECRET_KEY": None, "AUTO_INIT_DB": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"}
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app(settings)
    app = create_app(dict(settings, SECRET_KEY="a-real-secret", WTF_CSRF_ENABLED=False))
    from quiz import accounts
    from quiz.extensions import db

    with app.app_context():
        db.create_all()
        accounts.register("prod", "password1")
    response = app.test_client().post("/login", data={"username": "prod", "password": "password1", "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "Secure" in remember and "HttpOnly" in remember


def test_structured_request_logs(tmp_path, capsys):
    app = create_app({"SECRET_KEY": "x", "AUTO_INIT_DB": False, "LOG_FORMAT": "json",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/l.db"})
    response = app.test_client().get("/healthz", headers={"X-Request-ID": "abc123"})
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "request" and line["path"] == "/healthz" and line["status"] == 200
    assert line["request_id"] == "abc123" == response.headers["X-Request-ID"] and line["ms"] >= 0


def test_request_log_names_the_user_and_the_decoded_path(app, capsys):
    app.config["LOG_FORMAT"] = "json"
    configure_logging(app)
    client = app.test_client()
    api = ApiActions(client)
    assert api.get("/sessions").status_code == 200
    assert client.get("/题库/不存在").status_code == 404
    lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    listed, missing = lines[-2], lines[-1]
    assert listed["path"] == "/api/v1/sessions" and listed["status"] == 200 and listed["method"] == "GET"
    assert listed["user"] == api.get("/me").json["id"]
    assert missing["path"] == "/题库/不存在" and missing["status"] == 404 and missing["user"] is None
    assert len({listed["request_id"], missing["request_id"]}) == 2 and listed["remote"] == "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def two_servers(app):
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    servers = []
    for _ in range(2):
        port = free_port()
        env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", WEB_CONCURRENCY="1", AUTO_INIT_DB="0",
                   DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY="shared-secret",
                   BANK_DIR=str(TEST_BANK), REDIS_URL=REDIS_URL, LOGIN_RATE_LIMIT="3 per minute",
                   LOG_FORMAT="json")
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "quiz/gunicorn_conf.py", "app:app"],
                                   cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers.append((process, f"http://127.0.0.1:{port}"))
    for process, base in servers:
        for _ in range(100):
            try:
                if call(base, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"{base} did not start")
    yield [base for _, base in servers]
    for process, _ in servers:
        process.terminate()
        process.wait(timeout=10)


def test_one_exam_across_two_app_processes(two_servers):
    a, b = two_servers
    assert call(a, "POST", "/api/v1/auth/register", {"username": "roamer", "password": "password1"})[0] == 201
    token = call(b, "POST", "/api/v1/auth/login", {"username": "roamer", "password": "password1"})[1]["token"]
    status, exam = call(a, "POST", "/api/v1/sessions", {"mode": "exam", "exam": "short"}, token)
    assert status == 201
    first, second = exam["questions"][0]["id"], exam["questions"][1]["id"]
    assert call(b, "PUT", f"/api/v1/sessions/{exam['id']}/answers/{first}", {"response": "D"}, token)[1] == {
        "saved": True}
    assert call(a, "PUT", f"/api/v1/sessions/{exam['id']}/answers/{second}", {"response": "D"}, token)[0] == 200
    assert call(a, "GET", f"/api/v1/sessions/{exam['id']}", token=token)[1]["responses"] == {first: "D", second: "D"}
    assert call(b, "POST", f"/api/v1/sessions/{exam['id']}/submit", token=token)[0] == 200
    assert call(a, "POST", f"/api/v1/sessions/{exam['id']}/submit", token=token)[0] == 409   # once, anywhere
    # a remembers the paper from its save above; the database still refuses a change after the hand-in
    assert call(a, "PUT", f"/api/v1/sessions/{exam['id']}/answers/{second}", {"response": "A"}, token)[0] == 409
    results = call(a, "GET", f"/api/v1/sessions/{exam['id']}/results", token=token)[1]
    assert [i["response"] for i in results["items"][:2]] == ["D", "D"]


def test_login_rate_limit_is_shared_through_redis(two_servers):
    a, b = two_servers
    codes = [call(server, "POST", "/api/v1/auth/login", {"username": "x", "password": "wrong-pass"})[0]
             for server in (a, b, a, b)]
    assert codes == [401, 401, 401, 429]
