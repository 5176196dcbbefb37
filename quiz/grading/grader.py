"""Scoring free text against rubric points (得分点): explainable, deterministic, fast.

A point with `keywords` is hit when every group has a word in the answer (any synonym, small typos allowed)
that is not negated. A point without keywords is looked for through the phrases of its own text: it is hit
when most of them are there. Words the answer could only have copied from the question's stem are no evidence."""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from .text import Answer, Term, canonical, negated_in, plain_text

DERIVED_SHARE = 0.6     # share of a point's phrases an answer must contain when the point has no keywords
COVERAGE = 0.75         # share of a long phrase's character pairs that counts as the phrase, in any order
_SPLIT = re.compile(r"[,.;:!?，。；：！？、\n()（）\[\]【】“”\"'‘’/—…]+|以及|或者|并且|而且|及|和|与|或|并")
_LEAD = re.compile(r"^(?:提供|进行|实现|通过|能够|可以|对于|对|把|将|使得|使|让|为了|为|是|指|有效的|有效|的|最终|从而|进而|以便|以|在)+")
_TAIL = re.compile(r"(?:等等|等|的|之|了)+$")


@dataclass
class PointResult:
    point: str
    score: float
    hit: bool
    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    derived: bool = False      # looked for through the point's own text (no keywords given)
    borderline: bool = False   # found only through a typo, a loose phrase match, or next to a negation


@dataclass
class Grade:
    score: float
    max_score: float
    points: list[PointResult]
    confident: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Group:
    terms: tuple[Term, ...]
    expect_negated: bool
    label: str


@dataclass(frozen=True)
class _Point:
    text: str
    score: float
    groups: tuple[_Group, ...]
    needed: int
    derived: bool


def phrases(point_text: str) -> list[str]:
    """The content phrases of a point's text: split at punctuation and joining words, filler trimmed."""
    out = []
    for piece in _SPLIT.split(canonical(point_text)):
        piece = _TAIL.sub("", _LEAD.sub("", piece))
        if len(piece) >= 2 and piece not in out:
            out.append(piece)
    return out or [canonical(point_text)]


def _groups_from_keywords(point: dict, stem: str) -> list[_Group]:
    groups = []
    for alternatives in point["keywords"]:
        words = [w for w in alternatives if canonical(w) and canonical(w) not in stem]
        if words:
            groups.append(_Group(tuple(Term.of(w) for w in words), negated_in(point["point"], words[0]),
                                 "/".join(words)))
    return groups


def _groups_from_text(point: dict, stem: str) -> list[_Group]:
    found = [p for p in phrases(point["point"]) if p not in stem] or phrases(point["point"])
    return [_Group((Term.of(p),), negated_in(point["point"], p), p) for p in found]


@lru_cache(maxsize=4096)
def _prepare(raw_stem: str, points: tuple) -> tuple[tuple[str, str], tuple[_Point, ...]]:
    stem = canonical(raw_stem)
    prepared = []
    for point_text, score, keywords in points:
        point = {"point": point_text, "keywords": [list(g) for g in keywords] if keywords else None}
        groups = _groups_from_keywords(point, stem) if keywords else []
        derived = not groups
        if derived:
            groups = _groups_from_text(point, stem)
        needed = max(1, math.ceil(DERIVED_SHARE * len(groups))) if derived else len(groups)
        prepared.append(_Point(point_text, float(score), tuple(groups), needed, derived))
    return (stem, plain_text(raw_stem)), tuple(prepared)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _find_group(group: _Group, answer: Answer, stem: str, raw_stem: str, loose: bool, pairs: set[str] | None):
    """(matched text, negated texts, borderline) for one group of alternatives."""
    negated = []
    for term in group.terms:
        for view, position, text in term.find(answer):
            exact = text in (term.canonical.word, term.plain.word)
            if not exact and (text in stem or text in raw_stem):
                continue  # a near-miss that is really the stem's own wording, copied
            if view.negated_at(position) == group.expect_negated:
                return text, negated, not exact
            negated.append(text)
    if loose and pairs is not None:
        for term in group.terms:
            wanted = _bigrams(term.word)
            if len(term.word) >= 4 and len(wanted & pairs) >= COVERAGE * len(wanted):
                first = min(answer.text.find(p) for p in wanted & pairs)
                if answer.canonical.negated_at(first) == group.expect_negated:
                    return term.word, negated, True
    return None, negated, False


def grade(item: dict, response: str) -> Grade:
    """Score `response` against the item's rubric (the item's own scale: `item['score']`)."""
    (stem, plain_stem), points = _prepare(item.get("stem", ""), tuple(
        (p["point"], p["score"], tuple(tuple(g) for g in p["keywords"]) if p.get("keywords") else None)
        for p in item["points"]))
    answer = Answer.of(response or "")
    pairs = _bigrams(answer.text) if any(p.derived for p in points) else None
    results = []
    for point in points:
        result = PointResult(point.text, point.score, False, derived=point.derived)
        for group in point.groups:
            text, negated, borderline = _find_group(group, answer, stem, plain_stem, point.derived, pairs)
            result.negated += negated
            if text is None:
                result.missing.append(group.label)
            else:
                result.matched.append(text)
                result.borderline |= borderline
        result.hit = bool(answer.text) and len(result.matched) >= point.needed
        result.borderline |= bool(result.negated)
        results.append(result)
    earned = sum(r.score for r in results if r.hit)
    total = float(item["score"])
    confident = not any(r.borderline for r in results)
    return Grade(round(min(earned, total), 2), total, results, confident)
