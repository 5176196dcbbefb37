"""Free text scored by points in practice and exams; disputes; a trainer's grade overrides the machine's."""
import json
import textwrap

from conftest import TEST_BANK

DEFINITION = "mkt-003"  # 名词解释:客户 (points: 企业经营过程中产生关系 2, 个人或组织 1)


def answer_definition(api, text):
    session = api.start_practice(topics=["market"], types=["definition"])
    feedback = api.put(f"/sessions/{session['id']}/answers/{DEFINITION}", json={"response": text}).json
    return session, feedback


def test_practice_free_text_is_scored_with_points_hit_and_missed(api):
    _, feedback = answer_definition(api, "在企业经营过程中与企业产生关系的人。")
    assert feedback["score"] == 2 and feedback["max_score"] == 3 and feedback["correct"] is False
    points = feedback["detail"]["points"]
    assert [(p["point"], p["hit"]) for p in points] == [("企业经营过程中产生关系", True), ("个人或组织", False)]
    assert "企业经营过程中产生关系的个人或组织统称为客户" in feedback["explanation_html"]


def test_exam_case_is_scored_at_submission_only(api):
    exam = api.start_exam()
    assert "detail" not in json.dumps(exam)
    result = api.post(f"/sessions/{exam['id']}/submit").json
    assert result["needs_review"] == 0


def in_class(trainer_api, student_api):
    """Trainers see the answers of their own classes' students."""
    klass = trainer_api.post("/classes", json={"name": "班"}).json
    student_api.post("/classes/join", json={"code": klass["join_code"]})


def test_dispute_then_trainer_grade_overrides(api, trainer_api, make_api):
    in_class(trainer_api, api)
    session, _ = answer_definition(api, "在企业经营过程中与企业产生关系的人。")
    url = f"/sessions/{session['id']}/items/{DEFINITION}/disputes"
    assert api.post(url, json={"point": "0"}).json == {"error": "this point was already counted as covered"}
    assert api.post(url, json={"point": "7"}).status_code == 400
    assert make_api("mallory").post(url, json={"point": "1"}).status_code == 404
    created = api.post(url, json={"point": "1", "note": "我写了“人”,就是个人"})
    assert created.status_code == 201 and created.json["point"] == "1"
    assert api.post(url, json={"point": "1"}).status_code == 201  # the same dispute again changes nothing

    assert api.get("/grading/queue").status_code == 403
    queue = trainer_api.get("/grading/queue").json
    assert [(row["question_id"], row["disputed"], row["machine_score"]) for row in queue] == [(DEFINITION, ["1"], 2)]

    item_id = queue[0]["item_id"]
    assert trainer_api.put(f"/grading/items/{item_id}", json={"score": 9}).status_code == 400
    assert api.put(f"/grading/items/{item_id}", json={"score": 3}).status_code == 403
    graded = trainer_api.put(f"/grading/items/{item_id}", json={"score": 3, "comment": "“人”即个人,给分"}).json
    assert graded["trainer_score"] == 3 and graded["score"] == 3 and graded["needs_review"] is False
    assert trainer_api.get("/grading/queue").json == []

    result = api.post(f"/sessions/{session['id']}/submit").json
    item = result["items"][0]
    assert result["score"] == 3 and item["trainer_score"] == 3 and item["machine_score"] == 2
    assert item["grade_comment"] == "“人”即个人,给分"
    assert api.post(url, json={"point": "1"}).json == {"error": "a trainer has already graded this answer"}


def test_trainer_grade_after_submission_updates_the_total(api, trainer_api):
    in_class(trainer_api, api)
    session, _ = answer_definition(api, "不知道")
    assert api.post(f"/sessions/{session['id']}/submit").json["score"] == 0
    api.post(f"/sessions/{session['id']}/items/{DEFINITION}/disputes", json={"point": "0"})
    item_id = trainer_api.get("/grading/queue").json[0]["item_id"]
    trainer_api.put(f"/grading/items/{item_id}", json={"score": 1.5})
    assert api.get(f"/sessions/{session['id']}/results").json["score"] == 1.5


def test_dispute_refused_before_an_exam_is_scored(api):
    exam = api.start_exam()
    qid = exam["questions"][0]["id"]
    api.put(f"/sessions/{exam['id']}/answers/{qid}", json={"response": "A"})
    response = api.post(f"/sessions/{exam['id']}/items/{qid}/disputes", json={"point": "0"})
    assert response.status_code == 409


def test_pages_show_points_dispute_and_trainer_queue(app, client, auth):
    from quiz import accounts, classes

    with app.app_context():
        teacher = accounts.register("teacher", "password1", role="trainer")
        code = classes.create_class(teacher, "班").join_code
    auth.register()
    client.post("/classes/join", data={"code": code})
    url = client.post("/practice", data={"topics": ["market"], "types": ["definition"]}).headers["Location"]
    session_id = int(url.rsplit("/", 1)[1])
    client.post(f"/practice/{session_id}/1", data={f"r:{DEFINITION}": "企业经营过程中产生关系的人"})
    page = client.get(url + "?q=1").get_data(as_text=True)
    assert "得分点" in page and "我答到了这一点" in page and "得分:2 / 3" in page
    response = client.post(f"/sessions/{session_id}/items/{DEFINITION}/dispute", data={"point": "1"},
                           follow_redirects=True)
    assert "已提交复核" in response.get_data(as_text=True)
    assert client.get("/trainer/grading").status_code == 403
    auth.logout()

    auth.login("teacher", "password1")
    queue = client.get("/trainer/grading").get_data(as_text=True)
    assert "待复核的答案" in queue and "企业经营过程中产生关系的人" in queue and "学员申诉的得分点" in queue
    item_id = int(queue.split('id="review-')[1].split('"')[0])
    assert client.post(f"/trainer/grading/{item_id}", data={"score": "abc"}, follow_redirects=True).status_code == 200
    client.post(f"/trainer/grading/{item_id}", data={"score": "3", "comment": "给分"})
    assert "没有待复核的答案" in client.get("/trainer/grading").get_data(as_text=True)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_cli_batch_grading(runner, tmp_path):
    answers = write(tmp_path, "answers.yaml", """\
        - question: mkt-003
          answer: 企业经营过程中产生关系的个人或组织。
        - question: mkt-004/b
          answer: 产品纠纷和服务纠纷
        - question: mkt-002
          answer: D
        """)
    result = runner.invoke(args=["bank", "grade", str(TEST_BANK / "market.yaml"), str(answers)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0] == {"question": "mkt-003", "score": 3.0, "max_score": 3.0, "points": [
        {"point": "企业经营过程中产生关系", "hit": True}, {"point": "个人或组织", "hit": True}]}
    assert (lines[1]["score"], [p["hit"] for p in lines[1]["points"]]) == (2.0, [True, False, True])
    assert lines[2] == {"question": "mkt-002", "score": 1.0, "max_score": 1.0, "points": []}


def test_cli_batch_grading_reports_bad_entries_with_their_line(runner, tmp_path):
    answers = write(tmp_path, "answers.yaml", """\
        - question: mkt-003
          answer: 个人或组织
        - question: nowhere-001
          answer: x
        - {question: mkt-002, answer: Z}
        """)
    result = runner.invoke(args=["bank", "grade", str(TEST_BANK / "market.yaml"), str(answers)])
    assert result.exit_code == 1
    assert f"{answers}:3: question 'nowhere-001' is not in the bank file" in result.output
    assert f"{answers}:5: mkt-002: response must be option letters A–D" in result.output
    assert json.loads(result.output.splitlines()[0])["score"] == 1.0
