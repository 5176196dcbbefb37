"""Security sweep: headers, cookies, CSRF, stored XSS made inert, ids of other users not found, no answers
before submission, upload limits."""
import io
import json
import re

import pytest
from test_trainer import login, make_user

SECRET_KEYS = ("answer", "explanation", "explanation_html", "reference", "points")


def test_security_headers_on_pages_and_api(client):
    for response in (client.get("/login"), client.get("/api/v1/openapi.json"), client.get("/nowhere")):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_carry_no_inline_script(client, auth):
    auth.register()
    for url in ("/", "/dashboard", "/practice", "/exams", "/review", "/progress", "/account"):
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " on" + "click=" not in page and "style=" not in page, url


def test_session_cookie_flags(client, auth):
    cookie = auth.register().headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.csrf
@pytest.mark.parametrize("url", ["/logout", "/practice", "/exams/short/start", "/classes/join", "/account/delete",
                                 "/questions/rater-001/star", "/trainer/classes", "/trainer/import"])
def test_posts_without_csrf_token_are_refused(client, auth, url):
    client.post("/register", data={"username": "x" * 3, "password": "password1", "confirm": "password1",
                                   "csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                                                           client.get("/register").get_data(as_text=True)).group(1)})
    response = client.post(url, data={"name": "x"})
    assert response.status_code == 400


XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))'


def test_stored_xss_in_trainer_fields_is_inert(app, client):
    make_user(app, client, "teacher", "trainer")
    login(client, "teacher")
    form = {"id": "rater-200", "type": "single", "stem": XSS, "options": f"{XSS}\nB", "answer": "A",
            "explanation": XSS, "tags": "t"}
    assert client.post("/trainer/bank/rater/new", data=form).status_code == 302
    client.post("/trainer/classes", data={"name": XSS})
    for url in ("/trainer/bank/rater", "/trainer/questions/rater-200/edit", "/trainer/classes"):
        page = client.get(url).get_data(as_text=True)
        assert "alert(1)" in page, url   # shown, as text
        assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page, url
    make_user(app, client, "amy")
    login(client, "amy")
    url = client.post("/practice", data={"topics": ["rater"], "types": ["single"], "count": 50}).headers["Location"]
    for position in range(1, 6):
        page = client.get(f"{url}?q={position}").get_data(as_text=True)
        if "alert(1)" in page:
            assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
            break
    else:
        pytest.fail("the item with the script was not drawn")


def test_ids_of_other_users_are_not_found(app, client, api, make_api):
    exam = api.start_exam()
    practice = api.start_practice(topics=["market"], types=["definition"])
    api.put(f"/sessions/{practice['id']}/answers/mkt-003", json={"response": "个人"})
    eve = make_api("eve")
    for method, path, body in (
        ("get", f"/sessions/{exam['id']}", None), ("get", f"/sessions/{exam['id']}/results", None),
        ("post", f"/sessions/{exam['id']}/submit", None),
        ("put", f"/sessions/{exam['id']}/answers/rater-001", {"response": "A"}),
        ("post", f"/sessions/{practice['id']}/items/mkt-003/disputes", {"point": "1"}),
        ("post", "/assignments/1/start", None), ("post", "/bank/imports/1/confirm", None),
    ):
        response = getattr(eve, method)(path, **({"json": body} if body else {}))
        assert response.status_code in (403, 404), path
    make_user(app, client, "mallory")
    login(client, "mallory")
    for url in (f"/exam/{exam['id']}", f"/practice/{practice['id']}", f"/sessions/{exam['id']}/results"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/practice/{practice['id']}/1", data={"r:mkt-003": "x"}).status_code == 404
    assert client.post(f"/sessions/{practice['id']}/items/mkt-003/dispute", data={"point": "1"}).status_code == 404


def test_no_answer_reaches_the_client_before_an_exam_is_submitted(client, auth, api):
    exam = api.start_exam()
    for question in api.get(f"/sessions/{exam['id']}").json["questions"] + exam["questions"]:
        assert not set(question) & set(SECRET_KEYS)
    saved = api.put(f"/sessions/{exam['id']}/answers/{exam['questions'][0]['id']}", json={"response": "A"}).json
    assert saved == {"saved": True}
    assert api.get(f"/sessions/{exam['id']}/results").status_code == 409
    auth.register()
    paper = client.get(client.post("/exams/short/start").headers["Location"]).get_data(as_text=True)
    for secret in ("R 信赖度、A 专业度", "材料原文如此", "价格度不是", "解析", "right-answer"):
        assert secret not in paper
    listing = json.dumps(api.get("/sessions").json)
    assert "explanation" not in listing


def test_uploads_over_the_limit_are_refused(app, client, api):
    make_user(app, client, "teacher", "trainer")
    login(client, "teacher")
    too_big = {"CONTENT_LENGTH": str(app.config["MAX_CONTENT_LENGTH"] + 1)}  # refused before it is read
    response = client.post("/trainer/import", data={"file": (io.BytesIO(b"x"), "big.csv"), "topic": "big"},
                           content_type="multipart/form-data", environ_overrides=too_big)
    assert response.status_code == 413
    response = client.post("/api/v1/sessions", data=b"{}", content_type="application/json",
                           environ_overrides=too_big, headers=api.headers)
    assert response.status_code == 413 and "error" in response.json


def test_nul_characters_are_refused_before_the_database(api, client):
    assert api.post("/classes/join", json={"code": "\u0000"}).json == {"error": "text must not contain NUL characters"}
    assert api.get("/mistakes?topic=%00").status_code == 400
    assert client.post("/login", data={"username": "a\x00", "password": "b"}).status_code == 400
