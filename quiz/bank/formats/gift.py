"""Moodle GIFT: read the plain-text question files trainers already keep for Moodle, and write bank items back
out so a course on Moodle can use them.

GIFT is line-based: questions are separated by blank lines, lines starting with `//` are comments,
`$CATEGORY: a/b` switches category, `::title::` names a question and one `{…}` block holds its answers.
Only what the bank can hold is imported; matching, numerical and several answer blocks in one question
are reported as problems. The Moodle XML exporter shares the helpers at the end of this module."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..types import BLANK, LETTERS, QUESTION_TYPES, validate_common
from . import FormatProblem

NO_EXPLANATION = "（无解析）"
NO_REFERENCE = "（无参考答案）"
ESSAY_SCORE = 5
GAP = "（ ）"  # where a choice's answer block sat inside the sentence (Moodle's "missing word" layout)
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
TRUE_FALSE_LABELS = {True: "正确", False: "错误"}  # as the bank shows a true/false item's two options

# Escaped characters are set aside as private-use characters while the structure is parsed, so `\{` or `\#`
# never counts as syntax; they become the plain characters again in the text that is kept.
_SPECIAL = "~=#{}:\\"
_HIDDEN = {char: chr(0xE000 + n) for n, char in enumerate(_SPECIAL)}
_SHOWN = str.maketrans({hidden: char for char, hidden in _HIDDEN.items()})
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_FORMAT_MARKER = re.compile(r"^\s*\[(?:markdown|html|plain|moodle)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_CATEGORY_SEPARATOR = re.compile(r"(?<!/)/(?!/)")  # Moodle writes a "/" inside a category name as "//"


class GiftError(ValueError):
    """A question that cannot become a bank item; each argument is one problem to report."""


@dataclass(frozen=True)
class _Block:
    line: int  # where the question starts, for the item and its problems
    text: str  # its lines, comments and $CATEGORY lines left out
    category: str | None


@dataclass(frozen=True)
class _Answer:
    right: bool  # marked with "=" rather than "~"
    weight: float | None  # the %weight% written after the marker, if any
    text: str
    feedback: str


def parse_gift(text: str) -> tuple[list[tuple[int, dict]], list[FormatProblem]]:
    """Every question that fits the bank becomes an item (with the line it starts on); every other one becomes
    a problem on that line. A malformed file never raises."""
    items: list[tuple[int, dict]] = []
    problems: list[FormatProblem] = []
    for block in _blocks(text.lstrip("\ufeff")):
        try:
            item = _parse_block(block)
        except GiftError as error:
            problems.extend(FormatProblem(block.line, message) for message in error.args)
            continue
        found: list[str] = []
        validate_common(item, found.append)
        QUESTION_TYPES[item["type"]].validate(item, found.append)
        problems.extend(FormatProblem(block.line, message) for message in found)
        if not found:
            items.append((block.line, item))
    return items, problems


def _blocks(text: str) -> Iterator[_Block]:
    """Questions are runs of non-blank lines; a `$CATEGORY:` line applies to the questions after it."""
    category: str | None = None
    lines: list[str] = []
    start, start_category = 0, category
    for number, raw in enumerate([*text.splitlines(), ""], 1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if stripped.startswith("$CATEGORY:"):
            category = _category_name(stripped.removeprefix("$CATEGORY:"))
        elif stripped:
            if not lines:
                start, start_category = number, category
            lines.append(raw.rstrip())
        elif lines:
            yield _Block(start, "\n".join(lines), start_category)
            lines = []


def _category_name(path: str) -> str | None:
    """The last segment names the category; Moodle's own `$course$`, `top`… are no use as a tag."""
    name = _CATEGORY_SEPARATOR.split(path.strip())[-1].replace("//", "/").strip()
    return None if not name or name == "top" or name.startswith("$") else name


def _parse_block(block: _Block) -> dict:
    text = _ESCAPE.sub(_hide_escape, block.text.strip())
    title, text = _title(text)
    before, inside, after = _answer_block(text)
    body, general = inside.rsplit("####", 1) if "####" in inside else (inside, "")  # the last one, as Moodle
    item = _build(before, body.strip(), after, _text(general))
    tags = [tag for tag in (block.category, title) if tag]
    if tags:
        item["tags"] = list(dict.fromkeys(tags))
    return item


def _hide_escape(match: re.Match[str]) -> str:
    char = match.group(1)
    if char == "n":
        return "\n"
    return _HIDDEN.get(char, match.group(0))  # an unknown escape (Markdown's `\*`) stays as written


def _text(raw: str) -> str:
    """Text as the bank keeps it: format marker gone, escaped characters plain again, ends trimmed."""
    return _FORMAT_MARKER.sub("", raw, count=1).translate(_SHOWN).strip()


def _title(text: str) -> tuple[str | None, str]:
    if not text.startswith("::"):
        return None, text
    title, closed, rest = text[2:].partition("::")
    if not closed:
        raise GiftError("the title ::… is never closed with ::")
    return _text(title) or None, rest


def _answer_block(text: str) -> tuple[str, str, str]:
    """(text before, inside, text after) the one `{…}` block."""
    opens, closes = text.count("{"), text.count("}")
    if opens == 0 and closes == 0:
        raise GiftError("no answer block {…}: a description without answers is not a question")
    if opens > 1:
        raise GiftError(f"{opens} answer blocks {{…}}: missing-word questions with several blanks are not supported")
    start, end = text.find("{"), text.find("}")
    if opens != 1 or closes != 1 or end < start:
        raise GiftError("unbalanced braces: write \\{ and \\} for literal braces")
    return text[:start], text[start + 1:end], text[end + 1:]


def _build(before: str, body: str, after: str, general: str) -> dict:
    """Moodle's own order of tests decides the kind of question an answer block means."""
    if not body:
        return _essay(_stem(before, after), general)
    if body.startswith("#"):
        raise GiftError("numerical questions {#…} are not supported")
    if body.split("#", 1)[0].strip().upper() in TRUE_FALSE:
        return _true_false(_stem(before, after), body, general)
    if "~" in body:
        return _choice(_stem(before, after), _answers(body), general)
    if "->" in body:
        raise GiftError("matching questions {=a -> b …} are not supported")
    if body.startswith("="):
        return _fill(before, after, _answers(body), general)
    raise GiftError("answers must start with = (right) or ~ (wrong)")


def _stem(before: str, after: str) -> str:
    return _text(f"{before}{GAP}{after}" if after.strip() else before)


def _answers(body: str) -> list[_Answer]:
    head, *parts = re.split(r"([=~])", body)
    if head.strip():
        raise GiftError(f"text before the first answer: {_text(head)!r} (answers start with = or ~)")
    answers = []
    for marker, chunk in zip(parts[::2], parts[1::2]):
        weight = None
        chunk = chunk.lstrip()
        if chunk.startswith("%"):
            match = _WEIGHT.match(chunk)
            if not match:
                raise GiftError(f"malformed weight in {marker}{_text(chunk)!r}: write it like ~%50%")
            weight, chunk = float(match.group(1)), chunk[match.end():]
        text, _, feedback = chunk.partition("#")
        answers.append(_Answer(marker == "=", weight, _text(text), _text(feedback)))
    return answers


def _explanation(general: str, feedback: list[tuple[str, str]]) -> str:
    """General feedback first, then each answer's own feedback under its label."""
    parts = [general] if general else []
    parts += [f"{label}: {text}" for label, text in feedback if text]
    return "\n\n".join(parts) or NO_EXPLANATION


def _true_false(stem: str, body: str, general: str) -> dict:
    word, *feedback = [part.strip() for part in body.split("#")]
    if len(feedback) > 2:
        raise GiftError("a true/false answer takes at most two feedbacks: {T#if wrong#if right}")
    answer = TRUE_FALSE[word.upper()]
    # The first feedback is shown to whoever chose wrongly, i.e. chose the opposite of the answer.
    labels = [TRUE_FALSE_LABELS[not answer], TRUE_FALSE_LABELS[answer]]
    labelled = list(zip(labels, (_text(f) for f in feedback)))
    return {"type": "truefalse", "stem": stem, "answer": answer, "explanation": _explanation(general, labelled)}


def _choice(stem: str, answers: list[_Answer], general: str) -> dict:
    """An `=` answer makes a single choice (as in Moodle); weights alone make a multiple choice."""
    if not 2 <= len(answers) <= len(LETTERS):
        raise GiftError(f"a choice needs 2 to {len(LETTERS)} answers, this one has {len(answers)}")
    single = any(a.right for a in answers)
    right = _single_right(answers) if single else _multiple_right(answers)
    return {
        "type": "single" if single else "multiple",
        "stem": stem,
        "options": [a.text for a in answers],
        "answer": "".join(LETTERS[n] for n in right),
        "explanation": _explanation(general, [(LETTERS[n], a.feedback) for n, a in enumerate(answers)]),
    }


def _single_right(answers: list[_Answer]) -> list[int]:
    right = [n for n, a in enumerate(answers) if a.right]
    problems = []
    if len(right) > 1:
        problems.append(f"{len(right)} answers marked =: a single choice has one (use ~%weights% for several)")
    if any(answers[n].weight not in (None, 100) for n in right):
        problems.append("an = answer carries a weight other than 100%")
    if any(not a.right and (a.weight or 0) > 0 for a in answers):
        problems.append("partial credit (~%weight% > 0) beside an = answer is not supported")
    if problems:
        raise GiftError(*problems)
    return right


def _multiple_right(answers: list[_Answer]) -> list[int]:
    """Right answers carry positive weights adding up to 100% (Moodle rounds the sum to 0.01%)."""
    right = [n for n, a in enumerate(answers) if (a.weight or 0) > 0]
    if not right:
        raise GiftError("no right answer: mark it with = or give right answers positive ~%weights%")
    problems = []
    total = sum(answers[n].weight or 0 for n in right)
    if round(total, 2) != 100:
        problems.append(f"the positive weights add up to {total:g}%, not 100%")
    if len(right) == 1:
        problems.append("only one right answer: mark it with = to make a single choice")
    if problems:
        raise GiftError(*problems)
    return right


def _fill(before: str, after: str, answers: list[_Answer], general: str) -> dict:
    """A short answer is a fill-in whose blank sits where the braces were (at the end when nothing follows)."""
    if any(a.weight not in (None, 100) for a in answers):
        raise GiftError("partial-credit answers (=%50%…) are not supported in a short answer")
    if any(not a.text for a in answers):
        raise GiftError("an empty accepted answer")
    stem = _text(f"{before}{{{{1}}}}{after}" if after.strip() else f"{before.rstrip()} {{{{1}}}}")
    return {
        "type": "fill",
        "stem": stem,
        "answer": [[a.text for a in answers]],
        "explanation": _explanation(general, [(a.text, a.feedback) for a in answers]),
    }


def _essay(stem: str, general: str) -> dict:
    """GIFT has no rubric: the general feedback (if any) is the model answer and the one scoring point."""
    reference = general or NO_REFERENCE
    return {
        "type": "short",
        "stem": stem,
        "score": ESSAY_SCORE,
        "reference": reference,
        "points": [{"point": reference, "score": ESSAY_SCORE}],
    }


def to_gift(items: list[dict], category: str) -> str:
    """A GIFT file for Moodle's question import, all questions in `category` (a path such as `Kaodian/rater`
    under the course's top category), each titled with its id."""
    blocks = [f"$CATEGORY: $course$/top/{category}"]
    blocks += [_gift_question(name, item) for name, item in moodle_questions(items)]
    return "\n\n".join(blocks) + "\n"


def _escape(text: object) -> str:
    """Every GIFT special character escaped, and newlines written as \\n: a blank line would end the question."""
    escaped = str(text).replace("\\", "\\\\").replace("\r", "")
    for char in "~=#{}:":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", "\\n")


def _feedback(text: str) -> str:
    return f"####{_escape(text.strip())}" if text.strip() else ""


def _gift_question(name: str, item: dict) -> str:
    head = f"::{_escape(name)}::[markdown]"
    kind, stem = item["type"], item["stem"].strip()
    if kind == "description":
        return head + _escape(stem)
    if kind in ("single", "multiple"):
        lines = [
            f"\t{_gift_marker(kind, weight)}{_escape(str(option).strip())}"
            for option, weight in zip(item["options"], choice_weights(item))
        ]
        feedback = [f"\t{_feedback(item['explanation'])}"] if item["explanation"].strip() else []
        return head + _escape(stem) + "{\n" + "\n".join(lines + feedback) + "\n}"
    if kind == "truefalse":
        word = "TRUE" if item["answer"] else "FALSE"
        return f"{head}{_escape(stem)}{{{word}{_feedback(item['explanation'])}}}"
    if kind == "fill" and len(item["answer"]) == 1:
        before, after = stem.split("{{1}}")
        accepted = " ".join(f"={_escape(str(a).strip())}" for a in item["answer"][0])
        return f"{head}{_escape(before)}{{{accepted}{_feedback(item['explanation'])}}}{_escape(after)}"
    if kind == "fill":  # several blanks: GIFT has no cloze, so a trainer grades it as an essay against the key
        return f"{head}{_escape(numbered_blanks(stem))}{{{_feedback(fill_key(item))}}}"
    return f"{head}{_escape(stem)}{{{_feedback(item['reference'])}}}"


def _gift_marker(kind: str, weight: float) -> str:
    if kind == "single":
        return "=" if weight == 100 else "~"
    return f"~%{percent(weight)}%"


# Shared with the Moodle XML exporter.

def moodle_questions(items: list[dict]) -> Iterator[tuple[str, dict]]:
    """(name, question) pairs. Moodle has no compound question, so a case becomes a description (its scenario)
    followed by its parts, named `<case id>-<part id>`."""
    for item in items:
        if item["type"] != "case":
            yield item["id"], item
            continue
        yield item["id"], {"type": "description", "stem": item["stem"]}
        for part in item["parts"]:
            yield f"{item['id']}-{part['id']}", part


def choice_weights(item: dict) -> list[float]:
    """Percent of the mark each option earns. Multiple: the right ones share 100 and any wrong pick costs all
    (-100, Moodle stops at 0), so Moodle gives part marks only for a correct subset, as the bank's partial-credit
    mode does."""
    letters = LETTERS[: len(item["options"])]
    if item["type"] == "single":
        return [100.0 if letter == item["answer"] else 0.0 for letter in letters]
    share = 100 / len(item["answer"])
    return [share if letter in item["answer"] else -100.0 for letter in letters]


def percent(value: float) -> str:
    """Moodle accepts only its own list of grades; 100/3 must be written 33.33333, 100/7 14.28571."""
    return f"{round(value, 5):.10g}"


def numbered_blanks(stem: str) -> str:
    """A fill-in stem for a reader who cannot type into the blanks: each one shown as a numbered line."""
    return BLANK.sub(lambda match: f"＿＿({match.group(1)})＿＿", stem)


def fill_key(item: dict) -> str:
    """The accepted answers of every blank, then the explanation: what a grader needs for a fill-in."""
    key = "；".join(
        f"({n}) {' / '.join(str(a) for a in accepted)}" for n, accepted in enumerate(item["answer"], 1)
    )
    return f"答案:{key}\n\n{item['explanation'].strip()}"
