"""Learners' data: download it all, delete the account; backup and restore keep every row."""
import json

from conftest import BACKENDS, database_url, reset_database
from sqlalchemy import func, select

from quiz import create_app
from quiz.backup import restore
from quiz.extensions import close_connections, db
from quiz.models import QuizSession, SessionItem, User


def fill(api, trainer_api):
    klass = trainer_api.post("/classes", json={"name": "数据班"}).json
    api.post("/classes/join", json={"code": klass["join_code"]})
    practice = api.start_practice(topics=["market"], types=["definition"])
    api.put(f"/sessions/{practice['id']}/answers/mkt-003", json={"response": "个人"})
    api.post(f"/sessions/{practice['id']}/items/mkt-003/disputes", json={"point": "0"})
    api.put("/stars/rater-001")
    exam = api.start_exam()
    api.put(f"/sessions/{exam['id']}/answers/rater-001", json={"response": "D"})
    api.post(f"/sessions/{exam['id']}/submit")
    return practice, exam


def test_learner_downloads_everything(api, trainer_api, client, auth):
    practice, exam = fill(api, trainer_api)
    data = api.get("/me/export").json
    assert data["account"]["username"] == "apiuser" and data["classes"] == ["数据班"]
    assert {s["id"] for s in data["sessions"]} == {practice["id"], exam["id"]}
    answers = [a for s in data["sessions"] for a in s["answers"] if a["response"] is not None]
    assert {a["question_id"] for a in answers} == {"mkt-003", "rater-001"}
    assert data["stars"][0]["question_id"] == "rater-001" and data["reviews"]
    auth.register("pageuser")
    page = client.get("/account/export.json")
    assert page.headers["Content-Disposition"].startswith("attachment") and json.loads(page.data)["account"]


def test_delete_account_removes_everything_and_nothing_else(app, api, trainer_api, make_api):
    fill(api, trainer_api)
    other = make_api("other")
    other.start_practice(count=1)
    assert api.delete("/me", json={"password": "wrong-one"}).status_code == 403
    assert api.delete("/me", json={"password": "password1"}).status_code == 204
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "apiuser")) is None
        users = {u.username for u in db.session.scalars(select(User))}
        assert users == {"trainer1", "other"}
        assert db.session.scalar(select(func.count()).select_from(QuizSession)) == 1   # only other's
    assert api.get("/me").status_code == 401
    assert trainer_api.get("/classes").json[0]["students"] == 0


def test_page_deletion_needs_the_password(client, auth):
    auth.register()
    assert "密码错误" in client.post("/account/delete", data={"password": "nope"}, follow_redirects=True).get_data(
        as_text=True)
    client.post("/account/delete", data={"password": "password1"})
    assert client.get("/dashboard").status_code == 302
    assert "用户名或密码错误" in auth.login().get_data(as_text=True)


def table_contents():
    return {table.name: sorted(json.dumps(dict(row), default=str, sort_keys=True, ensure_ascii=False)
                               for row in db.session.execute(select(table)).mappings())
            for table in db.metadata.sorted_tables}


def test_backup_and_restore_round_trip_across_backends(app, api, trainer_api, runner, tmp_path):
    fill(api, trainer_api)
    path = tmp_path / "kaodian.backup.gz"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0 and "Backed up" in result.output
    with app.app_context():
        before = table_contents()
        assert before["session_items"] and before["review_cards"] and before["disputes"]
    for backend in BACKENDS:   # restore into an empty database of every backend under test
        (tmp_path / backend).mkdir()
        target = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "AUTO_INIT_DB": False,
                             "SQLALCHEMY_DATABASE_URI": database_url(backend, tmp_path / backend)})
        with target.app_context():
            reset_database()
            counts = restore(path)
            assert sum(counts.values()) == sum(len(rows) for rows in before.values())
            assert table_contents() == before
            # New rows get fresh ids after a restore.
            db.session.add(User(username="after", password_hash="x", role="student"))
            db.session.commit()
            close_connections()


def test_restore_refuses_a_foreign_file(runner, tmp_path):
    path = tmp_path / "x.gz"
    import gzip

    with gzip.open(path, "wt") as handle:
        handle.write('{"format": "other"}')
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 1 and "not a Kaodian backup" in result.output
    assert SessionItem  # the models are importable (schema untouched)
