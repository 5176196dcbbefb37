"""Text handling for the free-text grader: folding, domain synonyms, clauses, negation and typo-tolerant search.

Everything here is deterministic and local: no model, no network."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict

from ..normalize import fold

# Words a student may use for the same idea; each group folds to its first word on both sides
# (answer, keywords, point text, stem), so matching never depends on which one was written.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    # people and organisations
    ("客户", "顾客", "消费者", "用户", "买家"),
    ("企业", "公司", "商家", "厂家", "店铺"),
    ("员工", "职员", "工作人员", "雇员"),
    ("竞争者", "竞争对手"),
    ("他人", "别人", "旁人", "亲友"),
    ("领导", "带头人", "领导者", "负责人", "领头人"),
    # things
    ("产品", "商品", "货品"),
    ("品牌", "牌子"),
    ("资料", "信息", "数据"),
    ("方案", "办法", "措施"),
    ("费用", "运费"),
    ("经历", "经验"),
    ("纠纷", "争议", "争执", "争端"),
    ("理念", "观念"),
    ("服务质量", "服务品质"),
    # doing
    ("提高", "提升", "增强", "加强", "增进", "强化"),
    ("降低", "减少", "减低", "节约", "调低"),
    ("维系", "维护", "维持"),
    ("树立", "建立", "塑造"),
    ("关怀", "关心", "关爱"),
    ("积累", "收集", "搜集"),
    ("处理", "解决", "化解"),
    ("沟通", "交流"),
    ("投入", "投资"),
    ("重复购买", "反复购买", "再次购买", "多次购买", "回购"),
    ("导购", "引导购买", "引导选购", "引导顾客选购", "引导客户选购"),
    ("问好", "打招呼", "问候"),
    ("谈判", "议价", "磋商", "协商", "讨价还价"),
    ("核实", "核对", "确认"),
    ("帮助", "协助", "帮忙"),
    ("告别", "道别", "再见"),
    ("宣传", "广告", "推广"),
    ("分级", "划分等级", "分等级", "等级划分", "分成等级"),
    ("创新", "革新", "推陈出新"),
    ("上报", "汇报", "向上级反映", "反映给上级"),
    ("跟踪", "追踪", "跟进"),
    ("反馈", "回访", "回馈"),
    ("说服", "劝说", "劝服"),
    ("安抚", "安慰", "抚慰", "平复"),
    ("情绪", "心情"),
    ("补偿", "赔偿"),
    ("转移", "分散", "引开"),
    ("衡量", "评价", "评估", "度量"),
    ("探索", "摸索"),
    ("试验", "试探", "尝试"),
    # qualities
    ("迅速", "快速", "及时", "马上", "尽快"),
    ("满意度", "满意程度", "满意水平"),
    ("高满意度", "非常满意", "特别满意", "很满意", "高度满意"),
    ("忠诚", "忠实"),
    ("信赖", "信任"),
    ("需求", "需要"),
    ("利润", "盈利", "获利", "赢利"),
    ("交易量", "交易额", "业务量", "成交量"),
    ("潜在", "可能"),
    ("还没有", "尚未", "还未", "仍未", "至今未"),
    ("真实客户", "现实客户"),
    ("竞争力", "竞争优势", "竞争实力"),
    ("必须", "一定要", "务必", "必需"),
    ("清晰", "明确", "清楚"),
    ("诚意", "诚心"),
    ("基础", "前提", "底线"),
    # RATER as the material names it in English
    ("信赖度", "reliability"),
    ("专业度", "assurance"),
    ("有形度", "tangibles"),
    ("同理度", "empathy"),
    ("反应度", "responsiveness"),
)
_CANONICAL = {word: group[0] for group in SYNONYMS for word in group[1:]}
_SYNONYM_RE = re.compile("|".join(sorted(map(re.escape, _CANONICAL), key=len, reverse=True)))

# Clause boundaries: a negation does not reach across them ("、" lists stay inside one clause).
CLAUSE_BREAK = re.compile(r"[,.;:!?，。；：！？\n()（）\[\]【】“”\"'‘’/]|而是|但是|但|而")
# Cues that deny what follows them. Strong ones reach over a list ("不存在什么伙伴型、能动型"); the others
# deny only the next item ("产品质量不好、服务不到位" says nothing against 服务). Compounds that merely contain
# a cue's character (不断, 不确定, 非常, 未来, 无论…) are not cues.
_STRONG_NEGATION = re.compile(r"并不是|并非|不是|不属于|不包括|不等于|不存在|并没有|没有|绝非|而非")
_NEGATION_BEFORE = re.compile(
    r"并不是|并非|不是|不属于|不包括|不等于|不存在|并没有|没有|没|无需|不需要|不能|不会|不要|不必|不用|并不|绝非|而非|"
    r"不(?!仅|断|但|同|管|论|确定|满|足|合理|少|久|良|利|对称|光|只)|非(?!常|客户)|未(?!来)|无(?!论|形)")
_LIST_JOIN = re.compile(r"[、和与及]")
# Cues after a keyword that deny it: "…与形象无关", "创新也不是必须的", "满意度分析没有必要".
_NEGATION_AFTER = re.compile(r"无关|没有关系|没关系|没有影响|没什么影响|没有作用|没有必要|没必要|不是必须|不必要|不重要|"
                             r"不存在|没有用|不会影响|不影响|不起作用|都不是|也不是|更不是|不算")
# Sentence-like units for pairing a point's label with its content: punctuation and list numbering.
SENTENCE_BREAK = re.compile(r"[,;!?，。；！？\n]|\d+[.、)）]|[(（]\d+[)）]|[①-⑩]|[一二三四五六七八九十]是|其[一二三四五六七八九十]")
NEGATION_REACH = 16  # characters around a keyword, within its clause, in which a cue negates it

# Fuzzy pinyin, as input methods offer it: z/zh, c/ch, s/sh, n/l, -n/-ng are not told apart.
_FUZZY = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"), (re.compile(r"^n"), "l"),
          (re.compile(r"ng$"), "n"))
_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")


def canonical(text: str) -> str:
    """Fold width, script and case, drop spaces, and fold synonyms to one word."""
    text = re.sub(r"\s+", "", fold(text))
    for _ in range(2):  # twice: "现实顾客" → "现实客户" → "真实客户"
        text = _SYNONYM_RE.sub(lambda m: _CANONICAL[m.group(0)], text)
    return text


@lru_cache(maxsize=65536)
def sound(char: str) -> str:
    """A character's (fuzzy, toneless) syllable; the character itself when it has none."""
    readings = pinyin_dict.get(ord(char))
    if not readings:
        return char
    syllable = readings.split(",", 1)[0].translate(_TONES)
    for pattern, replacement in _FUZZY:
        syllable = pattern.sub(replacement, syllable)
    return syllable


@dataclass
class View:
    """One form of an answer's text, with what searching it needs."""

    text: str
    sounds: list[str]
    clause_starts: list[int]
    sentence_starts: list[int]  # commas, semicolons, full stops: a label and its content share one

    @classmethod
    def of(cls, text: str) -> View:
        clauses = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)]
        sentences = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
        return cls(text, [sound(c) for c in text], clauses, sentences)

    def negated_at(self, position: int, length: int = 0) -> bool:
        """Whether a negation cue denies the word at `position` (of `length`), within its clause."""
        index = bisect_right(self.clause_starts, position) - 1
        start = self.clause_starts[index]
        end = self.clause_starts[index + 1] if index + 1 < len(self.clause_starts) else len(self.text)
        after = _NEGATION_AFTER.search(self.text, position + length, min(end, position + length + NEGATION_REACH))
        if after is not None:
            return True
        for cue in _NEGATION_BEFORE.finditer(self.text, max(start, position - NEGATION_REACH), position):
            between = self.text[cue.end():position]
            if _STRONG_NEGATION.fullmatch(cue.group(0)) or not _LIST_JOIN.search(between):
                return True
        return False


@dataclass
class Answer:
    """An answer prepared once for every point of an item: with synonyms folded, and as written (folded only),
    so that a keyword that is part of a synonym ("程度" in "满意程度") is still found."""

    canonical: View
    plain: View

    @classmethod
    def of(cls, raw: str) -> Answer:
        plain = plain_text(raw)
        return cls(View.of(canonical(raw)), View.of(plain))

    @property
    def text(self) -> str:
        return self.canonical.text


def plain_text(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


@dataclass(frozen=True)
class Form:
    """A word as searched for in one view, with what it takes to find it despite a small typo."""

    word: str
    sounds: tuple[str, ...]
    one_edit: re.Pattern | None  # one added character (words of 4+) or one dropped (5+)

    @classmethod
    def of(cls, word: str) -> Form:
        one_edit = None
        if len(word) >= 4:
            # An extra character (4+) or a dropped one (5+); a wrong one is found as a homophone (pinyin
            # typing), not here: "处理方式" must not pass for "处理方案", nor "处理方" for it.
            variants = {re.escape(word[:i]) + "." + re.escape(word[i:]) for i in range(1, len(word))}
            if len(word) >= 5:
                variants |= {re.escape(word[:i] + word[i + 1:]) for i in range(len(word))}
            one_edit = re.compile("|".join(sorted(variants, key=len, reverse=True)))
        return cls(word, tuple(sound(c) for c in word), one_edit)

    def find(self, view: View) -> list[tuple[int, str]]:
        """Every place the word occurs: exactly, as a homophone typo, or within one edit."""
        found = []
        position = view.text.find(self.word)
        while position >= 0:
            found.append((position, self.word))
            position = view.text.find(self.word, position + 1)
        if found or not self.word:
            return found
        length = len(self.word)
        if length >= 2 and all("\u4e00" <= c <= "\u9fff" for c in self.word):
            first = self.sounds[0]
            for start, syllable in enumerate(view.sounds[: len(view.sounds) - length + 1]):
                if syllable == first and tuple(view.sounds[start:start + length]) == self.sounds:
                    window = view.text[start:start + length]
                    # A homophone typo keeps at least one character of the word (never a different word).
                    if any(a == b for a, b in zip(window, self.word)):
                        found.append((start, window))
        if not found and self.one_edit is not None:
            found = [(m.start(), m.group(0)) for m in self.one_edit.finditer(view.text)]
        return found


@dataclass(frozen=True)
class Term:
    """A word to look for: with synonyms folded first, then as written."""

    canonical: Form
    plain: Form

    @classmethod
    @lru_cache(maxsize=65536)
    def of(cls, raw: str) -> Term:
        return cls(Form.of(canonical(raw)), Form.of(plain_text(raw)))

    @property
    def word(self) -> str:
        return self.canonical.word

    def find(self, answer: Answer) -> list[tuple[View, int, str]]:
        found = [(answer.canonical, p, t) for p, t in self.canonical.find(answer.canonical)]
        return found or [(answer.plain, p, t) for p, t in self.plain.find(answer.plain)]


def negated_in(text: str, word: str) -> bool:
    """Whether `word` appears negated in a reference text (a point that itself says '不…')."""
    view = View.of(canonical(text))
    position = view.text.find(canonical(word))
    return position >= 0 and view.negated_at(position, len(canonical(word)))
