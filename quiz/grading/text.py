"""Text handling for the free-text grader: folding, domain synonyms, clauses, negation and typo-tolerant search.

Everything here is deterministic and local: no model, no network."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict

from ..bank.normalize import fold

# Words a student may use for the same idea; each group folds to its first word on both sides
# (answer, keywords, point text, stem), so matching never depends on which one was written.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("客户", "顾客", "消费者", "用户", "买家"),
    ("提高", "提升", "增强", "加强", "增进"),
    ("降低", "减少", "减低", "节约"),
    ("企业", "公司", "商家", "厂家", "店铺"),
    ("产品", "商品", "货品"),
    ("迅速", "快速", "及时", "马上", "尽快"),
    ("满意度", "满意程度", "满意水平"),
    ("忠诚", "忠实"),
    ("沟通", "交流"),
    ("维系", "维护", "维持"),
    ("树立", "建立"),
    ("关怀", "关心", "关爱"),
    ("信赖", "信任"),
    ("资料", "信息", "数据"),
    ("积累", "收集", "搜集"),
    ("需求", "需要"),
    ("利润", "盈利", "获利", "赢利"),
    ("重复购买", "反复购买", "再次购买", "多次购买", "回购"),
    ("投入", "投资"),
    ("交易量", "交易额", "业务量", "成交量"),
    ("潜在", "可能"),
    ("处理", "解决"),
    ("竞争力", "竞争优势"),
)
_CANONICAL = {word: group[0] for group in SYNONYMS for word in group[1:]}
_SYNONYM_RE = re.compile("|".join(sorted(map(re.escape, _CANONICAL), key=len, reverse=True)))

# Clause boundaries: a negation does not reach across them.
CLAUSE_BREAK = re.compile(r"[,.;:!?，。；：！？、\n()（）\[\]【】“”\"'‘’/]|而是|但是|但|而")
NEGATION_CUES = ("并不是", "并非", "不是", "不属于", "不包括", "不等于", "没有", "无需", "不需要", "不能", "不会",
                 "不要", "不必", "不用", "并不", "绝非", "而非", "不", "非", "未", "无", "别", "勿")
NEGATION_REACH = 12  # characters before a keyword, within its clause, in which a cue negates it
_NEGATION_RE = re.compile("|".join(map(re.escape, NEGATION_CUES)))

# Fuzzy pinyin, as input methods offer it: z/zh, c/ch, s/sh, n/l, -n/-ng are not told apart.
_FUZZY = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"), (re.compile(r"^n"), "l"),
          (re.compile(r"ng$"), "n"))
_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")


def canonical(text: str) -> str:
    """Fold width, script and case, drop spaces, and fold synonyms to one word."""
    text = re.sub(r"\s+", "", fold(text))
    return _SYNONYM_RE.sub(lambda m: _CANONICAL[m.group(0)], text)


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

    @classmethod
    def of(cls, text: str) -> View:
        starts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)]
        return cls(text, [sound(c) for c in text], starts)

    def negated_at(self, position: int) -> bool:
        """Whether a negation cue stands shortly before `position` in the same clause."""
        start = 0
        for candidate in self.clause_starts:
            if candidate > position:
                break
            start = candidate
        return _NEGATION_RE.search(self.text, max(start, position - NEGATION_REACH), position) is not None


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
    one_edit: re.Pattern | None  # words of 4+ characters: one dropped, added or wrong character

    @classmethod
    def of(cls, word: str) -> Form:
        one_edit = None
        if len(word) >= 4:
            variants = {re.escape(word[:i] + word[i + 1:]) for i in range(len(word))}
            variants |= {re.escape(word[:i]) + "." + re.escape(word[i + 1:]) for i in range(len(word))}
            variants |= {re.escape(word[:i]) + "." + re.escape(word[i:]) for i in range(1, len(word))}
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
    return position >= 0 and view.negated_at(position)
