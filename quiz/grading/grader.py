"""Scoring free text against rubric points (得分点): explainable, deterministic, fast.

A point with `keywords` is hit when every group has a word in the answer (any synonym, small typos allowed)
that is not negated. A point without keywords is looked for through the phrases of its own text: it is hit
when most of them are there. Words the answer could only have copied from the question's stem are no evidence."""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .text import Answer, Term, canonical, negated_in, plain_text

DERIVED_SHARE = 0.5     # share of a point's phrases an answer must contain when the point has no keywords
COVERAGE = 0.5         # share of a long phrase's character pairs that counts as the phrase, in any order
BIND_SPAN = 40          # characters within which a point's label and its content stand, when not in one sentence
_SPLIT = re.compile(r"[,.;:!?，。；：！？、\n()（）\[\]【】“”\"'‘’/—…]+|以及|或者|并且|而且|及|和|与|或|并")
_LEAD = re.compile(r"^(?:提供|进行|实现|通过|能够|可以|对于|对|把|将|使得|使|让|为了|为|是|指出|指|有效的|有效|的|最终|从而|进而|以便|以|在)+")
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


@dataclass(frozen=True)
class _Found:
    position: int      # in the answer's canonical text
    text: str
    borderline: bool


def _occurrences(group: _Group, answer: Answer, stems: tuple[str, str], loose: bool,
                 pairs: set[str] | None) -> tuple[list[_Found], list[str]]:
    """Every place one of the group's words stands, not negated (or negated, when the point says '不…');
    and the negated mentions seen."""
    found, negated = [], []
    scale = len(answer.canonical.text) / max(1, len(answer.plain.text))
    for term in group.terms:
        for view, position, text in term.find(answer):
            exact = text in (term.canonical.word, term.plain.word)
            if not exact and (text in stems[0] or text in stems[1]):
                continue  # a near-miss that is really the stem's own wording, copied
            if view.negated_at(position, len(text)) != group.expect_negated:
                negated.append(text)
                continue
            at = position if view is answer.canonical else int(position * scale)
            found.append(_Found(at, text, not exact))
    if not found and loose and pairs is not None:
        for term in group.terms:
            wanted = _bigrams(term.word)
            if len(term.word) >= 4 and len(wanted & pairs) >= COVERAGE * len(wanted):
                first = min(answer.text.find(p) for p in wanted & pairs)
                if answer.canonical.negated_at(first, 2) == group.expect_negated:
                    found.append(_Found(first, term.word, True))
    return found, negated


def _owned(content: _Found, own: set[int], labels: list[int], sentences: list[int]) -> bool:
    """Whether a content word belongs to this point's label rather than another point's: the label it
    follows in its sentence (or else the one it precedes there) must be the point's own; with no label in
    its sentence, an own label must stand within BIND_SPAN. "生理需求是唐僧,安全需求是悟空" pairs 唐僧 with
    生理需求, so 唐僧 does not earn the 尊重需求 point."""
    index = bisect_right(sentences, content.position) - 1
    start = sentences[index]
    end = sentences[index + 1] if index + 1 < len(sentences) else 1 << 30
    span = range(content.position, content.position + len(content.text))
    near = [label for label in labels if start <= label < end and label not in span]
    before = [label for label in near if label < content.position]
    after = [label for label in near if label > content.position]
    if before:
        return max(before) in own
    if after:
        return min(after) in own
    return any(abs(label - content.position) <= BIND_SPAN for label in own)


def grade(item: dict, response: str) -> Grade:
    """Score `response` against the item's rubric (the item's own scale: `item['score']`)."""
    stems, points = _prepare(item.get("stem", ""), tuple(
        (p["point"], p["score"], tuple(tuple(g) for g in p["keywords"]) if p.get("keywords") else None)
        for p in item["points"]))
    answer = Answer.of(response or "")
    pairs = _bigrams(answer.text) if any(p.derived for p in points) else None
    searched = [[_occurrences(g, answer, stems, p.derived, pairs) for g in p.groups] for p in points]
    labels = [{f.position for f in groups[0][0]} if groups else set() for groups in searched]
    every_label = sorted(set().union(*labels)) if labels else []
    sentences = answer.canonical.sentence_starts
    results = []
    for index, (point, groups) in enumerate(zip(points, searched)):
        result = PointResult(point.text, point.score, False, derived=point.derived)
        for group, (found, negated) in zip(point.groups, groups):
            result.negated += negated
            if found:
                result.matched.append(found[0].text)
                result.borderline |= found[0].borderline
            else:
                result.missing.append(group.label)
        enough = len(result.matched) >= point.needed
        if enough and not point.derived and len(groups) > 1:
            for number, (found, _) in enumerate(groups[1:], 1):
                owned = [f for f in found if _owned(f, labels[index], every_label, sentences)]
                enough = enough and bool(owned)
                if owned:
                    result.matched[number] = owned[0].text
        result.hit = bool(answer.text) and enough
        result.borderline |= bool(result.negated)
        results.append(result)
    earned = sum(r.score for r in results if r.hit)
    total = float(item["score"])
    confident = not any(r.borderline for r in results)
    return Grade(round(min(earned, total), 2), total, results, confident)
