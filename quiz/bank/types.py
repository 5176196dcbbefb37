"""Question types as a registry: each type validates its items, shows what a learner may see,
parses a response and scores it. Views and services never branch on a type's class."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..grading import grade
from ..normalize import normalize_answer

LETTERS = "ABCDEFGH"
BLANK = re.compile(r"\{\{(\d+)\}\}")
Report = Callable[[str], None]  # records one validation problem for the item at hand


class InvalidResponse(ValueError):
    """A response that does not fit the question (wrong letter, wrong number of blanks…)."""


@dataclass
class Scored:
    score: float
    max_score: float
    correct: bool  # full marks
    confident: bool = True  # False when the free-text grader was unsure: a trainer should look
    detail: dict[str, Any] = field(default_factory=dict)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_explanation(item: dict, report: Report) -> None:
    if not isinstance(item.get("explanation"), str) or not item["explanation"].strip():
        report("missing explanation")


class QuestionType:
    name = ""
    keys: frozenset[str] = frozenset()  # keys this type allows beyond the common ones
    objective = True

    def validate(self, item: dict, report: Report, in_case: bool = False) -> None:
        raise NotImplementedError

    def public_view(self, item: dict) -> dict:
        return {}

    def parse_response(self, item: dict, raw: Any) -> Any:
        raise NotImplementedError

    def natural_max(self, item: dict) -> float:
        return float(item.get("score", 1))

    def score(self, item: dict, response: Any, max_score: float, partial_credit: bool = False) -> Scored:
        raise NotImplementedError

    def answer_view(self, item: dict) -> Any:
        return item.get("answer")

    def explanation(self, item: dict) -> str:
        """Markdown shown after answering."""
        return item.get("explanation", "")


class ChoiceType(QuestionType):
    keys = frozenset({"options", "answer", "explanation"})

    def validate(self, item, report, in_case=False):
        options = item.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= len(LETTERS):
            report(f"options must be a list of 2 to {len(LETTERS)} entries")
            return
        if any(not isinstance(o, (str, int, float)) or not str(o).strip() for o in options):
            report("every option must be non-empty text")
        if len({str(o).strip() for o in options}) != len(options):
            report("two options are the same")
        answer = item.get("answer")
        valid = LETTERS[: len(options)]
        if not isinstance(answer, str) or not answer:
            report(f"answer must be option letters ({valid[0]}–{valid[-1]})")
            return
        missing = [letter for letter in answer if letter not in valid]
        if missing:
            report(f"answer names a missing option: {''.join(missing)} (options are {valid[0]}–{valid[-1]})")
        self.validate_answer_count(answer, report)
        _check_explanation(item, report)

    def validate_answer_count(self, answer: str, report: Report) -> None:
        raise NotImplementedError

    def public_view(self, item):
        return {"options": [str(o) for o in item["options"]]}

    def _letters(self, item: dict, raw: Any) -> str:
        valid = LETTERS[: len(item["options"])]
        if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
            raw = "".join(raw)
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidResponse(f"response must be option letters {valid[0]}–{valid[-1]}")
        letters = "".join(sorted(set(raw.strip().upper().replace(",", "").replace(" ", ""))))
        if not letters or any(ch not in valid for ch in letters):
            raise InvalidResponse(f"response must be option letters {valid[0]}–{valid[-1]}")
        return letters


class SingleChoice(ChoiceType):
    name = "single"

    def validate_answer_count(self, answer, report):
        if len(answer) != 1:
            report("a single-choice answer is one letter")

    def parse_response(self, item, raw):
        letters = self._letters(item, raw)
        if len(letters) != 1:
            raise InvalidResponse("choose exactly one option")
        return letters

    def score(self, item, response, max_score, partial_credit=False):
        right = response == item["answer"]
        return Scored(max_score if right else 0.0, max_score, right)


class MultipleChoice(ChoiceType):
    name = "multiple"

    def validate_answer_count(self, answer, report):
        if len(answer) < 2:
            report("a multiple-choice answer names at least two letters")
        if len(set(answer)) != len(answer):
            report("an answer letter is repeated")

    def parse_response(self, item, raw):
        return self._letters(item, raw)

    def score(self, item, response, max_score, partial_credit=False):
        key = set(item["answer"])
        chosen = set(response or "")
        if chosen == key:
            return Scored(max_score, max_score, True)
        # "选错或没有选全的,不得分" unless the blueprint grants part marks for a correct subset.
        if partial_credit and chosen and chosen < key:
            return Scored(round(max_score * len(chosen) / len(key), 2), max_score, False)
        return Scored(0.0, max_score, False)


class TrueFalse(QuestionType):
    name = "truefalse"
    keys = frozenset({"answer", "explanation"})

    def validate(self, item, report, in_case=False):
        if not isinstance(item.get("answer"), bool):
            report("a true/false answer must be true or false")
        _check_explanation(item, report)

    def public_view(self, item):
        return {"options": ["正确", "错误"]}

    def parse_response(self, item, raw):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower() == "true"
        raise InvalidResponse("response must be true or false")

    def score(self, item, response, max_score, partial_credit=False):
        right = response is item["answer"]
        return Scored(max_score if right else 0.0, max_score, right)


class FillBlank(QuestionType):
    name = "fill"
    keys = frozenset({"answer", "explanation", "ordered"})

    def validate(self, item, report, in_case=False):
        blanks = [int(n) for n in BLANK.findall(item.get("stem") or "")]
        answer = item.get("answer")
        if not blanks:
            report("a fill-in stem needs blanks written {{1}}, {{2}}…")
        elif blanks != list(range(1, len(blanks) + 1)):
            report("blanks must be numbered {{1}}, {{2}}… in order, each once")
        if not isinstance(answer, list) or not all(
            isinstance(accepted, list) and accepted and all(isinstance(a, (str, int, float)) for a in accepted)
            for accepted in answer
        ):
            report("answer must list, for each blank, a list of accepted answers, e.g. [[人口], [购买力]]")
        elif blanks and len(answer) != len(blanks):
            report(f"the stem has {len(blanks)} blanks but answer gives {len(answer)}")
        if "ordered" in item and not isinstance(item["ordered"], bool):
            report("ordered must be true or false")
        _check_explanation(item, report)

    def public_view(self, item):
        return {"blanks": len(item["answer"])}

    def parse_response(self, item, raw):
        count = len(item["answer"])
        if not isinstance(raw, list) or len(raw) != count or not all(isinstance(x, str) for x in raw):
            raise InvalidResponse(f"response must be a list of {count} strings, one per blank")
        return raw

    def score(self, item, response, max_score, partial_credit=False):
        accepted = [{normalize_answer(str(a)) for a in options} for options in item["answer"]]
        given = [normalize_answer(x) for x in (response or [""] * len(accepted))]
        if item.get("ordered", True):
            hits = [g in acc for g, acc in zip(given, accepted)]
        else:
            hits = _unordered_hits(given, accepted)
        right = all(hits)
        return Scored(max_score if right else 0.0, max_score, right, detail={"blanks": hits})

    def answer_view(self, item):
        return [[str(a) for a in options] for options in item["answer"]]


def _unordered_hits(given: list[str], accepted: list[set[str]]) -> list[bool]:
    """Each blank may match any still-unused answer slot (blanks answered in any order)."""
    unused = list(accepted)
    hits = []
    for answer in given:
        slot = next((s for s in unused if answer and answer in s), None)
        hits.append(slot is not None)
        if slot is not None:
            unused.remove(slot)
    return hits


class FreeText(QuestionType):
    """名词解释 / 简答 / 论述: a rubric of scoring points, scored by the grader; a trainer may override."""

    keys = frozenset({"score", "reference", "points", "pick"})
    objective = False

    def __init__(self, name: str):
        self.name = name

    def validate(self, item, report, in_case=False):
        total = item.get("score")
        if not is_number(total) or total <= 0:
            report("score must be a positive number")
            total = None
        if not isinstance(item.get("reference"), str) or not item["reference"].strip():
            report("reference (the model answer) is missing")
        points = item.get("points")
        if not isinstance(points, list) or not points:
            report("points (the scoring points) must be a non-empty list")
            return
        scores = []
        for number, point in enumerate(points, 1):
            if not isinstance(point, dict) or not isinstance(point.get("point"), str) or not point["point"].strip():
                report(f"point {number} needs a `point:` text")
                continue
            unknown = set(point) - {"point", "score", "keywords"}
            if unknown:
                report(f"point {number} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
            if not is_number(point.get("score")) or point["score"] <= 0:
                report(f"point {number} needs a positive score")
                continue
            keywords = point.get("keywords")
            if keywords is not None and not (
                isinstance(keywords, list)
                and keywords
                and all(isinstance(g, list) and g and all(isinstance(w, str) and w for w in g) for g in keywords)
            ):
                report(f"point {number}: keywords must be a list of groups, e.g. [[服务功能], [售前, 售后]]")
            scores.append(point["score"])
        pick = item.get("pick")
        if pick is not None and (not isinstance(pick, int) or isinstance(pick, bool) or not 1 <= pick <= len(points)):
            report(f"pick must be a whole number from 1 to {len(points)}")
            pick = None
        counted = sorted(scores, reverse=True)[:pick] if pick else scores
        if total is not None and len(scores) == len(points) and abs(sum(counted) - total) > 1e-9:
            what = f"the {pick} highest point scores" if pick else "the point scores"
            report(f"{what} add up to {sum(counted):g}, but score is {total:g}")

    def parse_response(self, item, raw):
        if not isinstance(raw, str):
            raise InvalidResponse("response must be text")
        if len(raw) > 20000:
            raise InvalidResponse("response is longer than 20,000 characters")
        return raw

    def score(self, item, response, max_score, partial_credit=False):
        result = grade(item, response or "")
        scaled = round(result.score * max_score / result.max_score, 2)
        return Scored(scaled, max_score, scaled >= max_score - 1e-9, result.confident,
                      detail={"points": [asdict(p) for p in result.points]})

    def answer_view(self, item):
        return item["reference"]

    def explanation(self, item):
        points = "\n".join(f"- {p['point']}({p['score']:g} 分)" for p in item["points"])
        pick = f"\n\n(任答 {item['pick']} 点即可)" if item.get("pick") else ""
        return f"{item['reference']}\n\n**得分点**\n\n{points}{pick}"


class Case(QuestionType):
    """案例分析: a scenario and parts, each a question of another type with a local id."""

    name = "case"
    keys = frozenset({"parts"})
    objective = False

    def validate(self, item, report, in_case=False):
        parts = item.get("parts")
        if not isinstance(parts, list) or not parts:
            report("a case needs parts")
            return
        seen = set()
        for part in parts:
            if not isinstance(part, dict):
                report("each part must be a mapping")
                continue
            pid = part.get("id")
            if not isinstance(pid, str) or not re.fullmatch(r"[a-z0-9]+", pid or ""):
                report("each part needs a local id such as a, b, c")
                continue
            if pid in seen:
                report(f"part id {pid} is used twice")
            seen.add(pid)
            kind = QUESTION_TYPES.get(part.get("type"))
            if kind is None or kind is self:
                report(f"part {pid}: type must be one of {', '.join(t for t in QUESTION_TYPES if t != 'case')}")
                continue
            if not is_number(part.get("score")) or part["score"] <= 0:
                report(f"part {pid}: score must be a positive number")
            validate_common(part, lambda message, pid=pid: report(f"part {pid}: {message}"), in_case=True)
            kind.validate(part, lambda message, pid=pid: report(f"part {pid}: {message}"), in_case=True)

    def public_view(self, item):
        return {
            "parts": [
                {"id": part["id"], "type": part["type"], "stem": part["stem"], "max_score": float(part["score"]),
                 **QUESTION_TYPES[part["type"]].public_view(part)}
                for part in item["parts"]
            ]
        }

    def natural_max(self, item):
        return float(sum(part["score"] for part in item["parts"]))

    def parse_response(self, item, raw):
        if not isinstance(raw, dict):
            raise InvalidResponse("response must be an object of part answers, e.g. {\"a\": \"…\"}")
        parts = {part["id"]: part for part in item["parts"]}
        unknown = set(raw) - set(parts)
        if unknown:
            raise InvalidResponse(f"unknown parts: {', '.join(sorted(unknown))}")
        return {
            pid: QUESTION_TYPES[parts[pid]["type"]].parse_response(parts[pid], value)
            for pid, value in raw.items()
            if value not in (None, "", [])
        }

    def score(self, item, response, max_score, partial_credit=False):
        scale = max_score / self.natural_max(item)
        response = response or {}
        parts, total, confident = {}, 0.0, True
        for part in item["parts"]:
            part_max = part["score"] * scale
            given = response.get(part["id"])
            kind = QUESTION_TYPES[part["type"]]
            result = kind.score(part, given, part_max, partial_credit) if given is not None else Scored(0.0, part_max, False)
            total += result.score
            confident = confident and result.confident
            parts[part["id"]] = {"score": result.score, "max_score": part_max, "correct": result.correct,
                                 **result.detail}
        return Scored(round(total, 2), max_score, abs(total - max_score) < 1e-9, confident, detail={"parts": parts})

    def answer_view(self, item):
        return {part["id"]: QUESTION_TYPES[part["type"]].answer_view(part) for part in item["parts"]}

    def explanation(self, item):
        return "\n\n".join(
            f"**({part['id']})** {QUESTION_TYPES[part['type']].explanation(part)}" for part in item["parts"]
        )


QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (SingleChoice(), MultipleChoice(), TrueFalse(), FillBlank(),
              FreeText("definition"), FreeText("short"), FreeText("essay"), Case())
}
COMMON_KEYS = frozenset({"id", "type", "difficulty", "tags", "stem", "source"})


def validate_common(item: dict, report: Report, in_case: bool = False) -> None:
    """Rules every item (and every case part) shares."""
    kind = QUESTION_TYPES.get(item.get("type"))
    if not isinstance(item.get("stem"), str) or not item["stem"].strip():
        report("stem is missing")
    difficulty = item.get("difficulty", 2)
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 5:
        report("difficulty must be a whole number from 1 to 5")
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, (str, int)) for t in tags):
        report("tags must be a list of words")
    if kind is not None:
        allowed = COMMON_KEYS | kind.keys | ({"score"} if in_case else set())
        unknown = sorted(map(str, set(item) - allowed))  # YAML keys may be booleans or numbers (`true:`)
        if unknown:
            report(f"unknown keys for a {kind.name} item: {', '.join(unknown)}")

