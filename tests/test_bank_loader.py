"""`flask bank check`: every rule of DESIGN.md, each problem as file:line: item-id: message, all at once."""
import shutil
import textwrap

import pytest
from conftest import MATERIAL, TEST_BANK

from quiz.bank import load_bank


def write_bank(tmp_path, files: dict[str, str]):
    bank = tmp_path / "bank"
    (bank / "exams").mkdir(parents=True)
    for name, content in files.items():
        (bank / name).write_text(textwrap.dedent(content), encoding="utf-8")
    return bank


GOOD_TOPIC = """\
topic: t1
title: 主题一
questions:
  - id: t1-001
    type: single
    stem: 题干
    options: [甲, 乙, 丙]
    answer: B
    explanation: 解析
    source: {doc: "002", anchor: "empathy(同理度)"}
"""


def messages(bank):
    return [str(p) for p in bank.problems]


def test_test_bank_is_valid_against_material():
    bank = load_bank(TEST_BANK, MATERIAL)
    assert bank.ok, messages(bank)
    assert len(bank.questions) == 9 and set(bank.exams) == {"short"}


def test_every_problem_is_reported_with_file_line_and_item(tmp_path):
    bank_dir = write_bank(tmp_path, {"t1.yaml": """\
        topic: t1
        title: 主题一
        questions:
          - id: t1-001
            type: single
            stem: 题干
            options: [甲, 乙, 丙]
            answer: E
            explanation: 解析
            source: {doc: "002", anchor: "x"}
          - id: t1-002
            type: fill
            stem: 没有空
            answer: [[甲]]
            explanation: 解析
            source: {doc: "002", anchor: "x"}
          - id: t1-003
            type: short
            stem: 简答
            score: 5
            reference: 参考
            points:
              - {point: 一, score: 2}
              - {point: 二, score: 2}
            source: {doc: "002", anchor: "x"}
          - id: t1-004
            type: truefalse
            stem: 判断
            answer: 对
            explaination: 拼错的键
            source: {doc: "002", anchor: "x"}
        """})
    found = messages(load_bank(bank_dir))
    path = str(bank_dir / "t1.yaml")
    assert any(m.startswith(f"{path}:4: t1-001: answer names a missing option: E") for m in found), found
    assert any(m.startswith(f"{path}:11: t1-002: a fill-in stem needs blanks") for m in found), found
    assert f"{path}:17: t1-003: the point scores add up to 4, but score is 5" in found
    assert any(m.startswith(f"{path}:26: t1-004: unknown keys for a truefalse item: explaination") for m in found)
    assert f"{path}:26: t1-004: a true/false answer must be true or false" in found
    assert len(found) >= 5


@pytest.mark.parametrize("item, expected", [
    ("type: multiple\n    stem: s\n    options: [a, b, c]\n    answer: A\n    explanation: e",
     "a multiple-choice answer names at least two letters"),
    ("type: fill\n    stem: '{{1}} and {{2}}'\n    answer: [[a]]\n    explanation: e", "the stem has 2 blanks but answer gives 1"),
    ("type: fill\n    stem: '{{1}}'\n    answer: [a]\n    explanation: e", "answer must list, for each blank"),
    (("type: short\n    stem: s\n    score: 5\n    reference: r\n    pick: 2\n    points:\n"
      "      - {point: a, score: 2}\n      - {point: b, score: 2}\n      - {point: c, score: 2}"),
     "the 2 highest point scores add up to 4, but score is 5"),
    ("type: single\n    stem: s\n    options: [a, b]\n    answer: A", "missing explanation"),
    ("type: single\n    difficulty: 9\n    stem: s\n    options: [a, b]\n    answer: A\n    explanation: e",
     "difficulty must be a whole number from 1 to 5"),
    ("type: riddle\n    stem: s", "type must be one of"),
    ("type: case\n    stem: s\n    parts:\n      - {id: a, type: single, stem: q, options: [x, y], answer: C, explanation: e}",
     "part a: answer names a missing option: C"),
    ("type: case\n    stem: s\n    parts:\n      - {id: a, type: single, stem: q, options: [x, y], answer: A, explanation: e}",
     "part a: score must be a positive number"),
])
def test_item_rules(tmp_path, item, expected):
    content = f"topic: t1\ntitle: T\nquestions:\n  - id: t1-001\n    {item}\n    source: {{doc: '002', anchor: x}}\n"
    bank_dir = write_bank(tmp_path, {"t1.yaml": content})
    found = messages(load_bank(bank_dir))
    assert any(expected in m and ":4: t1-001:" in m for m in found), found


def test_duplicate_ids_across_files_and_duplicate_topics(tmp_path):
    bank_dir = write_bank(tmp_path, {"a.yaml": GOOD_TOPIC, "b.yaml": GOOD_TOPIC.replace("topic: t1", "topic: t2"),
                                     "c.yaml": GOOD_TOPIC.replace("t1-001", "t3-001")})
    found = messages(load_bank(bank_dir))
    assert any("b.yaml:4: t1-001: duplicate id (also in" in m and "a.yaml" in m for m in found), found
    assert any("c.yaml:1: -: topic 't1' is also defined in" in m for m in found), found


def test_object_constructing_yaml_tag_is_an_error_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    bank_dir = write_bank(tmp_path, {"evil.yaml": f"""\
        topic: evil
        title: x
        questions:
          - !!python/object/apply:os.system ["touch {marker}"]
        """})
    found = messages(load_bank(bank_dir))
    assert not marker.exists()
    assert any("evil.yaml:4: -: YAML error" in m for m in found), found


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    bank_dir = write_bank(tmp_path, {"bad.yaml": "topic: bad\ntitle: x\nquestions:\n  - id: [unclosed\n"})
    found = messages(load_bank(bank_dir))
    assert len(found) == 1 and "bad.yaml:" in found[0] and "YAML error" in found[0]


def test_duplicate_keys_are_refused(tmp_path):
    bank_dir = write_bank(tmp_path, {"t1.yaml": GOOD_TOPIC.replace("    answer: B\n", "    answer: B\n    answer: C\n")})
    found = messages(load_bank(bank_dir))
    assert any("duplicate key 'answer'" in m for m in found), found


def test_anchor_must_be_in_the_material(tmp_path):
    bank_dir = write_bank(tmp_path, {"t1.yaml": GOOD_TOPIC.replace("empathy(同理度)", "不存在的锚点文字")})
    assert load_bank(bank_dir).ok  # without --material only the form is checked
    found = messages(load_bank(bank_dir, MATERIAL))
    assert any("t1-001: source.anchor '不存在的锚点文字' is not found in document 002" in m for m in found), found


def test_blueprint_rules(tmp_path):
    bank_dir = write_bank(tmp_path, {"t1.yaml": GOOD_TOPIC})
    (bank_dir / "exams" / "paper.yaml").write_text(textwrap.dedent("""\
        title: 卷
        duration: 60
        pass_mark: 60
        sections:
          - {type: single, count: 5, score: 1}
          - {type: single, count: 1, score: 1, topics: [nowhere]}
          - {type: truefalse, count: 1, score: 1, partial: true}
        """), encoding="utf-8")
    found = messages(load_bank(bank_dir))
    assert any("paper.yaml:5: exam paper: section 1: asks for 5 single items, the bank has 1" in m for m in found)
    assert any("section 2: unknown topics: nowhere" in m for m in found), found
    assert any("section 3: partial (true/false) applies to multiple-choice sections only" in m for m in found)


def test_cli_check_prints_problems_and_exits_1(runner, tmp_path):
    bank_dir = write_bank(tmp_path, {"t1.yaml": GOOD_TOPIC.replace("answer: B", "answer: Z")})
    result = runner.invoke(args=["bank", "check", "--dir", str(bank_dir)])
    assert result.exit_code == 1
    assert f"{bank_dir / 't1.yaml'}:4: t1-001: answer names a missing option: Z" in result.output


def test_cli_check_ok_on_test_bank_with_material(runner):
    result = runner.invoke(args=["bank", "check", "--dir", str(TEST_BANK), "--material", str(MATERIAL)])
    assert result.exit_code == 0, result.output
    assert "OK: 9 questions in 2 topics, 1 exams." in result.output


def test_cli_stats_counts_by_topic_and_type(runner):
    result = runner.invoke(args=["bank", "stats", "--dir", str(TEST_BANK)])
    assert result.exit_code == 0
    rater = next(line for line in result.output.splitlines() if line.startswith("rater"))
    assert rater.split()[1:] == ["1", "1", "1", "1", "0", "0", "0", "0", "4"]


def test_copy_of_bank_with_one_broken_file_still_reports_the_rest(tmp_path):
    bank_dir = tmp_path / "copy"
    shutil.copytree(TEST_BANK, bank_dir)
    (bank_dir / "zz.yaml").write_text("topic: zz\ntitle: z\nquestions: nope\n", encoding="utf-8")
    bank = load_bank(bank_dir)
    assert [str(p).split(": ", 1)[1] for p in bank.problems] == ["-: questions must be a non-empty list"]
    assert len(bank.questions) == 9


def test_keys_that_are_not_text_are_reported_not_a_crash(tmp_path):
    bank_dir = write_bank(tmp_path, {"t1.yaml": GOOD_TOPIC.replace("    explanation: 解析\n",
                                                                  "    explanation: 解析\n    true: 1\n")})
    assert any("unknown keys for a single item: True" in m for m in messages(load_bank(bank_dir)))
