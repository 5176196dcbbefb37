"""The question-type registry: response parsing and scoring, independent of HTTP and database."""
import pytest

from quiz.bank import QUESTION_TYPES, InvalidResponse
from quiz.normalize import normalize_answer

SINGLE = {"type": "single", "options": ["a", "b", "c", "d"], "answer": "D"}
MULTIPLE = {"type": "multiple", "options": ["a", "b", "c", "d"], "answer": "ABD"}
FILL = {"type": "fill", "stem": "{{1}}{{2}}{{3}}", "answer": [["人口"], ["购买力"], ["欲望"]], "ordered": False}
CASE = {"type": "case", "parts": [
    {"id": "a", "type": "single", "score": 2, "options": ["x", "y"], "answer": "B"},
    {"id": "b", "type": "short", "score": 3, "reference": "r", "points": [{"point": "p", "score": 3}]},
]}


def score(item, raw, max_score=1.0, partial=False):
    kind = QUESTION_TYPES[item["type"]]
    return kind.score(item, kind.parse_response(item, raw), max_score, partial)


def test_single():
    assert score(SINGLE, "d").correct is True
    assert score(SINGLE, "A").score == 0
    with pytest.raises(InvalidResponse):
        QUESTION_TYPES["single"].parse_response(SINGLE, "AB")
    with pytest.raises(InvalidResponse):
        QUESTION_TYPES["single"].parse_response(SINGLE, "F")


def test_multiple_all_or_nothing_by_default_partial_when_blueprint_says():
    assert score(MULTIPLE, "DBA", 2).score == 2
    assert score(MULTIPLE, "AB", 2).score == 0
    assert score(MULTIPLE, "AB", 2, partial=True).score == pytest.approx(1.33)
    assert score(MULTIPLE, "ABC", 2, partial=True).score == 0  # a wrong choice earns nothing


def test_truefalse_accepts_booleans_and_words():
    item = {"type": "truefalse", "answer": False}
    assert score(item, False).correct is True
    assert score(item, "true").correct is False
    with pytest.raises(InvalidResponse):
        QUESTION_TYPES["truefalse"].parse_response(item, "maybe")


@pytest.mark.parametrize("given", [
    ["人口", "购买力", "欲望"],
    ["欲望", "人口", "购买力"],               # ordered: false
    [" 人口。", "購買力", "欲望!"],           # punctuation, traditional characters, full width
])
def test_fill_normalised(given):
    assert score(FILL, given).correct is True


def test_fill_ordered_and_counts_each_answer_once():
    ordered = dict(FILL, ordered=True)
    assert score(ordered, ["欲望", "人口", "购买力"]).correct is False
    assert score(FILL, ["人口", "人口", "欲望"]).detail["blanks"] == [True, False, True]
    with pytest.raises(InvalidResponse):
        QUESTION_TYPES["fill"].parse_response(FILL, ["only one"])


def test_normalize_full_width_and_case():
    assert normalize_answer("ＲＡＴＥＲ") == normalize_answer("rater") == "rater"


def test_free_text_is_scored_by_points_and_blank_scores_zero():
    item = CASE["parts"][1]
    assert score(item, "我的答案", 3).score == 0
    assert score(item, "   ", 3).score == 0
    hit = score(item, "p", 6)  # scaled to the section's score
    assert (hit.score, hit.correct, hit.detail["points"][0]["hit"]) == (6, True, True)


def test_case_scores_every_part_and_scales_to_section_score():
    result = score(CASE, {"a": "B", "b": "文字"}, max_score=10)
    assert result.score == 4.0 and result.correct is False
    assert result.detail["parts"]["a"]["correct"] is True
    assert result.detail["parts"]["b"]["points"][0]["hit"] is False
    assert score(CASE, {"a": "B", "b": "p"}, max_score=10).score == 10
    with pytest.raises(InvalidResponse):
        QUESTION_TYPES["case"].parse_response(CASE, {"z": "A"})
