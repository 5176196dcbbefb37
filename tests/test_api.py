"""The API contract: the OpenAPI document covers every route; listings, progress and history."""
from openapi_spec_validator import validate

from quiz.api import api_bp


def test_openapi_document_is_valid_and_covers_every_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(f"{api_bp.name}."):
            path = rule.rule.removeprefix("/api/v1")
            for name in rule.arguments:
                path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(f"<{name}>", f"{{{name}}}")
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert routes == documented


def test_topics_and_exams(api):
    assert api.get("/topics").json == [
        {"id": "rater", "title": "服务质量 RATER 指数", "chapter": "客户服务理念", "question_count": 4},
        {"id": "market", "title": "市场营销基础", "chapter": "市场营销基础", "question_count": 5},
    ] or sorted(t["id"] for t in api.get("/topics").json) == ["market", "rater"]
    exams = api.get("/exams").json
    assert exams == [{
        "id": "short", "title": "小测验", "description": None, "duration": 30, "pass_mark": 3, "total_score": 6,
        "sections": [
            {"title": "一、单项选择题", "type": "single", "count": 2, "score": 1, "partial": False},
            {"title": "二、多项选择题", "type": "multiple", "count": 1, "score": 2, "partial": True},
            {"title": "三、判断题", "type": "truefalse", "count": 2, "score": 1, "partial": False}]}]


def test_progress_counts_answers_per_topic(api):
    session = api.start_practice(topics=["rater"], types=["single", "truefalse"])
    api.put(f"/sessions/{session['id']}/answers/rater-001", json={"response": "D"})
    api.put(f"/sessions/{session['id']}/answers/rater-003", json={"response": False})
    progress = {row["topic"]: row for row in api.get("/progress").json}
    assert progress["rater"]["answers"] == 2 and progress["rater"]["right"] == 1
    assert progress["rater"]["accuracy"] == 0.5 and progress["rater"]["question_count"] == 4
    assert progress["market"]["answers"] == 0 and progress["market"]["accuracy"] is None


def test_history_lists_own_sessions_newest_first(api, make_api):
    first = api.start_practice(count=2)
    second = api.start_exam()
    make_api("other").start_exam()
    assert [s["id"] for s in api.get("/sessions").json] == [second["id"], first["id"]]


def test_errors_are_json_with_4xx(api, client):
    assert client.get("/api/v1/nowhere").json == {"error": "The requested URL was not found on the server. "
                                                           "If you entered the URL manually please check your "
                                                           "spelling and try again."}
    response = client.put("/api/v1/sessions/1/answers/x", data="{", content_type="application/json")
    assert response.status_code == 401  # authentication is checked before the body
    bad = api.put("/sessions/999/answers/x", data="[1]", content_type="application/json")
    assert bad.status_code == 400 and bad.json == {"error": "request body must be a JSON object"}
    assert api.delete("/sessions").status_code == 405


def test_pages_render_for_a_signed_in_user(client, auth, api):
    auth.register()
    session = client.post("/practice", data={"count": 2}).headers["Location"]
    for url in ["/", "/dashboard", "/practice", session, "/exams", "/progress", "/history"]:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
    auth.logout()
    for url in ["/dashboard", "/practice", "/exams", "/progress", "/history", "/sessions/1/results", "/exam/1"]:
        assert client.get(url).headers["Location"].startswith("/login"), url
