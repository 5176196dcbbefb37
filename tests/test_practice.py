"""Practice: choose topics and types, instant feedback with explanation, study mode, finishing."""
import re


def start_page_session(client, **form):
    response = client.post("/practice", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_practice_page_flow_with_feedback(client, auth):
    auth.register()
    url = start_page_session(client, topics=["rater"], types=["single"], count=1)
    page = client.get(url).get_data(as_text=True)
    assert "RATER 指数中的 <strong>E</strong> 代表什么?" in page
    assert 'data-keyboard="practice"' in page and 'data-key="4"' in page
    assert "材料" not in page and "R 信赖度、A 专业度" not in page  # no explanation before answering
    session_id = int(url.rsplit("/", 1)[1])
    response = client.post(f"/practice/{session_id}/1", data={"r:rater-001": "A"})
    feedback = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "回答错误" in feedback and "R 信赖度、A 专业度" in feedback and 'class="right-answer">D<' in feedback
    results = client.post(f"/practice/{session_id}/finish")
    page = client.get(results.headers["Location"]).get_data(as_text=True)
    assert "0</span> / 1" in page


def test_blank_answer_is_not_recorded(client, auth):
    auth.register()
    url = start_page_session(client, topics=["rater"], types=["single"], count=1)
    session_id = int(url.rsplit("/", 1)[1])
    response = client.post(f"/practice/{session_id}/1", data={}, follow_redirects=True)
    assert "请先选择或填写答案" in response.get_data(as_text=True)


def test_study_mode_shows_answer_at_once(client, auth):
    auth.register()
    url = start_page_session(client, topics=["rater"], types=["truefalse"], count=1, study="y")
    page = client.get(url).get_data(as_text=True)
    assert "背题" in page and 'class="right-answer">正确<' in page and "材料原文如此" in page


def test_practice_api_feedback_and_idempotence(api):
    session = api.start_practice(topics=["market"], types=["fill"])
    assert session["questions"][0] == {
        "id": "mkt-001", "type": "fill", "position": 1, "section": 0, "max_score": 1.0, "blanks": 3,
        "stem_html": '<p>市场营销的三大要素:<span class="blank">(1)</span> + <span class="blank">(2)</span> + '
                     '<span class="blank">(3)</span>。</p>'}
    url = f"/sessions/{session['id']}/answers/mkt-001"
    first = api.put(url, json={"response": ["欲望", "人口", "購買力"]})
    assert first.status_code == 200
    assert first.json["correct"] is True and first.json["explanation_html"] == "<p>人口、购买力、欲望。</p>"
    assert api.put(url, json={"response": ["欲望", "人口", "購買力"]}).json == first.json
    changed = api.put(url, json={"response": ["x", "y", "z"]})
    assert changed.status_code == 409 and changed.json == {"error": "this question is already answered in this session"}


def test_practice_request_errors(api):
    assert api.post("/sessions", json={"mode": "practice", "topics": ["nope"]}).json == {"error": "unknown topics: nope"}
    assert api.post("/sessions", json={"mode": "practice", "count": 0}).status_code == 400
    assert api.post("/sessions", json={"mode": "practice", "types": ["riddle"]}).status_code == 400
    assert api.post("/sessions", json={"mode": "quiz"}).json == {"error": 'mode must be "practice" or "exam"'}
    assert api.post("/sessions", data="not json", content_type="application/json").status_code == 400
    session = api.start_practice(topics=["rater"], types=["single"])
    bad = api.put(f"/sessions/{session['id']}/answers/rater-001", json={"response": "Z"})
    assert bad.status_code == 400 and "option letters" in bad.json["error"]
    assert api.put(f"/sessions/{session['id']}/answers/rater-001", json={"answer": "A"}).status_code == 400
    assert api.put(f"/sessions/{session['id']}/answers/mkt-001", json={"response": "A"}).status_code == 404


def test_case_parts_are_scored_with_points_shown(api):
    session = api.start_practice(topics=["market"], types=["case"])
    assert [p["id"] for p in session["questions"][0]["parts"]] == ["a", "b"]
    feedback = api.put(f"/sessions/{session['id']}/answers/mkt-004",
                       json={"response": {"a": "C", "b": "产品纠纷、物流纠纷"}}).json
    assert feedback["score"] == 4 and feedback["correct"] is False
    assert [p["hit"] for p in feedback["detail"]["parts"]["b"]["points"]] == [True, True, False]
    result = api.post(f"/sessions/{session['id']}/submit").json
    assert result["score"] == 4 and result["items"][0]["detail"]["parts"]["a"]["correct"] is True


def test_script_in_stem_is_shown_as_text(client, auth):
    auth.register()
    url = start_page_session(client, topics=["market"], types=["case"], count=1)
    page = client.get(url).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page or "&lt;script&gt;alert(" in page
    assert not re.search(r"<script>alert", page)
