"""The bank that ships in question_bank/: valid, drawn from the material, covering every topic and type,
and able to fill both exam papers."""
import re
from collections import Counter

import pytest
from conftest import MATERIAL, PROJECT

from quiz.bank import load_bank
from quiz.bank.sync import sync_bank
from quiz.extensions import db

BANK_DIR = PROJECT / "question_bank"
MINIMUM_BY_TYPE = {"single": 150, "multiple": 60, "truefalse": 60, "fill": 30, "definition": 30, "short": 25,
                   "essay": 5, "case": 8}


@pytest.fixture(scope="module")
def bank():
    loaded = load_bank(BANK_DIR, MATERIAL)
    assert loaded.ok, "\n".join(map(str, loaded.problems))
    return loaded


def test_size_and_spread(bank):
    assert len(bank.questions) >= 400
    assert len(bank.topics) >= 20
    counts = Counter(item["type"] for item in bank.questions.values())
    for kind, minimum in MINIMUM_BY_TYPE.items():
        assert counts[kind] >= minimum, (kind, counts[kind])


def test_every_source_document_is_used(bank):
    docs = Counter(item["source"]["doc"] for item in bank.questions.values())
    assert set(docs) == {"000", "001", "002", "003", "004"}, docs


def test_material_cases_are_in_the_bank(bank):
    cases = [item["stem"] for item in bank.questions.values() if item["type"] == "case"]
    for marker in ("天猫", "尿布", "煤气灶", "八大承诺"):
        assert any(marker in stem for stem in cases), marker


def test_no_two_items_share_a_stem(bank):
    stems = Counter(re.sub(r"\W", "", item["stem"]) for item in bank.questions.values())
    assert [stem for stem, n in stems.items() if n > 1] == []


def test_single_choice_answers_are_spread_over_the_letters(bank):
    letters = Counter(item["answer"] for item in bank.questions.values() if item["type"] == "single")
    total = sum(letters.values())
    for letter in "ABCD":
        assert 0.15 <= letters[letter] / total <= 0.35, letters


def test_blueprints_match_the_papers(bank):
    assert set(bank.exams) >= {"theory", "course-final"}
    for slug, types in (("theory", {"single", "multiple", "truefalse"}),
                        ("course-final", {"definition", "short", "essay", "case"})):
        data = bank.exams[slug].data
        assert {s["type"] for s in data["sections"]} == types
        assert sum(s["count"] * s["score"] for s in data["sections"]) == 100
        assert data["pass_mark"] == 60
    assert bank.exams["theory"].data["duration"] == 90


def test_both_papers_can_be_drawn_from_the_bundled_bank(app, api):
    with app.app_context():
        sync_bank(load_bank(BANK_DIR))
        db.session.remove()
    for slug, expected in (("theory", 100), ("course-final", 12)):
        exam = api.start_exam(slug)
        assert len(exam["questions"]) == expected
        assert sum(q["max_score"] for q in exam["questions"]) == 100


def test_stats_command_on_the_bundled_bank(runner, bank):
    result = runner.invoke(args=["bank", "stats", "--dir", str(BANK_DIR)])
    assert result.exit_code == 0
    total = result.output.splitlines()[-1].split()
    assert total[0] == "all" and int(total[-1]) == len(bank.questions)
