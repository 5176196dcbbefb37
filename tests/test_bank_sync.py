"""`flask bank sync`: one transaction, ids kept, edits and removals never lose anyone's history."""
import shutil

import pytest
from conftest import TEST_BANK
from sqlalchemy import func, select

from quiz.bank import load_bank
from quiz.bank.sync import sync_bank
from quiz.extensions import db
from quiz.models import Question, SessionItem


def copy_bank(tmp_path):
    target = tmp_path / "bank"
    shutil.copytree(TEST_BANK, target)
    return target


def active_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Question).where(Question.active.is_(True)))


def test_resync_of_unchanged_bank_changes_nothing(app):
    with app.app_context():
        report = sync_bank(load_bank(TEST_BANK))
    assert (report.added, report.updated, report.retired, report.unchanged) == (0, 0, 0, 9)


def test_edit_and_removal_keep_history(app, api, tmp_path):
    session = api.start_practice(topics=["rater"], types=["single"], count=1)
    assert api.put(f"/sessions/{session['id']}/answers/rater-001", json={"response": "D"}).json["correct"] is True

    bank_dir = copy_bank(tmp_path)
    rater = bank_dir / "rater.yaml"
    text = rater.read_text(encoding="utf-8").replace("RATER 指数中的 **E** 代表什么?", "RATER 中 E 指的是?")
    text = text.replace("answer: D", "answer: A", 1)  # a (wrong) edit of the key must not rescore old answers
    rater.write_text(text.split("  - id: rater-004")[0], encoding="utf-8")  # and remove the last item

    with app.app_context():
        report = sync_bank(load_bank(bank_dir))
        assert (report.updated, report.retired) == (1, 1)
        assert db.session.get(Question, "rater-001").data["stem"] == "RATER 中 E 指的是?"
        assert db.session.get(Question, "rater-004").active is False
        item = db.session.scalar(select(SessionItem).where(SessionItem.question_id == "rater-001"))
        assert item.correct is True and item.snapshot["answer"] == "D"

    result = api.post(f"/sessions/{session['id']}/submit").json
    assert result["score"] == 1 and result["items"][0]["answer"] == "D"
    assert "RATER 指数中的" in result["items"][0]["stem_html"]


def test_broken_bank_is_refused_and_changes_nothing(app, runner, tmp_path):
    bank_dir = copy_bank(tmp_path)
    (bank_dir / "rater.yaml").write_text(
        (bank_dir / "rater.yaml").read_text(encoding="utf-8").replace("answer: D", "answer: Q"), encoding="utf-8")
    (bank_dir / "market.yaml").unlink()
    result = runner.invoke(args=["bank", "sync", "--dir", str(bank_dir)])
    assert result.exit_code == 1
    assert "rater-001: answer names a missing option: Q" in result.output
    assert "Nothing changed" in result.output
    with app.app_context():
        assert active_count() == 9


def test_sync_failing_midway_rolls_back(app, tmp_path, monkeypatch):
    bank_dir = copy_bank(tmp_path)
    rater = bank_dir / "rater.yaml"
    rater.write_text(rater.read_text(encoding="utf-8").split("  - id: rater-004")[0], encoding="utf-8")
    import quiz.bank.sync as sync_module

    def fail_late(bank):  # fault injection: the last step of the transaction fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(sync_module, "_sync_exams", fail_late)
    with app.app_context():
        with pytest.raises(RuntimeError):
            sync_bank(load_bank(bank_dir))
        assert db.session.get(Question, "rater-004").active is True
        assert active_count() == 9


def test_cli_sync_reports_counts(runner):
    result = runner.invoke(args=["bank", "sync", "--dir", str(TEST_BANK)])
    assert result.exit_code == 0
    assert "0 added, 0 updated, 0 retired, 9 unchanged" in result.output
