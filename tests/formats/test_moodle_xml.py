"""Moodle XML export: the document parses, and each kind of item becomes the Moodle question it should."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from samples import FILL, FILL_MANY, MULTIPLE, SHORT, SINGLE, TRUE_FALSE

from quiz.bank import load_bank
from quiz.bank.formats.moodle_xml import to_moodle_xml

BANK_DIR = Path(__file__).parents[2] / "question_bank"
# Moodle imports only these grades (question_bank::fraction_options_full), as percentages.
MOODLE_GRADES = {100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
                 11.11111, 10, 5, 0}

CASE = {"id": "case-1", "type": "case", "stem": "张小姐看中 A+B 套餐……",
        "parts": [{"id": "a", "type": "single", "score": 2, "stem": "先做什么?", "options": ["安抚", "争辩"],
                   "answer": "A", "explanation": "先安抚。"},
                  {"id": "b", "type": "short", "score": 8, "stem": "如何补偿?", "reference": "经济补偿与精神补偿。",
                   "points": [{"point": "经济补偿", "score": 4}, {"point": "精神补偿", "score": 4}]}]}


def export(items: list[dict], category: str = "Kaodian/rater") -> list[ET.Element]:
    """The questions of the exported document, after checking it is a Moodle quiz that starts with its category."""
    text = to_moodle_xml(items, category)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<quiz>")
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    category_question, *questions = list(root)
    assert category_question.get("type") == "category"
    assert category_question.findtext("category/text") == f"$course$/top/{category}"
    return questions


def one(item: dict) -> ET.Element:
    (question,) = export([item])
    return question


def answers(question: ET.Element) -> list[tuple[str | None, str | None]]:
    return [(answer.findtext("text"), answer.get("fraction")) for answer in question.findall("answer")]


def common(question: ET.Element) -> dict:
    return {
        "type": question.get("type"),
        "name": question.findtext("name/text"),
        "idnumber": question.findtext("idnumber"),
        "questiontext": question.findtext("questiontext/text"),
        "format": question.find("questiontext").get("format"),
        "generalfeedback": question.findtext("generalfeedback/text"),
        "defaultgrade": question.findtext("defaultgrade"),
    }


def test_single_choice():
    question = one(SINGLE)
    assert common(question) == {"type": "multichoice", "name": "rater-001", "idnumber": "rater-001",
                                "questiontext": SINGLE["stem"], "format": "markdown",
                                "generalfeedback": SINGLE["explanation"], "defaultgrade": "1"}
    assert question.findtext("single") == "true"
    assert question.findtext("shuffleanswers") == "false"  # explanations name options by letter
    assert question.findtext("answernumbering") == "ABCD"
    assert answers(question) == [("信赖度", "0"), ("专业度", "0"), ("同理度", "100")]


def test_multiple_choice_splits_100_over_the_right_answers():
    question = one(MULTIPLE)
    assert common(question)["type"] == "multichoice"
    assert question.findtext("single") == "false"
    assert answers(question) == [("人口", "33.33333"), ("价格", "-100"), ("购买力", "33.33333"), ("欲望", "33.33333")]


@pytest.mark.parametrize("right", range(2, 9))
def test_multiple_choice_fractions_are_grades_moodle_accepts(right):
    item = {**MULTIPLE, "options": list("abcdefgh"), "answer": "abcdefgh"[:right].upper()}
    fractions = [float(fraction) for _, fraction in answers(one(item))]
    positive = [f for f in fractions if f > 0]
    assert len(positive) == right
    assert round(sum(positive), 2) == 100
    assert all(abs(f) in MOODLE_GRADES for f in fractions)


@pytest.mark.parametrize("value, fractions", [(True, ["100", "0"]), (False, ["0", "100"])])
def test_true_false(value, fractions):
    question = one({**TRUE_FALSE, "answer": value})
    assert common(question)["type"] == "truefalse"
    assert answers(question) == list(zip(["true", "false"], fractions, strict=True))


def test_fill_with_one_blank_is_a_short_answer():
    question = one(FILL)
    assert common(question) == {"type": "shortanswer", "name": "fill-1", "idnumber": "fill-1",
                                "questiontext": "顾客流失识别有＿＿＿＿指标等四类。", "format": "markdown",
                                "generalfeedback": FILL["explanation"], "defaultgrade": "1"}
    assert question.findtext("usecase") == "0"
    assert answers(question) == [("顾客", "100"), ("客户", "100")]


def test_fill_with_several_blanks_is_an_essay_with_the_key_for_the_grader():
    question = one(FILL_MANY)
    assert common(question)["type"] == "essay"
    assert common(question)["questiontext"] == "三大要素:＿＿(1)＿＿ + ＿＿(2)＿＿ + ＿＿(3)＿＿。"
    assert common(question)["generalfeedback"] == FILL_MANY["explanation"]
    assert question.findtext("graderinfo/text") == "答案:(1) 人口；(2) 购买力；(3) 欲望\n\n人口、购买力、欲望。"
    assert question.findall("answer") == []


@pytest.mark.parametrize("kind", ["definition", "short", "essay"])
def test_free_text_is_an_essay_with_the_rubric_for_the_grader(kind):
    question = one({**SHORT, "type": kind})
    assert common(question) == {"type": "essay", "name": "crm-short-001", "idnumber": "crm-short-001",
                                "questiontext": SHORT["stem"], "format": "markdown",
                                "generalfeedback": SHORT["reference"], "defaultgrade": "5"}
    assert question.findtext("responseformat") == "editor"
    assert question.find("graderinfo").get("format") == "markdown"
    grader_info = question.findtext("graderinfo/text")
    assert grader_info.startswith(SHORT["reference"])
    assert "- 服务功能(2 分)" in grader_info and "- 形象功能(1 分)" in grader_info


def test_case_is_a_description_then_its_parts():
    description, part_a, part_b = export([CASE])
    assert common(description)["type"] == "description"
    assert common(description)["name"] == "case-1"
    assert common(description)["questiontext"] == CASE["stem"]
    assert description.findtext("defaultgrade") == "0"
    assert (common(part_a)["type"], common(part_a)["name"], common(part_a)["defaultgrade"]) == \
        ("multichoice", "case-1-a", "2")
    assert (common(part_b)["type"], common(part_b)["name"], common(part_b)["defaultgrade"]) == \
        ("essay", "case-1-b", "8")


def test_items_keep_their_order():
    questions = export([SINGLE, MULTIPLE, TRUE_FALSE, FILL, FILL_MANY, SHORT])
    assert [(q.get("type"), q.findtext("name/text")) for q in questions] == [
        ("multichoice", "rater-001"), ("multichoice", "mkt-002"), ("truefalse", "tf-1"), ("shortanswer", "fill-1"),
        ("essay", "mkt-001"), ("essay", "crm-short-001"),
    ]


def test_markup_and_special_characters_survive_escaping():
    stem = "<b>粗体</b> & \"引号\" 'x' ]]> <![CDATA[ {{not a blank}} \\ ~=#:"
    question = one({**SINGLE, "stem": stem + "\x01", "options": ["a < b", "c & d", "]]>"],
                    "explanation": "line 1\nline 2\n\n**bold**\n"})
    assert common(question)["questiontext"] == stem  # the control character XML cannot hold is dropped
    assert [text for text, _ in answers(question)] == ["a < b", "c & d", "]]>"]
    assert common(question)["generalfeedback"] == "line 1\nline 2\n\n**bold**"


def test_empty_export_is_just_the_category():
    assert export([], "Kaodian") == []


def test_the_whole_bundled_bank_exports():
    bank = load_bank(BANK_DIR)
    items = list(bank.questions.values())
    questions = export(items, "Kaodian")
    cases = [item for item in items if item["type"] == "case"]
    assert len(questions) == len(items) + sum(len(case["parts"]) for case in cases)
    names = [q.findtext("name/text") for q in questions]
    assert len(set(names)) == len(names)
    for question in questions:
        assert question.get("type") in {"multichoice", "truefalse", "shortanswer", "essay", "description"}
        assert question.findtext("questiontext/text").strip()
        assert "{{" not in question.findtext("questiontext/text")
