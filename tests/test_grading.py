"""The free-text grader on clear cases, through real bank items: what earns a point and what does not."""
import copy

import pytest
import yaml
from conftest import PROJECT

from quiz.bank import load_bank
from quiz.grading import grade
from quiz.grading.batch import answerable_items

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


def test_words_that_merely_contain_a_negation_character_do_not_negate():
    team = {"stem": "简述高效团队的特点", "score": 2, "points": [
        {"point": "持续的创新力", "score": 1, "keywords": [["创新"]]},
        {"point": "优秀的团队领导", "score": 1, "keywords": [["领导"]]}]}
    assert grade(team, "团队不断创新,还要有非常优秀的带头人。").score == 2   # 不断, 非常; 带头人 = 领导
    assert grade(team, "团队不需要创新,也不需要领导。").score == 0
    assert grade(team, "创新也不是必须的,领导与团队无关。").score == 0       # negation after the word


def test_a_weak_negation_denies_only_the_next_item_of_a_list():
    churn = {"stem": "简述顾客流失的原因", "score": 2, "points": [
        {"point": "产品因素", "score": 1, "keywords": [["产品"]]},
        {"point": "服务因素", "score": 1, "keywords": [["服务"]]}]}
    assert grade(churn, "原因有产品质量不好、服务不到位。").score == 2
    assert grade(churn, "顾客流失不是因为产品、服务。").score == 0


def test_a_label_pairs_with_the_content_of_its_own_sentence():
    pairs = {"stem": "按材料各举一个例子", "score": 2, "points": [
        {"point": "生理需求——八戒", "score": 1, "keywords": [["生理"], ["八戒"]]},
        {"point": "尊重需求——唐僧", "score": 1, "keywords": [["尊重"], ["唐僧"]]}]}
    assert grade(pairs, "生理需求(八戒)、尊重需求(唐僧)").score == 2
    assert grade(pairs, "八戒属生理需求;唐僧属尊重需求。").score == 2
    assert grade(pairs, "生理需求是唐僧,尊重需求是八戒。").score == 0


def test_the_development_sets_are_well_formed():
    for path in sorted((PROJECT / "tests" / "data").glob("grading_*.yaml")):
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = answerable_items(BANK.questions)
        for row in rows:
            item = items[row["question"]]
            assert len(row["hits"]) == len(item["points"]), row
            earned = sum(p["score"] for p, hit in zip(item["points"], row["hits"]) if hit)
            assert row["score"] == min(earned, item["score"]), row
    dev = yaml.safe_load((PROJECT / "tests" / "data" / "grading_dev.yaml").read_text(encoding="utf-8"))
    assert len(dev) >= 150 and len({row["question"] for row in dev}) >= 15
    assert {row["kind"] for row in dev} >= {"full", "partial", "paraphrased", "off-topic", "negated",
                                            "keyword-stuffed", "traditional", "typos"}
