"""The free-text grader on clear cases, through real bank items: what earns a point and what does not."""
import copy

import pytest

from conftest import PROJECT
from quiz.bank import load_bank
from quiz.grading import grade

BANK = load_bank(PROJECT / "question_bank")
FUNCTIONS = BANK.questions["crm-core-001"]        # 客户服务的功能与作用: 3 points, keywords
TYPES = BANK.questions["relationship-types-009"]  # 客户关系的五种类型: 5 × 1 point
ADVANTAGES = BANK.questions["crm-core-003"]       # 六点任答五点 (pick: 5)

FULL = ("客户服务的功能和作用体现在三个方面:一是服务功能,提供售前、售后服务,处理纠纷;"
        "二是销售功能,提供导购,实现商品销售和关联销售;三是形象功能,树立企业形象,提升客户忠诚。")


def hits(result):
    return [p.hit for p in result.points]


def without_keywords(item):
    stripped = copy.deepcopy(item)
    for point in stripped["points"]:
        point.pop("keywords", None)
    return stripped


def test_full_answer_in_prose_or_as_a_list():
    assert grade(FUNCTIONS, FULL).score == 5
    assert grade(FUNCTIONS, "(1)服务功能:售前售后 (2)销售功能:导购 (3)形象功能").score == 5


def test_points_report_what_was_found_and_what_is_missing():
    result = grade(FUNCTIONS, "服务功能:提供售后服务,处理纠纷。")
    assert hits(result) == [True, False, False] and result.score == 2
    assert result.points[0].matched == ["服务功能", "售后"]
    assert result.points[1].missing == ["销售功能", "导购/销售"]


def test_synonyms_word_order_traditional_and_full_width():
    paraphrase = "树立企业形象、让顾客更忠诚属于形象功能;导购和关联销售属于销售功能;售前售后服务和处理纠纷属于服务功能。"
    assert grade(FUNCTIONS, paraphrase).score == 5
    traditional = "服務功能:售前、售後服務,處理糾紛;銷售功能:導購;形象功能:樹立企業形象。"
    assert grade(FUNCTIONS, traditional).score == 5
    assert grade(TYPES, "ＡＢＣ:基本型,被动型,负责型,能动型,伙伴型").score == 5


def test_small_typos():
    assert hits(grade(TYPES, "基本行、被动型、负责形、能动型、伙伴型")) == [True] * 5  # homophones
    long_point = {"stem": "简述", "score": 1, "points": [{"point": "x", "score": 1, "keywords": [["客户终身价值"]]}]}
    assert grade(long_point, "客户终生价值是…").score == 1      # one wrong character in a long word
    assert grade(long_point, "客户终身价是…").score == 1        # one dropped character
    assert grade(long_point, "客户价值").score == 0


def test_negated_mentions_do_not_count():
    negated = "客户服务不是为了销售功能,也并非形象功能。服务功能是提供售前售后服务。"
    result = grade(FUNCTIONS, negated)
    assert hits(result) == [True, False, False]
    assert "销售功能" in result.points[1].negated and result.confident is False


def test_copying_the_stem_earns_nothing():
    assert grade(FUNCTIONS, "简述客户服务的功能与作用。客户服务的功能与作用。").score == 0
    assert grade(TYPES, "简述客户关系的五种类型:客户关系有五种类型。").score == 0


def test_pick_caps_the_score():
    six = "提升核心竞争力;提升客户关系管理水平;重塑营销功能;提升销售业绩;降低成本提高效率;提供卓越服务提高忠诚度"
    result = grade(ADVANTAGES, six)
    assert sum(hits(result)) == 6 and result.score == ADVANTAGES["score"] == 5


def test_points_without_keywords_are_looked_for_in_the_point_text():
    derived = without_keywords(FUNCTIONS)
    assert grade(derived, FULL).score == 5
    assert all(p.derived for p in grade(derived, FULL).points)
    assert grade(derived, "客户关系管理的核心思想是以客户为中心,提高客户满意度。").score == 0
    assert grade(derived, "简述客户服务的功能与作用").score == 0


def test_deterministic_and_empty():
    assert grade(FUNCTIONS, FULL) == grade(FUNCTIONS, FULL)
    assert grade(FUNCTIONS, "").score == 0


@pytest.mark.parametrize("qid", [qid for qid, item in BANK.questions.items() if item["type"] == "definition"][:10])
def test_the_reference_answer_earns_full_marks(qid):
    item = BANK.questions[qid]
    assert grade(item, item["reference"]).score == item["score"], [
        (p.point, p.missing) for p in grade(item, item["reference"]).points if not p.hit]
