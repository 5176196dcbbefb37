"""Property tests: the bank loader, the fill-in normaliser and the free-text grader on random input never
crash, and their results stay within bounds."""
from conftest import PROJECT, TEST_BANK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank import QUESTION_TYPES, InvalidResponse, load_bank
from quiz.bank.loader import Bank, load_topic_text
from quiz.grading import grade
from quiz.normalize import normalize_answer

VALID = (TEST_BANK / "market.yaml").read_text(encoding="utf-8")
BANK = load_bank(PROJECT / "question_bank")
FREE_TEXT = [item for item in BANK.questions.values() if item["type"] in ("definition", "short", "essay")][:25]
FILL = next(item for item in BANK.questions.values() if item["type"] == "fill")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> Bank:
    bank = Bank()
    load_topic_text(text, "fuzz.yaml", bank)
    for problem in bank.problems:   # every problem is a message with a place, never a traceback
        assert problem.file == "fuzz.yaml" and problem.line >= 0 and problem.message
        assert "Traceback" not in problem.message
    return bank


@FAST
@given(st.text())
def test_loader_on_random_text(text):
    check(text)


@FAST
@given(st.data())
def test_loader_on_mutated_bank_files(data):
    text = VALID
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = data.draw(st.sampled_from([":", "-", " ", "\n", "[", "]", "{", "}", "'", '"', "!!python/object",
                                           "&a", "*a", "<<: *a", "~", "true", "1e9", "题", "\t"]))
        if action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 20)):]
        elif action == "insert":
            text = text[:position] + piece + text[position:]
        else:
            text = text[:position] + piece + text[position + len(piece):]
    bank = check(text)
    assert bank.ok or bank.problems


@FAST
@given(st.text())
def test_normaliser_on_random_unicode(text):
    normalized = normalize_answer(text)
    assert normalize_answer(normalized) == normalized   # idempotent


@FAST
@given(st.lists(st.text(max_size=30), min_size=0, max_size=5))
def test_fill_scoring_on_random_answers(answers):
    kind = QUESTION_TYPES["fill"]
    try:
        response = kind.parse_response(FILL, answers)
    except InvalidResponse:
        return
    result = kind.score(FILL, response, 2.0)
    assert 0 <= result.score <= 2.0


@FAST
@given(st.sampled_from(FREE_TEXT), st.text(max_size=400))
def test_grader_on_random_unicode(item, answer):
    result = grade(item, answer)
    assert 0 <= result.score <= item["score"] and len(result.points) == len(item["points"])
