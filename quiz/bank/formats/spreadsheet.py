"""Import of the spreadsheet layout Chinese question-bank tools use (考试宝's template), from .xlsx or .csv.

A trainer's existing sheet should import as it is: columns are found by their header text in row 1, in any
order, and cells are read the way those tools write them (多选 "A、C、D", 判断 对/错, 填空 blanks as （ ）).
Every row is checked in full, so one upload tells the trainer everything to fix."""
from __future__ import annotations

import csv
import io
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..types import LETTERS
from . import FormatProblem

Parsed = tuple[list[tuple[int, dict]], list[FormatProblem]]
Report = Callable[[str], None]
Cells = dict[str, str]  # column key ("stem", "optionA"…) → the row's text in that column, "" when absent

COLUMNS = {
    "题干": "stem", "题型": "type", **{f"选项{letter}": f"option{letter}" for letter in LETTERS},
    "正确答案": "answer", "解析": "explanation", "章节": "chapter", "难度": "difficulty", "分值": "score",
}
REQUIRED = ("题干", "题型")
TYPES = {
    "单选题": "single", "单选": "single", "多选题": "multiple", "多选": "multiple",
    "判断题": "truefalse", "判断": "truefalse", "填空题": "fill", "填空": "fill", "名词解释": "definition",
    "简答题": "short", "简答": "short", "论述题": "essay", "论述": "essay",
}
LABELS = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题", "fill": "填空题",
          "definition": "名词解释", "short": "简答题", "essay": "论述题"}
DEFAULT_SCORES = {"definition": 3, "short": 5, "essay": 10}
DIFFICULTY_WORDS = {"简单": 1, "一般": 3, "困难": 5}
TRUE_WORDS = frozenset({"正确", "对", "√", "✓", "t", "true"})
FALSE_WORDS = frozenset({"错误", "错", "×", "✗", "f", "false"})
NO_EXPLANATION = "（无解析）"

_HEADER_NOTE = re.compile(r"\(.*\)$")  # "题干（必填）": the template's hints after a column name
_BLANK_MARK = re.compile(r"\{\{\s*\d+\s*\}\}|[(（]\s*[)）]|[_＿]{2,}")
_ANSWER_SEPARATORS = re.compile(r"[\s,、;/|]+")
_BLANK_SEPARATORS = re.compile(r"[|｜;；]")
_ALTERNATIVE_SEPARATORS = re.compile(r"[/／]")
_SCORE = re.compile(r"(\d+(?:\.\d+)?)分?")
# Numbered parts of a reference answer: "(1)…(2)…" first, else "1.…2.…" / "1、…2、…" (not "2.5").
_NUMBERINGS = (re.compile(r"[(（]\s*(\d{1,2})\s*[)）]"), re.compile(r"(?<![\d.．])(\d{1,2})\s*[.．、](?!\d)"))


def parse_xlsx(data: bytes) -> Parsed:
    """The first worksheet of an .xlsx workbook (cached values of formulas, as the trainer sees them)."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - a damaged upload raises any of openpyxl's, zipfile's, zlib's or XML's errors
        return [], [FormatProblem(1, "not a readable .xlsx file (save it as .xlsx from Excel or WPS)")]
    return parse_rows(rows)


def parse_csv(data: bytes) -> Parsed:
    """A .csv as Excel saves it: UTF-8 (with or without BOM), or GB18030 from a Chinese-locale Excel."""
    text = _decode(data)
    if text is None:
        return [], [FormatProblem(1, "file is neither UTF-8 nor GB18030 text")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        return [], [FormatProblem(max(reader.line_num, 1), f"not a readable CSV file ({error})")]
    return parse_rows(rows)


def _decode(data: bytes) -> str | None:
    """utf-8-sig reads UTF-8 with or without a BOM; a Chinese Windows Excel saves "CSV" in its code page, GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_rows(rows: Iterable[Sequence[object]]) -> Parsed:
    """Rows of a sheet, the header first; each item is paired with its row number (header = row 1)."""
    rows = iter(rows)
    columns, missing = _columns(next(rows, ()))
    if missing:
        return [], [FormatProblem(1, f"missing required column(s): {', '.join(missing)}")]
    items: list[tuple[int, dict]] = []
    problems: list[FormatProblem] = []
    for number, row in enumerate(rows, start=2):
        cells = _cells(row, columns)
        if not any(cells.values()):
            continue
        found: list[str] = []
        item = _item(cells, found.append)
        problems += [FormatProblem(number, message) for message in found]
        if item is not None and not found:
            items.append((number, item))
    return items, problems


def _columns(header: Sequence[object]) -> tuple[dict[str, int], list[str]]:
    """Column key → index for every known header (the first, if one is repeated); the required ones missing."""
    known = {_header_key(name): key for name, key in COLUMNS.items()}
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = known.get(_header_key(_text(value)))
        if key is not None:
            columns.setdefault(key, index)
    return columns, [name for name in REQUIRED if COLUMNS[name] not in columns]


def _cells(row: Sequence[object], columns: dict[str, int]) -> Cells:
    """The row's text in every known column: "" where the sheet has no such column or the row stops short."""
    return {key: _text(row[index]) if (index := columns.get(key, len(row))) < len(row) else ""
            for key in COLUMNS.values()}


def _header_key(text: str) -> str:
    """"选项 a", "题干（必填）" and "选项Ａ" name the same columns as "选项A" and "题干"."""
    return _HEADER_NOTE.sub("", re.sub(r"\s+", "", _fold(text))).upper()


def _fold(text: str) -> str:
    """Full-width letters, digits and punctuation as half-width, so "ＡＣ" and "AC" read alike."""
    return unicodedata.normalize("NFKC", text).strip()


def _text(value: object) -> str:
    """A cell as text: Excel stores 3 as 3.0 and a 判断 typed TRUE as a boolean."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _item(cells: Cells, report: Report) -> dict | None:
    """One row as a bank item, or None when a problem was reported."""
    if not cells["stem"]:
        report("题干 is empty")
    kind = _kind(cells["type"], report)
    difficulty = _difficulty(cells["difficulty"], report)
    if kind is None:
        return None
    body = BODIES[kind](cells, kind, report)
    if body is None or not cells["stem"]:
        return None
    item: dict = {"type": kind}
    if difficulty is not None:
        item["difficulty"] = difficulty
    if cells["chapter"]:
        item["tags"] = [cells["chapter"]]
    return {**item, "stem": cells["stem"], **body}


def _kind(raw: str, report: Report) -> str | None:
    kind = TYPES.get(re.sub(r"\s+", "", _fold(raw)))
    if kind is None:
        names = ", ".join(LABELS.values())
        report(f"题型 is empty (use one of {names})" if not raw else f"unknown 题型 '{raw}' (use one of {names})")
    return kind


def _difficulty(raw: str, report: Report) -> int | None:
    if not raw:
        return None
    text = _fold(raw)
    if text in DIFFICULTY_WORDS:
        return DIFFICULTY_WORDS[text]
    if text in {"1", "2", "3", "4", "5"}:
        return int(text)
    report(f"难度 '{raw}' must be 1–5 or 简单/一般/困难")
    return None


def _explanation(cells: Cells) -> str:
    return cells["explanation"] or NO_EXPLANATION


# ----------------------------------------------------------------------------- objective types


def _choice(cells: Cells, kind: str, report: Report) -> dict | None:
    options = _options(cells, kind, report)
    answer = _letters(cells["answer"], kind, len(options) if options else None, report)
    if options is None or answer is None:
        return None
    return {"options": options, "answer": answer, "explanation": _explanation(cells)}


def _options(cells: Cells, kind: str, report: Report) -> list[str] | None:
    """选项A… up to the last one filled: a gap would shift every later letter, so it is a problem."""
    texts = [cells[f"option{letter}"] for letter in LETTERS]
    filled = [index for index, text in enumerate(texts) if text]
    options = texts[: filled[-1] + 1] if filled else []
    gaps = [f"选项{LETTERS[index]}" for index, text in enumerate(options) if not text]
    if gaps:
        report(f"{', '.join(gaps)} empty but a later option is filled")
    if len(options) < 2:
        report(f"a {LABELS[kind]} needs at least two options (选项A, 选项B…)")
    return None if gaps or len(options) < 2 else options


def _letters(raw: str, kind: str, option_count: int | None, report: Report) -> str | None:
    """"ACD", "a,c,d", "A、C、D", "DCA" → "ACD"."""
    if not raw:
        report("正确答案 is empty")
        return None
    letters = _ANSWER_SEPARATORS.sub("", _fold(raw).upper())
    if not re.fullmatch(r"[A-Z]+", letters):
        report(f"正确答案 '{raw}' is not option letters")
        return None
    answer = "".join(sorted(set(letters)))
    found = []
    if option_count is not None and any(letter not in LETTERS[:option_count] for letter in answer):
        found.append(f"正确答案 '{raw}' names a missing option (options A–{LETTERS[option_count - 1]})")
    if kind == "single" and len(answer) != 1:
        found.append(f"a 单选题 answer is one letter, not '{raw}'")
    if kind == "multiple" and len(answer) < 2:
        found.append(f"a 多选题 answer names at least two letters, not '{raw}'")
    for message in found:
        report(message)
    return None if found else answer


def _truefalse(cells: Cells, kind: str, report: Report) -> dict | None:
    raw = cells["answer"]
    word = _fold(raw).lower()
    if len(word) == 1 and word.upper() in LETTERS:
        # Some tools store 判断 as a choice: 选项A 正确, 选项B 错误, 正确答案 A.
        word = _fold(cells[f"option{word.upper()}"]).lower() or word
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return {"answer": word in TRUE_WORDS, "explanation": _explanation(cells)}
    if not raw:
        report("正确答案 is empty")
    else:
        report(f"判断题 answer '{raw}' must be 正确 or 错误 (or 对/错, √/×, T/F, true/false)")
    return None


def _fill(cells: Cells, kind: str, report: Report) -> dict | None:
    """Blanks written （ ）, ( ), ____ or {{n}} become {{1}}, {{2}}… in order; 正确答案 "人口|购买力/消费能力|欲望"."""
    counter = itertools.count(1)
    stem = _BLANK_MARK.sub(lambda _: f"{{{{{next(counter)}}}}}", cells["stem"])
    blanks = next(counter) - 1
    if not blanks:
        report("a 填空题 stem has no blanks (write them as （ ）, ____ or {{1}})")
    raw = cells["answer"].strip(" |｜;；")
    if not raw:
        report("正确答案 is empty")
        return None
    answer = [[a.strip() for a in _ALTERNATIVE_SEPARATORS.split(blank) if a.strip()]
              for blank in _BLANK_SEPARATORS.split(raw)]
    empty = [str(number) for number, accepted in enumerate(answer, 1) if not accepted]
    if empty:
        report(f"正确答案 gives nothing for blank {', '.join(empty)}")
    if blanks and len(answer) != blanks:
        report(f"the stem has {blanks} blanks but 正确答案 gives {len(answer)}")
    if not blanks or empty or len(answer) != blanks:
        return None
    return {"stem": stem, "answer": answer, "explanation": _explanation(cells)}


# ----------------------------------------------------------------------------- free text


def _free_text(cells: Cells, kind: str, report: Report) -> dict | None:
    """名词解释/简答/论述: 正确答案 is the reference; its numbered parts, if any, are the scoring points."""
    score = _score(cells["score"], kind, report)
    reference = cells["answer"]
    if not reference:
        report("正确答案 (the reference answer) is empty")
    if score is None or not reference:
        return None
    # The bank's free-text items have no explanation: a 解析 is kept as part of the model answer shown.
    shown = f"{reference}\n\n{cells['explanation']}" if cells["explanation"] else reference
    return {"score": score, "reference": shown, "points": _points(reference, score)}


def _score(raw: str, kind: str, report: Report) -> int | float | None:
    if not raw:
        return DEFAULT_SCORES[kind]
    match = _SCORE.fullmatch(_fold(raw))
    if match is None or float(match.group(1)) <= 0:
        report(f"分值 '{raw}' must be a positive number")
        return None
    return _tidy(float(match.group(1)))


def _points(reference: str, score: float) -> list[dict]:
    """One point per numbered part, the score split evenly (the last part takes the remainder so they add up);
    one point, the whole reference, when it is not numbered."""
    parts = _numbered_parts(reference)
    if len(parts) < 2 or score * 100 < len(parts):
        return [{"point": reference, "score": score}]
    share = math.floor(score * 100 / len(parts)) / 100
    last = round(score - share * (len(parts) - 1), 2)
    scores = [_tidy(share)] * (len(parts) - 1) + [_tidy(last)]
    return [{"point": part, "score": part_score} for part, part_score in zip(parts, scores)]


def _numbered_parts(text: str) -> list[str]:
    """The parts after markers numbered 1, 2, 3… in order (other numbers in the text are not markers)."""
    for numbering in _NUMBERINGS:
        markers: list[re.Match[str]] = []
        for match in numbering.finditer(text):
            if int(match.group(1)) == len(markers) + 1:
                markers.append(match)
        ends = [marker.start() for marker in markers[1:]] + [len(text)]
        parts = [text[marker.end(): end].strip().rstrip("；;，,、。").strip() for marker, end in zip(markers, ends)]
        if len(parts) >= 2 and all(parts):
            return parts
    return []


def _tidy(number: float) -> int | float:
    """5.0 → 5: whole scores stay whole numbers, as trainers write them."""
    return int(number) if float(number).is_integer() else number


BODIES: dict[str, Callable[[Cells, str, Report], dict | None]] = {
    "single": _choice, "multiple": _choice, "truefalse": _truefalse, "fill": _fill,
    "definition": _free_text, "short": _free_text, "essay": _free_text,
}


# ----------------------------------------------------------------------------- the template


def template_rows() -> list[list[str]]:
    """The header and one example row per type, from the course, to download and fill in."""
    header = list(COLUMNS)
    examples = [
        _example(header, "RATER 指数中的 E（empathy）代表什么？", "单选题",
                 options=["信赖度", "专业度", "有形度", "同理度", "反应度"], answer="D",
                 explanation="RATER：reliability（信赖度）、assurance（专业度）、tangibles（有形度）、"
                             "empathy（同理度）、responsiveness（反应度）。",
                 chapter="客户服务理念", difficulty="1"),
        _example(header, "下列属于 RATER 指数维度的有：", "多选题",
                 options=["满意度", "反应度", "同理度", "有形度"], answer="BCD",
                 explanation="满意度取决于 RATER 指数的高低，本身不是它的维度。", chapter="客户服务理念", difficulty="一般"),
        _example(header, "客户对于企业的满意程度直接取决于 RATER 指数的高低。", "判断题", answer="正确",
                 explanation="原文：“客户对于企业的满意程度直接取决于RATER指数的高低。”", chapter="客户服务理念"),
        _example(header, "市场营销的三大要素：（ ）+（ ）+（ ）。", "填空题", answer="人口|购买力/购买能力|欲望",
                 explanation="人口+购买力+欲望；不要与市场调查的两大目的（欲望与消费能力）混淆。", chapter="市场营销基础",
                 difficulty="2"),
        _example(header, "名词解释：客户", "名词解释", answer="客户：企业经营过程中产生关系的个人或组织统称为客户。",
                 chapter="客户关系管理"),
        _example(header, "简述 RATER 指数的五个维度。", "简答题",
                 answer="(1) 信赖度（reliability）；(2) 专业度（assurance）；(3) 有形度（tangibles）；"
                        "(4) 同理度（empathy）；(5) 反应度（responsiveness）。",
                 chapter="客户服务理念", score="5"),
        _example(header, "论述按客户与企业的关系划分的各类客户如何相互转化。", "论述题",
                 answer="1. 潜在客户和目标客户一旦购买，就变成初次购买客户；2. 若经常购买，则成为重复购买客户，再发展为忠诚客户；"
                        "3. 真实客户如果受到诱惑或不满企业，就可能流失，成为流失客户；"
                        "4. 对流失客户，企业若成功挽回，客户继续成为重复购买客户或忠诚客户，若未能挽回，则变成非客户。",
                 chapter="客户类型", difficulty="困难"),
    ]
    return [header, *examples]


def _example(header: list[str], stem: str, kind: str, options: Sequence[str] = (), **cells: str) -> list[str]:
    names = {"answer": "正确答案", "explanation": "解析", "chapter": "章节", "difficulty": "难度", "score": "分值"}
    values = {"题干": stem, "题型": kind, **{f"选项{LETTERS[i]}": option for i, option in enumerate(options)},
              **{names[key]: value for key, value in cells.items()}}
    return [values.get(name, "") for name in header]


def template_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "题库"
    for row in template_rows():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for name in ("题干", "正确答案", "解析"):
        sheet.column_dimensions[get_column_letter(list(COLUMNS).index(name) + 1)].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> str:
    """With a BOM: without one, Excel opens a UTF-8 CSV as the local code page and garbles the Chinese."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(template_rows())
    return "\ufeff" + buffer.getvalue()
