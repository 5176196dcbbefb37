"""Trainer tools through the real app: permissions, classes, assignments, gradebook, item analysis,
the web editor, imports (all or nothing) and exports, the printable paper."""
import csv
import io
import statistics

import pytest
import yaml
from conftest import TEST_BANK, ApiActions

from quiz import accounts

STUDENT_URLS = ["/trainer/grading", "/trainer/bank", "/trainer/bank/rater", "/trainer/bank/rater/export.yaml",
                "/trainer/bank/rater/new", "/trainer/questions/rater-001/edit", "/trainer/import",
                "/trainer/import/template.csv", "/trainer/classes", "/trainer/exams/short/print",
                "/trainer/exams/short/analysis"]


def make_user(app, client, name, role="student"):
    with app.app_context():
        accounts.register(name, "password1", role=role)
    return name


def login(client, name):
    client.post("/logout")
    return client.post("/login", data={"username": name, "password": "password1"})


def api_for(client, name):
    return ApiActions(client, name, register=False)


@pytest.fixture
def people(app, client):
    for name, role in (("teacher", "trainer"), ("other", "trainer"), ("amy", "student"), ("ben", "student"),
                       ("cat", "student"), ("dan", "student")):
        make_user(app, client, name, role)
    return {name: api_for(client, name) for name in ("teacher", "other", "amy", "ben", "cat", "dan")}


@pytest.mark.parametrize("url", STUDENT_URLS)
def test_students_cannot_reach_trainer_pages(app, client, url):
    make_user(app, client, "amy")
    login(client, "amy")
    assert client.get(url).status_code == 403


def test_students_cannot_reach_trainer_api(people):
    amy = people["amy"]
    for method, path in (("get", "/classes"), ("post", "/classes"), ("get", "/grading/queue"),
                         ("get", "/classes/1/gradebook"), ("get", "/exams/short/analysis"),
                         ("post", "/bank/imports"), ("get", "/bank/topics/rater/export")):
        response = getattr(amy, method)(path, json={}) if method == "post" else amy.get(path)
        assert response.status_code == 403, path
        assert response.json == {"error": "trainers only"}


def take_exam(api, answers):
    exam = api.start_exam() if not isinstance(answers, tuple) else answers[0]
    for qid, response in (answers[1] if isinstance(answers, tuple) else answers).items():
        api.put(f"/sessions/{exam['id']}/answers/{qid}", json={"response": response})
    return api.post(f"/sessions/{exam['id']}/submit").json


def test_classes_assignments_and_gradebook(people, client):
    teacher, other = people["teacher"], people["other"]
    created = teacher.post("/classes", json={"name": "周三晚班"})
    assert created.status_code == 201
    klass = created.json
    assert len(klass["join_code"]) == 6
    assert people["amy"].post("/classes/join", json={"code": klass["join_code"].lower()}).json["name"] == "周三晚班"
    people["ben"].post("/classes/join", json={"code": klass["join_code"]})
    assert people["cat"].post("/classes/join", json={"code": "NOPE00"}).status_code == 404

    assignment = teacher.post(f"/classes/{klass['id']}/assignments", json={
        "title": "第一次模考", "kind": "exam", "exam": "short", "due_at": "2030-01-01T20:00:00"}).json
    assert assignment["due_at"] == "2030-01-01T12:00:00+00:00"  # 20:00 Beijing
    assert other.post(f"/classes/{klass['id']}/assignments", json={
        "title": "x", "kind": "exam", "exam": "short", "due_at": "2030-01-01T20:00:00"}).status_code == 404

    assert [a["title"] for a in people["amy"].get("/assignments").json] == ["第一次模考"]
    assert people["cat"].get("/assignments").json == []
    assert people["cat"].post(f"/assignments/{assignment['id']}/start").status_code == 404
    session = people["amy"].post(f"/assignments/{assignment['id']}/start").json
    result = take_exam(people["amy"], (session, {"rater-001": "D", "mkt-002": "D"}))
    assert result["score"] == 2

    book = teacher.get(f"/classes/{klass['id']}/gradebook").json
    assert [(r["student"], r["cells"][0]["score"], r["cells"][0]["attempts"]) for r in book["rows"]] == [
        ("amy", 2, 1), ("ben", None, 0)]
    assert other.get(f"/classes/{klass['id']}/gradebook").status_code == 404
    assert teacher.get("/classes").json[0]["students"] == 2
    assert other.get("/classes").json == []

    login(client, "teacher")
    csv_text = client.get(f"/trainer/classes/{klass['id']}/gradebook.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["student", "第一次模考 score", "第一次模考 max"] and rows[1][:3] == ["amy", "2.0", "6.0"]
    page = client.get(f"/trainer/classes/{klass['id']}").get_data(as_text=True)
    assert "周三晚班" in page and klass["join_code"] in page and "amy" in page
    login(client, "other")
    assert client.get(f"/trainer/classes/{klass['id']}").status_code == 404
    assert client.get(f"/trainer/classes/{klass['id']}/gradebook.csv").status_code == 404


def test_student_sees_and_starts_assignments_on_the_dashboard(app, people, client):
    klass = people["teacher"].post("/classes", json={"name": "A班"}).json
    people["teacher"].post(f"/classes/{klass['id']}/assignments", json={
        "title": "RATER 练习", "kind": "practice", "topics": ["rater"], "count": 2, "due_at": "2030-01-01T20:00"})
    login(client, "dan")
    client.post("/classes/join", data={"code": klass["join_code"]})
    page = client.get("/dashboard").get_data(as_text=True)
    assert "RATER 练习" in page and "A班" in page
    assignment_id = people["dan"].get("/assignments").json[0]["id"]
    started = client.post(f"/assignments/{assignment_id}/start")
    assert "/practice/" in started.headers["Location"]


def test_item_analysis_matches_the_formulas(people):
    teacher = people["teacher"]
    klass = teacher.post("/classes", json={"name": "统计班"}).json
    keys = {"rater-001": "D", "mkt-002": "D", "rater-002": "ABD", "rater-003": True, "mkt-005": False}
    plans = {"amy": keys, "ben": dict(keys, **{"mkt-005": True}),
             "cat": dict(keys, **{"rater-001": "A", "rater-003": False}),
             "dan": {"rater-001": "A", "mkt-002": "A", "rater-002": "AB", "rater-003": False, "mkt-005": False}}
    totals = {}
    for name, answers in plans.items():
        people[name].post("/classes/join", json={"code": klass["join_code"]})
        totals[name] = take_exam(people[name], answers)["score"]
    report = teacher.get(f"/exams/short/analysis?class_id={klass['id']}").json
    assert report["attempts"] == 4
    item = next(i for i in report["items"] if i["question_id"] == "rater-001")
    scores = [1, 1, 0, 0]
    rest = [totals[n] - s for n, s in zip(plans, scores)]
    assert item["facility"] == 0.5
    assert item["discrimination"] == round(statistics.correlation(scores, rest), 3)
    assert item["upper_lower"] == 1.0   # the top attempt got it, the bottom one did not
    assert item["options"] == {"A": 2, "B": 0, "C": 0, "D": 2, "E": 0, "—": 0}
    mkt005 = next(i for i in report["items"] if i["question_id"] == "mkt-005")
    assert mkt005["facility"] == 0.75 and "negative discrimination" in mkt005["flags"]
    easy = next(i for i in report["items"] if i["question_id"] == "mkt-002")
    assert easy["facility"] == 0.75
    assert people["other"].get(f"/exams/short/analysis?class_id={klass['id']}").status_code == 404
    assert people["other"].get("/exams/short/analysis").json["attempts"] == 0   # not their students


def test_grading_queue_is_limited_to_the_trainers_students(people):
    klass = people["teacher"].post("/classes", json={"name": "B班"}).json
    people["amy"].post("/classes/join", json={"code": klass["join_code"]})
    for name in ("amy", "ben"):
        session = people[name].start_practice(topics=["market"], types=["definition"])
        people[name].put(f"/sessions/{session['id']}/answers/mkt-003", json={"response": "人"})
        people[name].post(f"/sessions/{session['id']}/items/mkt-003/disputes", json={"point": "0"})
    queue = people["teacher"].get("/grading/queue").json
    assert len(queue) == 1   # amy's answer only: ben is in none of her classes
    assert people["other"].get("/grading/queue").json == []
    item_id = queue[0]["item_id"]
    assert people["other"].put(f"/grading/items/{item_id}", json={"score": 1}).status_code == 404
    assert people["teacher"].put(f"/grading/items/{item_id}", json={"score": 1}).status_code == 200


def test_editor_validates_next_to_the_field_and_saves(app, client):
    make_user(app, client, "teacher", "trainer")
    login(client, "teacher")
    form = {"id": "rater-100", "type": "single", "difficulty": "2", "stem": "RATER 中 **R** 的第一个是?",
            "options": "信赖度\n反应度", "answer": "C", "explanation": "reliability"}
    page = client.post("/trainer/bank/rater/new", data=form).get_data(as_text=True)
    assert "answer names a missing option: C" in page and "未保存" in page
    saved = client.post("/trainer/bank/rater/new", data=dict(form, answer="A"))
    assert saved.headers["Location"].endswith("/trainer/bank/rater")
    edit = client.get("/trainer/questions/rater-100/edit").get_data(as_text=True)
    assert "信赖度\n反应度" in edit
    client.post("/trainer/questions/rater-100/edit", data=dict(form, answer="A", stem="改过的题干"))
    exported = yaml.safe_load(client.get("/trainer/bank/rater/export.yaml").get_data(as_text=True))
    assert exported["questions"][-1]["stem"] == "改过的题干" and exported["questions"][-1]["id"] == "rater-100"
    duplicate = client.post("/trainer/bank/rater/new", data=dict(form, id="rater-001", answer="A"))
    assert "already used" in duplicate.get_data(as_text=True)
    preview = client.post("/trainer/preview", json={"markdown": "**粗** <script>x</script> {{1}}"}).json["html"]
    assert "<strong>粗</strong>" in preview and "<script>" not in preview and 'class="blank"' in preview


def test_yaml_round_trip_through_import_and_export(app, client):
    make_user(app, client, "teacher", "trainer")
    login(client, "teacher")
    original = (TEST_BANK / "market.yaml").read_text(encoding="utf-8").replace("topic: market", "topic: market2")
    original = original.replace("id: mkt-", "id: m2-")
    response = client.post("/trainer/import", data={"file": (io.BytesIO(original.encode()), "market2.yaml")},
                           content_type="multipart/form-data")
    preview_url = response.headers["Location"]
    preview = client.get(preview_url).get_data(as_text=True)
    assert "m2-001" in preview and "导入全部 5 题" in preview
    client.post(preview_url + "/confirm")
    exported = client.get("/trainer/bank/market2/export.yaml").get_data(as_text=True)
    assert yaml.safe_load(exported) == yaml.safe_load(original)
    again = client.post(preview_url + "/confirm", follow_redirects=True).get_data(as_text=True)
    assert "already applied" in again


def test_a_broken_import_lists_every_problem_and_imports_nothing(app, client):
    make_user(app, client, "teacher", "trainer")
    login(client, "teacher")
    broken = ("topic: broken\ntitle: 坏文件\nquestions:\n"
              "  - {id: b-001, type: single, stem: s, options: [a, b], answer: C, explanation: e}\n"
              "  - {id: b-002, type: truefalse, stem: s, answer: true, explanation: e}\n"
              "  - {id: b-003, type: fill, stem: no blanks, answer: [[a]], explanation: e}\n")
    response = client.post("/trainer/import", data={"file": (io.BytesIO(broken.encode()), "b.yaml")},
                           content_type="multipart/form-data")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "answer names a missing option: C" in page and "a fill-in stem needs blanks" in page
    assert "第 4 行" in page
    confirm = client.post(response.headers["Location"] + "/confirm", follow_redirects=True)
    assert "nothing was imported" in confirm.get_data(as_text=True)
    assert client.get("/trainer/bank/broken").status_code == 404


def test_printable_paper_with_answer_sheet_and_key(app, client):
    make_user(app, client, "teacher", "trainer")
    login(client, "teacher")
    page = client.get("/trainer/exams/short/print?seed=7").get_data(as_text=True)
    assert page.count('class="q"') == 10  # five questions on the paper, five in the key
    assert "答题卡" in page and "参考答案" in page
    assert page == client.get("/trainer/exams/short/print?seed=7").get_data(as_text=True)
    assert "print.css" in page


def upload(api, name, data, topic="imported", title="导入的题"):
    return api.client.post("/api/v1/bank/imports", headers=api.headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), name), "topic": topic, "title": title})


@pytest.mark.parametrize("name, make", [
    ("template.xlsx", lambda: __import__("quiz.bank.formats.spreadsheet", fromlist=["x"]).template_xlsx()),
    ("template.csv", lambda: __import__("quiz.bank.formats.spreadsheet", fromlist=["x"]).template_csv().encode("utf-8")),
])
def test_spreadsheet_template_imports_cleanly(people, name, make):
    teacher = people["teacher"]
    preview = upload(teacher, name, make())
    assert preview.status_code == 201, preview.json
    assert preview.json["problems"] == [] and len(preview.json["items"]) >= 7
    assert {i["type"] for i in preview.json["items"]} >= {"single", "multiple", "truefalse", "fill", "short"}
    assert teacher.post(f"/bank/imports/{preview.json['id']}/confirm").json == {"imported": len(preview.json["items"])}
    exported = yaml.safe_load(teacher.get("/bank/topics/imported/export?format=yaml").get_data(as_text=True))
    assert [q["id"] for q in exported["questions"]][:2] == ["imported-001", "imported-002"]
    session = people["amy"].start_practice(topics=["imported"], count=3)
    assert len(session["questions"]) == 3


def test_malformed_spreadsheet_reports_rows_and_imports_nothing(people):
    teacher = people["teacher"]
    sheet = "题干,题型,选项A,选项B,正确答案,解析\n好题?,单选题,甲,乙,A,因为\n坏题?,单选题,甲,乙,E,因为\n,判断题,,,正确,\n"
    preview = upload(teacher, "bad.csv", sheet.encode("utf-8")).json
    assert len(preview["items"]) == 1
    assert [p["line"] for p in preview["problems"]] == [3, 4]
    confirm = teacher.post(f"/bank/imports/{preview['id']}/confirm")
    assert confirm.status_code == 409 and "nothing was imported" in confirm.json["error"]
    assert teacher.get("/bank/topics/imported/export").status_code == 404


GIFT = """// 两道好题,一道坏题
$CATEGORY: 服务质量
::rater-e::RATER 中 E 代表什么? {
=同理度 # empathy
~信赖度
~专业度
}

::multi::RATER 的维度有哪些? {
~%50%信赖度
~%50%同理度
~%-100%价格度
}

::bad::匹配题不支持 {
=甲 -> 乙
=丙 -> 丁
}
"""


def test_gift_import_and_export(people):
    teacher = people["teacher"]
    preview = upload(teacher, "quiz.gift", GIFT.encode("utf-8"), topic="gift-topic").json
    assert [(i["type"], i["answer"]) for i in preview["items"]] == [("single", "A"), ("multiple", "AB")]
    assert len(preview["problems"]) == 1 and preview["problems"][0]["line"] == 15
    assert teacher.post(f"/bank/imports/{preview['id']}/confirm").status_code == 409
    good = GIFT.split("::bad::")[0]
    preview = upload(teacher, "quiz.gift", good.encode("utf-8"), topic="gift-topic").json
    assert teacher.post(f"/bank/imports/{preview['id']}/confirm").json == {"imported": 2}
    gift = teacher.get("/bank/topics/gift-topic/export?format=gift").get_data(as_text=True)
    assert "::gift-topic-001::" in gift and "=同理度" in gift
    xml = teacher.get("/bank/topics/gift-topic/export?format=xml").get_data(as_text=True)
    assert "<quiz>" in xml and "multichoice" in xml
    apkg = teacher.get("/bank/topics/gift-topic/export?format=apkg")
    assert apkg.data[:2] == b"PK"
    assert teacher.get("/bank/topics/gift-topic/export?format=pdf").status_code == 400


def test_imports_are_private_to_their_trainer(people):
    preview = upload(people["teacher"], "quiz.gift", GIFT.split("::bad::")[0].encode("utf-8"), topic="mine").json
    assert people["other"].post(f"/bank/imports/{preview['id']}/confirm").status_code == 404
