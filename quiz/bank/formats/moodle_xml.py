"""Moodle XML export: the richest format Moodle imports, so an item keeps what GIFT cannot carry (a score per
question, grader information for free-text answers, fixed option order for letter-based explanations).

Texts are Markdown in the bank and are sent as Markdown (`format="markdown"`); ElementTree escapes them."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..types import QUESTION_TYPES
from .gift import choice_weights, fill_key, moodle_questions, numbered_blanks, percent

SHORT_ANSWER_BLANK = "＿＿＿＿"  # Moodle shows the answer box under the text: the blank only marks the place
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold at all
FREE_TEXT = ("definition", "short", "essay")


def to_moodle_xml(items: list[dict], category: str) -> str:
    """A Moodle XML `<quiz>`: first the category (`category` is a path such as `Kaodian/rater` under the course's
    top category), then one question per item, named by its id."""
    quiz = ET.Element("quiz")
    _category(quiz, category)
    for name, item in moodle_questions(items):
        _question(quiz, name, item)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="unicode", xml_declaration=True) + "\n"


def _text(parent: ET.Element, tag: str, text: object, text_format: str | None = None) -> ET.Element:
    """Moodle's text holder: `<tag format="…"><text>…</text></tag>`."""
    element = ET.SubElement(parent, tag, {"format": text_format} if text_format else {})
    ET.SubElement(element, "text").text = _NOT_XML.sub("", str(text).strip())
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _category(quiz: ET.Element, category: str) -> None:
    question = ET.SubElement(quiz, "question", type="category")
    _text(question, "category", f"$course$/top/{category}")


def _moodle_type(item: dict) -> str:
    kind = item["type"]
    if kind in ("single", "multiple"):
        return "multichoice"
    if kind == "fill":
        return "shortanswer" if len(item["answer"]) == 1 else "essay"
    return {"truefalse": "truefalse", "description": "description"}.get(kind, "essay")


def _question(quiz: ET.Element, name: str, item: dict) -> None:
    moodle_type = _moodle_type(item)
    question = ET.SubElement(quiz, "question", type=moodle_type)
    _text(question, "name", name)
    _text(question, "questiontext", _question_text(item, moodle_type), "markdown")
    if moodle_type == "description":
        _value(question, "defaultgrade", "0")
        return
    _text(question, "generalfeedback", _general_feedback(item), "markdown")
    # Objective items are worth 1 and blueprints weight them; free text and case parts carry their own score.
    _value(question, "defaultgrade", f"{item.get('score', 1):g}")
    _value(question, "idnumber", name)
    {
        "multichoice": _multichoice,
        "truefalse": _truefalse,
        "shortanswer": _shortanswer,
        "essay": _essay,
    }[moodle_type](question, item)


def _question_text(item: dict, moodle_type: str) -> str:
    if moodle_type == "shortanswer":
        return item["stem"].replace("{{1}}", SHORT_ANSWER_BLANK)
    if item["type"] == "fill":
        return numbered_blanks(item["stem"])
    return item["stem"]


def _general_feedback(item: dict) -> str:
    """What a learner reads after answering: the explanation, or a free-text item's model answer."""
    return item["reference"] if item["type"] in FREE_TEXT else item["explanation"]


def _multichoice(question: ET.Element, item: dict) -> None:
    _value(question, "single", "true" if item["type"] == "single" else "false")
    # Explanations name options by letter ("C 是…"), so Moodle must keep the bank's order and lettering.
    _value(question, "shuffleanswers", "false")
    _value(question, "answernumbering", "ABCD")
    for option, weight in zip(item["options"], choice_weights(item)):
        _text(question, "answer", option, "markdown").set("fraction", percent(weight))


def _truefalse(question: ET.Element, item: dict) -> None:
    for value in (True, False):
        answer = _text(question, "answer", "true" if value else "false", "moodle_auto_format")
        answer.set("fraction", "100" if value is item["answer"] else "0")


def _shortanswer(question: ET.Element, item: dict) -> None:
    _value(question, "usecase", "0")
    for accepted in item["answer"][0]:
        _text(question, "answer", accepted, "moodle_auto_format").set("fraction", "100")


def _essay(question: ET.Element, item: dict) -> None:
    """Free text, and fill-ins with several blanks (Moodle XML's cloze would need its own syntax): a trainer
    grades them with the rubric or the answer key in the grader information."""
    _value(question, "responseformat", "editor")
    _value(question, "responserequired", "1")
    _value(question, "responsefieldlines", "15")
    _value(question, "attachments", "0")
    grader_info = fill_key(item) if item["type"] == "fill" else QUESTION_TYPES[item["type"]].explanation(item)
    _text(question, "graderinfo", grader_info, "markdown")
