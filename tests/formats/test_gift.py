"""Moodle GIFT import and export: every supported kind of question, escapes, categories, titles, feedback,
weights, every unsupported or malformed question reported on its line, and round trips."""
from __future__ import annotations

from pathlib import Path

import pytest
from samples import FILL, FILL_MANY, MULTIPLE, SHORT, SINGLE, TRUE_FALSE

from quiz.bank import load_bank
from quiz.bank.formats import FormatProblem
from quiz.bank.formats.gift import parse_gift, to_gift
from quiz.bank.types import QUESTION_TYPES, validate_common

BANK_DIR = Path(__file__).parents[2] / "question_bank"
KEPT = ("type", "stem", "options", "answer", "explanation")


def assert_valid(item: dict) -> None:
    problems: list[str] = []
    validate_common(item, problems.append)
    QUESTION_TYPES[item["type"]].validate(item, problems.append)
    assert problems == []


def parse_one(text: str) -> dict:
    """The one item a snippet holds, checked against the bank's validator."""
    items, problems = parse_gift(text)
    assert problems == []
    assert len(items) == 1
    item = items[0][1]
    assert_valid(item)
    assert "id" not in item and "source" not in item
    return item


def problem_of(text: str) -> FormatProblem:
    items, problems = parse_gift(text)
    assert items == []
    assert len(problems) == 1, problems
    return problems[0]


# Kinds of question


def test_single_choice_with_title_category_and_feedback():
    item = parse_one(
        "$CATEGORY: $course$/top/Kaodian/RATER\n"
        "\n"
        "::rater-e::RATER 中的 **E** 代表什么?{\n"
        "  ~信赖度#R 是信赖度\n"
        "  ~专业度\n"
        "  =同理度#empathy\n"
        "  ####E 是同理度。\n"
        "}\n"
    )
    assert item == {
        "type": "single",
        "stem": "RATER 中的 **E** 代表什么?",
        "options": ["信赖度", "专业度", "同理度"],
        "answer": "C",
        "explanation": "E 是同理度。\n\nA: R 是信赖度\n\nC: empathy",
        "tags": ["RATER", "rater-e"],
    }


def test_choice_without_feedback_gets_the_placeholder_explanation():
    item = parse_one("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    assert item["answer"] == "C"
    assert item["explanation"] == "（无解析）"
    assert "tags" not in item and "difficulty" not in item


def test_missing_word_choice_marks_the_gap():
    item = parse_one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert item["stem"] == "Grant is （ ） in Grant's tomb."
    assert item["options"] == ["buried", "entombed", "living"]
    assert item["answer"] == "B"


def test_multiple_choice_from_weights():
    item = parse_one(
        "::crm::客户关系的类型有(多选){\n"
        "  ~%50%基本型#对\n"
        "  ~%-50%理想型#没有这一型\n"
        "  ~%50%被动型\n"
        "  ~错误型\n"
        "}"
    )
    assert item["type"] == "multiple"
    assert item["answer"] == "AC"
    assert item["explanation"] == "A: 对\n\nB: 没有这一型"


def test_multiple_choice_with_thirds_and_negative_weights():
    item = parse_one("Pick three {~%33.33333%a ~%-100%b ~%33.33333%c ~%33.33333%d ~%0%e}")
    assert item["answer"] == "ACD"
    assert item["options"] == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("word, answer", [("T", True), ("TRUE", True), ("F", False), ("FALSE", False),
                                          ("true", True), (" F ", False)])
def test_true_false(word, answer):
    item = parse_one(f"普通竞争者满足相同的需求。{{{word}}}")
    assert item == {"type": "truefalse", "stem": "普通竞争者满足相同的需求。", "answer": answer,
                    "explanation": "（无解析）"}


def test_true_false_feedback_is_labelled_by_the_choice_it_answers():
    # Moodle: {ANSWER#shown to a wrong choice#shown to a right choice}
    right_true = parse_one("1 + 1 = 2 {TRUE#不对,再算一遍#对####加法}")
    assert right_true["answer"] is True
    assert right_true["explanation"] == "加法\n\n错误: 不对,再算一遍\n\n正确: 对"
    right_false = parse_one("1 + 1 = 3 {F#不对#对}")
    assert right_false["explanation"] == "正确: 不对\n\n错误: 对"


def test_short_answer_becomes_fill_with_the_blank_where_the_braces_were():
    item = parse_one("Who {=no one =nobody#对} is buried in Grant's tomb?")
    assert item["type"] == "fill"
    assert item["stem"] == "Who {{1}} is buried in Grant's tomb?"
    assert item["answer"] == [["no one", "nobody"]]
    assert item["explanation"] == "nobody: 对"


def test_short_answer_at_the_end_gets_the_blank_appended():
    item = parse_one("::德鲁克::衡量一个企业是否兴旺发达,只要看其身后的什么有多长?{=顾客队伍 =顾客的队伍####德鲁克语}")
    assert item["stem"] == "衡量一个企业是否兴旺发达,只要看其身后的什么有多长? {{1}}"
    assert item["answer"] == [["顾客队伍", "顾客的队伍"]]
    assert item["explanation"] == "德鲁克语"
    assert item["tags"] == ["德鲁克"]


def test_short_answer_as_moodle_exports_it():
    item = parse_one("Capital of France?{\n\t=%100%Paris#\n\t=%100%paris#\n}")
    assert item["answer"] == [["Paris", "paris"]]
    assert item["explanation"] == "（无解析）"


def test_essay_becomes_a_short_answer_item_worth_five():
    item = parse_one("::essay::简述客户服务的功能与作用。{}")
    assert item == {
        "type": "short",
        "stem": "简述客户服务的功能与作用。",
        "score": 5,
        "reference": "（无参考答案）",
        "points": [{"point": "（无参考答案）", "score": 5}],
        "tags": ["essay"],
    }


def test_essay_general_feedback_is_the_reference():
    item = parse_one("简述客户服务的功能。{####服务功能、销售功能、形象功能。}")
    assert item["reference"] == "服务功能、销售功能、形象功能。"
    assert item["points"] == [{"point": "服务功能、销售功能、形象功能。", "score": 5}]


# Syntax around the questions


def test_comments_blank_lines_and_line_numbers():
    text = (
        "// exported from Moodle\n"        # 1
        "// question: 1  name: a\n"        # 2
        "::a::First?{=yes ~no}\n"          # 3
        "\n"                               # 4
        "\n"                               # 5
        "   // an indented comment\n"     # 6
        "::b::Second\n"                    # 7
        "// a comment inside a question\n"  # 8
        "asks more?{=yes ~no}\n"           # 9
    )
    items, problems = parse_gift(text)
    assert problems == []
    assert [line for line, _ in items] == [3, 7]
    assert items[1][1]["stem"] == "Second\nasks more?"


def test_windows_line_endings_and_byte_order_mark():
    items, problems = parse_gift("\ufeff::a::First?{=yes ~no}\r\n\r\n::b::Second?{T}\r\n")
    assert problems == []
    assert [(line, item["type"]) for line, item in items] == [(1, "single"), (3, "truefalse")]


def test_category_applies_to_the_questions_after_it():
    text = (
        "Before any category {T}\n\n"
        "$CATEGORY: $course$/top/Kaodian/营销基础\n\n"
        "First {T}\n\n"
        "Second {F}\n\n"
        "// question: 0  name: Switch category\n"
        "$CATEGORY: 服务//质量\n\n"
        "Third {T}\n\n"
        "$CATEGORY: $course$/top\n\n"
        "Fourth {T}\n"
    )
    items, problems = parse_gift(text)
    assert problems == []
    assert [item.get("tags") for _, item in items] == [None, ["营销基础"], ["营销基础"], ["服务/质量"], None]


def test_category_and_title_that_agree_make_one_tag():
    item = parse_one("$CATEGORY: rater\n::rater::Q {T}")
    assert item["tags"] == ["rater"]


def test_format_markers_are_stripped():
    item = parse_one("::q::[html]<b>Bold</b> question{\n=[plain]yes#[markdown]**right**\n~no\n####[html]because}")
    assert item["stem"] == "<b>Bold</b> question"
    assert item["options"] == ["yes", "no"]
    assert item["explanation"] == "because\n\nA: **right**"


def test_escapes_in_stem_options_and_feedback():
    item = parse_one(
        r"::a\:b::Which is \{\{1\}\} in \~ \= \# \: and a backslash \\ and\nnew line?{"
        r"=a\=b#is \#1 ~c\~d ~e\{f\}####general\: feedback}"
    )
    assert item["tags"] == ["a:b"]
    assert item["stem"] == "Which is {{1}} in ~ = # : and a backslash \\ and\nnew line?"
    assert item["options"] == ["a=b", "c~d", "e{f}"]
    assert item["explanation"] == "general: feedback\n\nA: is #1"


def test_unknown_escapes_are_kept_as_written():
    item = parse_one(r"Markdown \*not emphasis\* here {T}")
    assert item["stem"] == r"Markdown \*not emphasis\* here"


# Problems


@pytest.mark.parametrize("text, message", [
    ("Match {=a -> 1 =b -> 2 =c -> 3}", "matching questions"),
    ("When was Grant born? {#1822:5}", "numerical questions"),
    ("Grant is {~a =b} in {=c} tomb.", "2 answer blocks"),
    ("Just a description with no answers.", "no answer block"),
    ("Unclosed {=a ~b", "unbalanced braces"),
    ("Stray } brace {=a ~b}", "unbalanced braces"),
    ("::never closed title {=a ~b}", "title ::… is never closed"),
    ("Bad weight {~%half%a ~%50%b}", "malformed weight"),
    ("Text first {oops =a ~b}", "text before the first answer"),
    ("Only words {plain words}", "answers must start with = (right) or ~ (wrong)"),
    ("Two right {=a =b ~c}", "2 answers marked ="),
    ("Partial {=a ~%50%b ~c}", "partial credit"),
    ("Weighted right {=%50%a ~b}", "weight other than 100%"),
    ("No right answer {~a ~b ~%-50%c}", "no right answer"),
    ("Short partial {=Paris =%50%paris}", "partial-credit answers"),
    ("Empty accepted {= =a}", "an empty accepted answer"),
    ("Too many feedbacks {T#a#b#c}", "at most two feedbacks"),
    ("One option {~%100%a}", "a choice needs 2 to 8 answers, this one has 1"),
    ("Nine {=a ~b ~c ~d ~e ~f ~g ~h ~i}", "this one has 9"),
    ("Same option twice {=a ~a}", "two options are the same"),  # found by the bank's own validator
    ("{T}", "stem is missing"),
])
def test_unsupported_or_malformed_question_is_a_problem_on_its_line(text, message):
    problem = problem_of(f"// header\n\n{text}\n")
    assert problem.line == 3
    assert message in problem.message


def test_weights_that_do_not_add_up_to_100():
    problem = problem_of("Pick {~%40%a ~%50%b ~c}")
    assert problem == FormatProblem(1, "the positive weights add up to 90%, not 100%")


def test_weights_with_one_right_answer():
    problem = problem_of("Pick {~%100%a ~b ~c}")
    assert problem == FormatProblem(1, "only one right answer: mark it with = to make a single choice")


def test_every_problem_of_a_question_is_reported():
    items, problems = parse_gift("Pick {~%60%a ~b ~c}")
    assert items == []
    assert [p.message for p in problems] == [
        "the positive weights add up to 60%, not 100%",
        "only one right answer: mark it with = to make a single choice",
    ]


def test_two_good_and_two_bad_questions():
    text = (
        "$CATEGORY: rater\n"             # 1
        "\n"                             # 2
        "::good1::E 代表?{=同理度 ~信赖度}\n"  # 3
        "\n"                             # 4
        "::bad1::Match{\n"               # 5
        "  =a -> 1\n"                    # 6
        "  =b -> 2\n"                    # 7
        "}\n"                            # 8
        "\n"                             # 9
        "::good2::True?{T}\n"            # 10
        "\n"                             # 11
        "::bad2::Weights {~%30%a ~%30%b ~c}\n"  # 12
    )
    items, problems = parse_gift(text)
    assert [(line, item["tags"]) for line, item in items] == [(3, ["rater", "good1"]), (10, ["rater", "good2"])]
    assert [p.line for p in problems] == [5, 12]
    for _, item in items:
        assert_valid(item)


@pytest.mark.parametrize("text", ["", "\n\n\n", "{", "}", "::", "::a::", "{}", "~~~", "{~}", "{=}", "{####}",
                                  "x {~%", "x {~%%a ~b}", "$CATEGORY:", "// only a comment", "\\", "x {=a\\}",
                                  "x {T#", "#{#}", "x {->}"])
def test_malformed_input_never_raises(text):
    items, problems = parse_gift(text)
    for _, item in items:
        assert_valid(item)
    assert all(isinstance(p, FormatProblem) and p.line >= 1 and p.message for p in problems)


# Export


CASE = {"id": "case-1", "type": "case", "stem": "张小姐看中 A+B 套餐……",
        "parts": [{"id": "a", "type": "single", "score": 2, "stem": "先做什么?", "options": ["安抚", "争辩"],
                   "answer": "A", "explanation": "先安抚。"},
                  {"id": "b", "type": "short", "score": 5, "stem": "如何补偿?", "reference": "经济补偿与精神补偿。",
                   "points": [{"point": "经济补偿", "score": 3}, {"point": "精神补偿", "score": 2}]}]}


def test_export_layout():
    text = to_gift([SINGLE, MULTIPLE, TRUE_FALSE], "Kaodian/rater")
    assert text == (
        "$CATEGORY: $course$/top/Kaodian/rater\n"
        "\n"
        "::rater-001::[markdown]RATER 指数中的 **E** 代表什么?{\n"
        "\t~信赖度\n"
        "\t~专业度\n"
        "\t=同理度\n"
        "\t####E 是 empathy(同理度)。\n"
        "}\n"
        "\n"
        "::mkt-002::[markdown]市场营销三要素包括(多选)\\:{\n"
        "\t~%33.33333%人口\n"
        "\t~%-100%价格\n"
        "\t~%33.33333%购买力\n"
        "\t~%33.33333%欲望\n"
        "\t####人口 + 购买力 + 欲望。\n"
        "}\n"
        "\n"
        "::tf-1::[markdown]普通竞争者满足不同需求。{FALSE####那是愿望竞争者。}\n"
    )


def test_export_weights_split_evenly():
    item = {**MULTIPLE, "options": ["a", "b", "c", "d"], "answer": "ABCD"}
    assert "~%25%a" in to_gift([item], "x")
    item = {**MULTIPLE, "answer": "AC"}
    assert "~%50%人口\n\t~%-100%价格\n\t~%50%购买力\n\t~%-100%欲望" in to_gift([item], "x")


def test_export_escapes_special_characters():
    item = {**SINGLE, "id": "a:b", "stem": "Is {{1}} = ~#: or \\n?\n\nSecond paragraph",
            "options": ["a=b", "c~d", "{e}"], "explanation": "# heading\nline"}
    text = to_gift([item], "x")
    assert "::a\\:b::" in text
    assert "Is \\{\\{1\\}\\} \\= \\~\\#\\: or \\\\n?\\n\\nSecond paragraph{" in text
    assert "\t~a\\=b\n\t~c\\~d\n\t=\\{e\\}\n\t####\\# heading\\nline\n" in text
    assert "\n\n\n" not in text  # a blank line inside a question would split it


def test_export_fill_with_one_blank_as_short_answer():
    assert to_gift([FILL], "x").endswith(
        "::fill-1::[markdown]顾客流失识别有{=顾客 =客户####顾客、市场、收入利润、竞争力。}指标等四类。\n"
    )


def test_export_fill_with_several_blanks_as_essay_with_the_key():
    text = to_gift([FILL_MANY], "x")
    stem = "三大要素\\:＿＿(1)＿＿ + ＿＿(2)＿＿ + ＿＿(3)＿＿。"
    assert f"::mkt-001::[markdown]{stem}{{####答案\\:(1) 人口；(2) 购买力；(3) 欲望" in text
    item = parse_one(text)
    assert item["type"] == "short"
    assert item["reference"].startswith("答案:(1) 人口；(2) 购买力；(3) 欲望\n\n人口、购买力、欲望。")


def test_export_free_text_as_essay_with_the_reference():
    text = to_gift([SHORT], "x")
    assert text.endswith("::crm-short-001::[markdown]简述客户服务的功能。{####服务功能、销售功能、形象功能。}\n")
    item = parse_one(text)
    assert (item["type"], item["stem"], item["reference"]) == ("short", SHORT["stem"], SHORT["reference"])


def test_export_case_as_description_then_parts():
    text = to_gift([CASE], "x")
    assert "::case-1::[markdown]张小姐看中 A+B 套餐……\n\n::case-1-a::[markdown]先做什么?{" in text
    assert "::case-1-b::[markdown]如何补偿?{####经济补偿与精神补偿。}" in text
    items, problems = parse_gift(text)
    assert [item["tags"][-1] for _, item in items] == ["case-1-a", "case-1-b"]
    assert [p.message for p in problems] == ["no answer block {…}: a description without answers is not a question"]


# Round trips


def kept(item: dict) -> dict:
    return {key: item[key] for key in KEPT if key in item}


def test_round_trip_keeps_objective_items():
    tricky = {**SINGLE, "stem": "Markdown *and* {braces}, = ~ # : \\ and\n\na paragraph", "options": ["1:1", "#2"],
              "answer": "B", "explanation": "line 1\nline 2\n\n**bold**"}
    originals = [SINGLE, MULTIPLE, TRUE_FALSE, {**TRUE_FALSE, "answer": True}, tricky]
    items, problems = parse_gift(to_gift(originals, "Kaodian"))
    assert problems == []
    assert [kept(item) for _, item in items] == [kept(item) for item in originals]
    assert [item["tags"] for _, item in items] == [["Kaodian", item["id"]] for item in originals]
    for _, item in items:
        assert_valid(item)


@pytest.mark.parametrize("stem", ["顾客流失识别有{{1}}指标等四类。", "{{1}}是第一位的", "德鲁克说要看顾客 {{1}}"])
def test_round_trip_keeps_a_one_blank_fill(stem):
    item = {**FILL, "stem": stem}
    assert kept(parse_one(to_gift([item], "x"))) == kept(item)


def test_round_trip_of_the_bundled_bank():
    bank = load_bank(BANK_DIR)
    originals = [item for item in bank.questions.values() if item["type"] in ("single", "multiple", "truefalse")]
    items, problems = parse_gift(to_gift(originals, "Kaodian"))
    assert problems == []
    assert len(items) == len(originals) > 100
    stripped = [{key: value.strip() if isinstance(value, str) else value for key, value in kept(item).items()}
                for item in originals]
    assert [kept(item) for _, item in items] == stripped
