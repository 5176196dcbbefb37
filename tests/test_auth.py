"""Accounts: sign up, sign in, sign out, roles, hashed passwords, rate limits, CSRF."""
import pytest
from conftest import ApiActions
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import SessionItem, User


def find_user(app, username):
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username))


def test_register_login_logout(app, client, auth):
    assert client.get("/register").status_code == 200
    response = auth.register()
    assert response.headers["Location"] == "/dashboard"
    user = find_user(app, "alice")
    assert user.role == "student" and "password1" not in user.password_hash and user.check_password("password1")
    assert "alice" in client.get("/dashboard").get_data(as_text=True)
    auth.logout()
    assert client.get("/dashboard").headers["Location"].startswith("/login")
    assert auth.login().headers["Location"] == "/dashboard"


def test_wrong_password_and_taken_username(client, auth):
    auth.register()
    auth.logout()
    page = auth.login(password="wrong-password").get_data(as_text=True)
    assert "用户名或密码错误" in page
    assert client.get("/dashboard").status_code == 302
    auth.logout()
    assert "该用户名已被使用" in auth.register().get_data(as_text=True)


def test_register_validation(app, auth):
    page = auth.register(password="short").get_data(as_text=True)
    assert "field-error" in page
    assert find_user(app, "alice") is None


def test_login_redirects_only_to_local_paths(client, auth):
    auth.register()
    auth.logout()
    response = client.post("/login?next=//evil.example/x", data={"username": "alice", "password": "password1"})
    assert response.headers["Location"] == "/dashboard"
    auth.logout()
    response = client.post("/login?next=/history", data={"username": "alice", "password": "password1"})
    assert response.headers["Location"] == "/history"


def test_login_is_rate_limited(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [client.post("/login", data={"username": "x", "password": "wrong-pass"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    responses = [client.post("/api/v1/auth/login", json={"username": "x", "password": "y"}) for _ in range(4)]
    assert [r.status_code for r in responses] == [401, 401, 401, 429]
    refused = responses[-1]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60 and "try again" in refused.json["error"]
    # Only sign-in is limited: other requests from the same address go on.
    assert client.get("/healthz").status_code == 200


@pytest.mark.csrf
def test_forms_refuse_posts_without_csrf_token(app, client):
    response = client.post("/register", data={"username": "mallory", "password": "password1",
                                              "confirm": "password1"})
    assert response.status_code == 400
    assert find_user(app, "mallory") is None
    page = client.get("/register").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_create_admin_cli(app, runner):
    result = runner.invoke(args=["users", "create-admin", "boss"], env={"ADMIN_PASSWORD": "secret-pass"})
    assert result.exit_code == 0, result.output
    user = find_user(app, "boss")
    assert user.role == "admin" and user.check_password("secret-pass")
    again = runner.invoke(args=["users", "create-admin", "boss"], env={"ADMIN_PASSWORD": "secret-pass"})
    assert again.exit_code == 1 and "taken" in again.output


def test_api_register_login_and_token(client):
    assert client.post("/api/v1/auth/register", json={"username": "bob", "password": "password1"}).status_code == 201
    taken = client.post("/api/v1/auth/register", json={"username": "BOB", "password": "password1"})
    assert taken.status_code == 409 and taken.json == {"error": "this username is taken"}
    assert client.post("/api/v1/auth/register", json={"username": "b", "password": "x"}).status_code == 400
    assert client.post("/api/v1/auth/login", json={"username": "bob", "password": "nope-nope"}).status_code == 401
    token = client.post("/api/v1/auth/login", json={"username": "bob", "password": "password1"}).json["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json["username"] == "bob"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code == 401
    assert client.get("/api/v1/me").json == {"error": "sign in first: send Authorization: Bearer <token>"}


def test_api_ignores_the_page_cookie(client, auth):
    auth.register()
    assert client.get("/api/v1/me").status_code == 401


def answer_path(exam, question=None):
    return f"/sessions/{exam['id']}/answers/{question or exam['questions'][0]['id']}"


def stored_response(app, exam):
    with app.app_context():
        return db.session.scalar(select(SessionItem.response).where(
            SessionItem.session_id == exam["id"], SessionItem.question_id == exam["questions"][0]["id"]))


def test_a_password_change_ends_older_tokens_on_every_request_answer_saves_too(app, client, api):
    exam = api.start_exam()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "apiuser"))
        user.set_password("another-password")
        db.session.commit()
    refused = api.put(answer_path(exam), json={"response": "A"})
    assert refused.status_code == 401 and refused.json == {"error": "sign in first: send Authorization: Bearer <token>"}
    assert stored_response(app, exam) is None
    # Not "session not found": the token is refused before anything is looked up for it.
    assert api.put(f"/sessions/{exam['id'] + 1000}/answers/x", json={"response": "A"}).status_code == 401
    assert api.get(f"/sessions/{exam['id']}").status_code == 401

    fresh = ApiActions(client, password="another-password", register=False)
    assert fresh.put(answer_path(exam), json={"response": "A"}).json == {"saved": True}
    assert stored_response(app, exam) == "A"


def test_a_deleted_accounts_token_saves_nothing(app, client, api):
    exam = api.start_exam()
    assert api.delete("/me", json={"password": "password1"}).status_code == 204
    assert api.put(answer_path(exam), json={"response": "A"}).status_code == 401
    assert api.get("/me").status_code == 401


def test_a_token_for_another_users_session_finds_nothing(client, api):
    exam = api.start_exam()
    other = ApiActions(client, username="otheruser")
    missing = other.put(answer_path(exam), json={"response": "A"})
    assert missing.status_code == 404 and missing.json == {"error": "session not found"}
