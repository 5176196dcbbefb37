"""Spreadsheet import (考试宝's layout) from .xlsx and .csv: every column rule, every problem with its row."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from quiz.bank.formats import FormatProblem
from quiz.bank.formats.spreadsheet import parse_csv, parse_rows, parse_xlsx, template_csv, template_rows, template_xlsx
from quiz.bank.types import QUESTION_TYPES, validate_common

HEADER = ["题干", "题型", "选项A", "选项B", "选项C", "选项D", "正确答案", "解析", "章节", "难度"]
RATER = ["信赖度", "专业度", "有形度", "同理度"]


def row(stem: str = "RATER 中的 E 代表什么？", kind: str = "单选题", options=RATER, answer: str = "D",
        explanation: str = "", chapter: str = "", difficulty: str = "") -> list[str]:
    padded = list(options) + [""] * (4 - len(options))
    return [stem, kind, *padded, answer, explanation, chapter, difficulty]


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture(params=["xlsx", "csv"])
def load(request):
    """The same sheet read from either kind of file."""
    if request.param == "xlsx":
        return lambda rows: parse_xlsx(xlsx(rows))
    return lambda rows: parse_csv(csv_bytes(rows))


def valid(item: dict) -> dict:
    """The item passes the bank's own validator (as `flask bank check` would run it)."""
    problems: list[str] = []
    validate_common(item, problems.append)
    QUESTION_TYPES[item["type"]].validate(item, problems.append)
    assert problems == []
    assert "id" not in item and "source" not in item
    return item


def one(load, *rows: list[str], header: list[str] = HEADER) -> dict:
    items, problems = load([header, *rows])
    assert problems == []
    assert len(items) == 1
    return valid(items[0][1])


def problems_of(load, *rows: list[str], header: list[str] = HEADER) -> list[FormatProblem]:
    items, problems = load([header, *rows])
    assert items == []
    return problems


# ----------------------------------------------------------------------------- columns


def test_columns_in_any_order_with_extra_columns_and_template_hints(load):
    header = ["备注", "正确答案（必填）", "选项 B", "题型(必填)", "选项a", "题干 (必填)", "题号"]
    item = one(load, ["自己的笔记", "a", "专业度", "单选", "信赖度", "RATER 中的 R 代表什么？", "7"], header=header)
    assert item == {"type": "single", "stem": "RATER 中的 R 代表什么？", "options": ["信赖度", "专业度"],
                    "answer": "A", "explanation": "（无解析）"}


def test_missing_required_columns_are_one_problem_on_row_1(load):
    items, problems = load([["选项A", "选项B", "正确答案"], ["信赖度", "专业度", "A"], ["有形度", "同理度", "B"]])
    assert items == []
    assert problems == [FormatProblem(1, "missing required column(s): 题干, 题型")]


def test_an_empty_file_is_a_problem_not_an_error():
    assert parse_csv(b"") == ([], [FormatProblem(1, "missing required column(s): 题干, 题型")])


def test_empty_rows_are_skipped_and_rows_keep_their_numbers(load):
    items, problems = load([HEADER, ["", "", "", ""], row(), [None, None], row(answer="A")])
    assert problems == []
    assert [number for number, _ in items] == [3, 5]


def test_optional_columns_may_be_absent(load):
    item = one(load, ["对", "判断题", "客户满意度直接取决于 RATER 指数。"], header=["正确答案", "题型", "题干"])
    assert item == {"type": "truefalse", "stem": "客户满意度直接取决于 RATER 指数。", "answer": True,
                    "explanation": "（无解析）"}


def test_cells_past_the_header_are_ignored(load):
    item = one(load, ["RATER 中的 E 代表什么？", "单选题", "信赖度", "同理度", "B", "多出来的一格"],
               header=["题干", "题型", "选项A", "选项B", "正确答案"])
    assert item["explanation"] == "（无解析）"


def test_explanation_chapter_and_difficulty(load):
    item = one(load, row(explanation="**E** 是 empathy（同理度）。", chapter="客户服务理念", difficulty="2"))
    assert item["explanation"] == "**E** 是 empathy（同理度）。"
    assert item["tags"] == ["客户服务理念"]
    assert item["difficulty"] == 2


@pytest.mark.parametrize(("written", "expected"), [
    ("1", 1), ("3", 3), ("5", 5), ("简单", 1), ("一般", 3), ("困难", 5), (" 困难 ", 5)])
def test_difficulty(load, written, expected):
    assert one(load, row(difficulty=written))["difficulty"] == expected


def test_difficulty_is_left_out_when_the_sheet_gives_none(load):
    assert "difficulty" not in one(load, row())


def test_xlsx_numbers_and_booleans_read_as_written():
    rows = [HEADER, row(difficulty=4), row(difficulty=3.0), row(kind="判断题", options=[], answer=True),
            ["1998 年提出的是（ ）模型。", "填空题", "", "", "", "", 1998.0]]
    items, problems = parse_xlsx(xlsx(rows))
    assert problems == []
    assert [valid(item).get("difficulty") for _, item in items] == [4, 3, None, None]
    assert items[2][1]["answer"] is True
    assert items[3][1]["answer"] == [["1998"]]


# ----------------------------------------------------------------------------- 题型


@pytest.mark.parametrize(("written", "kind"), [
    ("单选题", "single"), ("单选", "single"), ("多选题", "multiple"), ("多选", "multiple"),
    ("判断题", "truefalse"), ("判断", "truefalse"), ("填空题", "fill"), ("填空", "fill"),
    ("名词解释", "definition"), ("简答题", "short"), ("简答", "short"), ("论述题", "essay"), ("论述", "essay")])
def test_type_names(written, kind):
    answers = {"single": "A", "multiple": "AB", "truefalse": "正确", "fill": "人口"}
    stem = "市场营销的要素之一：（ ）。" if kind == "fill" else "RATER 指数衡量什么？"
    items, problems = parse_rows([HEADER, row(stem=stem, kind=written, answer=answers.get(kind, "客户服务质量"))])
    assert problems == []
    assert valid(items[0][1])["type"] == kind


# ----------------------------------------------------------------------------- choice


@pytest.mark.parametrize("written", ["ACD", "A,C,D", "A、C、D", "a c d", "DCA", "Ａ，Ｃ，Ｄ", "A;C;D", "acd"])
def test_multiple_answers_in_any_form_become_sorted_letters(load, written):
    item = one(load, row(stem="下列属于 RATER 维度的有：", kind="多选题", options=["信赖度", "满意度", "有形度", "同理度"],
                         answer=written))
    assert item["answer"] == "ACD"


def test_single_choice_takes_options_up_to_the_last_filled(load):
    item = one(load, row(options=["信赖度", "专业度", "同理度"], answer="c"))
    assert item["options"] == ["信赖度", "专业度", "同理度"]
    assert item["answer"] == "C"


def test_eight_options():
    header = ["题干", "题型", *[f"选项{letter}" for letter in "ABCDEFGH"], "正确答案"]
    options = ["信赖度", "专业度", "有形度", "同理度", "反应度", "满意度", "忠诚度", "美誉度"]
    items, problems = parse_rows([header, ["RATER 的维度有：", "多选题", *options, "ABCDE"]])
    assert problems == []
    assert valid(items[0][1])["options"] == options


# ----------------------------------------------------------------------------- 判断


@pytest.mark.parametrize(("written", "expected"), [
    ("正确", True), ("对", True), ("√", True), ("T", True), ("t", True), ("true", True), ("TRUE", True),
    ("错误", False), ("错", False), ("×", False), ("F", False), ("false", False), ("False", False)])
def test_truefalse_values(load, written, expected):
    item = one(load, row(stem="客户满意度直接取决于 RATER 指数。", kind="判断题", options=[], answer=written))
    assert item["answer"] is expected


def test_truefalse_written_as_a_choice_between_正确_and_错误(load):
    item = one(load, row(stem="客户满意度与 RATER 指数无关。", kind="判断", options=["正确", "错误"], answer="B"))
    assert item["answer"] is False
    assert "options" not in item


# ----------------------------------------------------------------------------- 填空


@pytest.mark.parametrize("stem", [
    "市场营销的三大要素：（ ）+（ ）+（ ）。",
    "市场营销的三大要素：( )+()+（　）。",
    "市场营销的三大要素：____+___+＿＿。",
    "市场营销的三大要素：{{1}}+{{2}}+{{ 3 }}。",
])
def test_fill_blanks_in_every_form_become_numbered(load, stem):
    item = one(load, row(stem=stem, kind="填空题", options=[], answer="人口|购买力/消费能力|欲望"))
    assert item["stem"] == "市场营销的三大要素：{{1}}+{{2}}+{{3}}。"
    assert item["answer"] == [["人口"], ["购买力", "消费能力"], ["欲望"]]


@pytest.mark.parametrize("written", ["人口；购买力；欲望", "人口;购买力;欲望", "人口 | 购买力 | 欲望|"])
def test_fill_answer_separators(load, written):
    item = one(load, row(stem="三大要素：（ ）+（ ）+（ ）", kind="填空", options=[], answer=written))
    assert item["answer"] == [["人口"], ["购买力"], ["欲望"]]


def test_a_choice_stem_keeps_its_brackets(load):
    assert one(load, row(stem="RATER 中的 E 代表（ ）。"))["stem"] == "RATER 中的 E 代表（ ）。"


# ----------------------------------------------------------------------------- free text


@pytest.mark.parametrize(("kind", "score"), [("名词解释", 3), ("简答题", 5), ("论述题", 10)])
def test_free_text_default_scores_and_one_point(load, kind, score):
    reference = "客户：企业经营过程中产生关系的个人或组织统称为客户。"
    item = one(load, row(stem="名词解释：客户", kind=kind, options=[], answer=reference))
    assert item["score"] == score
    assert item["reference"] == reference
    assert item["points"] == [{"point": reference, "score": score}]
    assert "explanation" not in item


def test_score_column(load):
    header = [*HEADER, "分值"]
    item = one(load, [*row(stem="名词解释：客户", kind="名词解释", options=[], answer="企业经营中产生关系的个人或组织。"), "4"],
               header=header)
    assert item["score"] == 4


def test_numbered_reference_in_brackets_becomes_points_with_the_score_split(load):
    reference = "(1) 服务功能：提供售前、售后服务；（2）销售功能：导购，实现销售；(3) 形象功能：树立企业形象。"
    item = one(load, row(stem="简述客户服务的功能。", kind="简答题", options=[], answer=reference))
    assert item["points"] == [{"point": "服务功能：提供售前、售后服务", "score": 1.66},
                              {"point": "销售功能：导购，实现销售", "score": 1.66},
                              {"point": "形象功能：树立企业形象", "score": 1.68}]


def test_numbered_reference_with_dots_and_a_whole_split(load):
    reference = "客户转化的路径：1. 一旦购买成为初次购买客户；2. 经常购买成为重复购买客户；\n3. 受诱惑或不满而流失；4. 挽回或成为非客户。"
    item = one(load, row(stem="论述客户如何相互转化。", kind="论述题", options=[], answer=reference))
    assert [p["point"] for p in item["points"]] == [
        "一旦购买成为初次购买客户", "经常购买成为重复购买客户", "受诱惑或不满而流失", "挽回或成为非客户"]
    assert [p["score"] for p in item["points"]] == [2.5, 2.5, 2.5, 2.5]


def test_other_numbers_are_not_point_markers(load):
    reference = "高效团队 5-8 人最佳，满意度 4.5 分以上，(2) 不是第一点。"
    item = one(load, row(stem="简述高效团队的规模。", kind="简答", options=[], answer=reference))
    assert item["points"] == [{"point": reference, "score": 5}]


def test_free_text_explanation_is_kept_with_the_reference(load):
    item = one(load, row(stem="名词解释：客户", kind="名词解释", options=[], answer="产生关系的个人或组织。",
                         explanation="注意“组织”也是客户。"))
    assert item["reference"] == "产生关系的个人或组织。\n\n注意“组织”也是客户。"
    assert item["points"] == [{"point": "产生关系的个人或组织。", "score": 3}]


# ----------------------------------------------------------------------------- problems


@pytest.mark.parametrize(("bad", "message"), [
    (row(stem=""), "题干 is empty"),
    (row(kind="问答题"), "unknown 题型 '问答题' (use one of 单选题, 多选题, 判断题, 填空题, 名词解释, 简答题, 论述题)"),
    (row(kind=""), "题型 is empty (use one of 单选题, 多选题, 判断题, 填空题, 名词解释, 简答题, 论述题)"),
    (row(answer="E"), "正确答案 'E' names a missing option (options A–D)"),
    (row(answer="AB"), "a 单选题 answer is one letter, not 'AB'"),
    (row(answer=""), "正确答案 is empty"),
    (row(answer="同理度"), "正确答案 '同理度' is not option letters"),
    (row(kind="多选题", answer="B"), "a 多选题 answer names at least two letters, not 'B'"),
    (row(options=["信赖度"], answer="A"), "a 单选题 needs at least two options (选项A, 选项B…)"),
    (row(options=["信赖度", "", "有形度"], answer="A"), "选项B empty but a later option is filled"),
    (row(kind="判断题", options=[], answer="是的"),
     "判断题 answer '是的' must be 正确 or 错误 (or 对/错, √/×, T/F, true/false)"),
    (row(kind="判断题", options=[], answer=""), "正确答案 is empty"),
    (row(stem="三大要素：（ ）+（ ）+（ ）", kind="填空题", options=[], answer="人口|购买力"),
     "the stem has 3 blanks but 正确答案 gives 2"),
    (row(stem="三大要素：（ ）+（ ）+（ ）", kind="填空题", options=[], answer="人口||欲望"),
     "正确答案 gives nothing for blank 2"),
    (row(stem="三大要素是人口、购买力和欲望。", kind="填空题", options=[], answer="人口"),
     "a 填空题 stem has no blanks (write them as （ ）, ____ or {{1}})"),
    (row(kind="简答题", options=[], answer=""), "正确答案 (the reference answer) is empty"),
    (row(difficulty="6"), "难度 '6' must be 1–5 or 简单/一般/困难"),
    (row(difficulty="很难"), "难度 '很难' must be 1–5 or 简单/一般/困难"),
], ids=["empty-stem", "unknown-type", "empty-type", "missing-option", "single-several-letters", "empty-answer",
        "answer-not-letters", "multiple-one-letter", "one-option", "option-gap", "bad-truefalse", "empty-truefalse",
        "blank-count", "empty-blank", "no-blanks", "empty-reference", "difficulty-6", "difficulty-word"])
def test_each_problem_is_reported_with_its_row(load, bad, message):
    items, problems = load([HEADER, row(), bad])
    assert [number for number, _ in items] == [2]
    assert problems == [FormatProblem(3, message)]


def test_bad_score_column(load):
    header = [*HEADER, "分值"]
    bad = [*row(stem="名词解释：客户", kind="名词解释", options=[], answer="产生关系的个人或组织。"), "三分"]
    assert problems_of(load, bad, header=header) == [FormatProblem(2, "分值 '三分' must be a positive number")]


def test_every_problem_of_a_row_is_reported(load):
    problems = problems_of(load, row(stem="", kind="单选题", answer="F", difficulty="hard"))
    assert [p.message for p in problems] == [
        "题干 is empty", "难度 'hard' must be 1–5 or 简单/一般/困难", "正确答案 'F' names a missing option (options A–D)"]
    assert {p.line for p in problems} == {2}


def test_three_good_rows_and_two_bad_give_three_items_and_two_problems(load):
    rows = [HEADER,
            row(),
            row(answer="E"),
            row(kind="判断题", options=[], answer="对"),
            [],
            row(stem="三大要素：（ ）+（ ）+（ ）", kind="填空题", options=[], answer="人口|购买力|欲望"),
            row(kind="选择题")]
    items, problems = load(rows)
    assert [number for number, _ in items] == [2, 4, 6]
    for _, item in items:
        valid(item)
    assert [p.line for p in problems] == [3, 7]
    assert "names a missing option" in problems[0].message and "unknown 题型" in problems[1].message


# ----------------------------------------------------------------------------- files


def test_csv_in_utf8_with_and_without_bom_and_in_gb18030():
    rows = [HEADER, row(chapter="客户服务理念"), row(stem="市场营销三要素：（ ）+（ ）+（ ）", kind="填空题", options=[],
                                                  answer="人口|购买力|欲望")]
    results = [parse_csv(csv_bytes(rows, encoding)) for encoding in ("utf-8-sig", "utf-8", "gb18030")]
    assert results[0][1] == []
    assert [len(items) for items, _ in results] == [2, 2, 2]
    assert results[0] == results[1] == results[2]
    assert results[2][0][0][1]["tags"] == ["客户服务理念"]


def test_csv_keeps_a_multi_line_cell():
    items, problems = parse_csv(csv_bytes([HEADER, row(explanation="第一行\n第二行")]))
    assert problems == []
    assert items[0][1]["explanation"] == "第一行\n第二行"


def test_a_file_that_is_no_text_is_a_problem():
    assert parse_csv(b"\xff\xfe\xff\x00") == ([], [FormatProblem(1, "file is neither UTF-8 nor GB18030 text")])


@pytest.mark.parametrize("data", [b"", b"not a workbook", csv_bytes([HEADER, row()]), xlsx([HEADER, row()])[:500]])
def test_an_unreadable_workbook_is_a_problem(data):
    items, problems = parse_xlsx(data)
    assert items == []
    assert problems == [FormatProblem(1, "not a readable .xlsx file (save it as .xlsx from Excel or WPS)")]


def test_only_the_first_worksheet_is_read():
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(row())
    workbook.create_sheet("说明").append(["这一页是说明，不是题目"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    items, problems = parse_xlsx(buffer.getvalue())
    assert problems == [] and len(items) == 1


# ----------------------------------------------------------------------------- the template


def test_template_has_one_example_per_type():
    header, *examples = template_rows()
    assert header[:2] == ["题干", "题型"]
    assert {"选项A", "选项H", "正确答案", "解析", "章节", "难度", "分值"} <= set(header)
    assert all(len(example) == len(header) for example in examples)
    assert sorted(example[1] for example in examples) == sorted(
        ["单选题", "多选题", "判断题", "填空题", "名词解释", "简答题", "论述题"])


def test_template_round_trips_without_problems():
    from_xlsx = parse_xlsx(template_xlsx())
    from_csv = parse_csv(template_csv().encode("utf-8"))
    assert from_xlsx[1] == [] and from_csv[1] == []
    assert from_xlsx == from_csv
    kinds = [valid(item)["type"] for _, item in from_xlsx[0]]
    assert kinds == ["single", "multiple", "truefalse", "fill", "definition", "short", "essay"]
    fill = from_xlsx[0][3][1]
    assert fill["stem"] == "市场营销的三大要素：{{1}}+{{2}}+{{3}}。"
    essay = from_xlsx[0][6][1]
    assert len(essay["points"]) == 4


def test_template_csv_has_a_bom_for_excel():
    text = template_csv()
    assert text.startswith("\ufeff题干,题型,")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
