"""The web editor's form ⇄ the bank's item format. Plain text fields a trainer can type; the bank's own
validation then says what is wrong and `field_of` puts each message next to its field."""
from __future__ import annotations

import re
from typing import Any

import yaml

from .bank.authoring import dump_yaml
from .bank.loader import parse_yaml, plain

CHOICE, FREE = ("single", "multiple"), ("definition", "short", "essay")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number(text: str, name: str, problems: list[str]) -> float | int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{name} must be a number")
        return None
    return int(value) if value.is_integer() else value


def item_from_form(form) -> tuple[dict[str, Any], list[str]]:
    """The item a filled-in form describes, and what could not even be read (bad numbers, bad YAML)."""
    problems: list[str] = []
    kind = form.get("type", "")
    item: dict[str, Any] = {"id": form.get("id", "").strip(), "type": kind}
    difficulty = _number(form.get("difficulty"), "difficulty", problems)
    if difficulty is not None:
        item["difficulty"] = difficulty
    tags = [t for t in re.split(r"[,，\s]+", form.get("tags", "")) if t]
    if tags:
        item["tags"] = tags
    item["stem"] = form.get("stem", "").strip()
    if kind in CHOICE:
        item["options"] = _lines(form.get("options", ""))
        item["answer"] = re.sub(r"[\s,，、]", "", form.get("answer", "")).upper()
    elif kind == "truefalse":
        item["answer"] = {"true": True, "false": False}.get(form.get("answer", "").strip().lower(), form.get("answer"))
    elif kind == "fill":
        item["answer"] = [[a.strip() for a in line.split("/") if a.strip()] for line in _lines(form.get("answer", ""))]
        if form.get("unordered"):
            item["ordered"] = False
    if kind in FREE:
        item["score"] = _number(form.get("score"), "score", problems)
        item["reference"] = form.get("reference", "").strip()
        item["points"] = _points(form.get("points", ""), problems)
        pick = _number(form.get("pick"), "pick", problems)
        if pick is not None:
            item["pick"] = pick
    elif kind == "case":
        try:
            parts = parse_yaml(form.get("parts", "") or "[]")
            item["parts"] = plain(parts)
        except yaml.YAMLError as exc:
            problems.append(f"parts: YAML error: {getattr(exc, 'problem', exc)}")
    else:
        item["explanation"] = form.get("explanation", "").strip()
    doc, anchor = form.get("source_doc", "").strip(), form.get("source_anchor", "").strip()
    if doc or anchor:
        item["source"] = {"doc": doc, "anchor": anchor}
    return item, problems


def _points(text: str, problems: list[str]) -> list[dict[str, Any]]:
    """One point a line: `text | score | keywords`, keywords as groups split by ';', synonyms by '/'."""
    points = []
    for number, line in enumerate(_lines(text), 1):
        cells = [c.strip() for c in line.split("|")]
        point: dict[str, Any] = {"point": cells[0]}
        point["score"] = _number(cells[1] if len(cells) > 1 else "", f"point {number} score", problems)
        if len(cells) > 2 and cells[2]:
            point["keywords"] = [[w.strip() for w in group.split("/") if w.strip()]
                                 for group in re.split(r"[;；]", cells[2]) if group.strip()]
        points.append(point)
    return points


def form_from_item(item: dict[str, Any]) -> dict[str, str]:
    kind = item["type"]
    values = {"id": item["id"], "type": kind, "difficulty": str(item.get("difficulty", "")),
              "tags": ", ".join(map(str, item.get("tags", []))), "stem": item.get("stem", ""),
              "explanation": item.get("explanation", ""), "source_doc": item.get("source", {}).get("doc", ""),
              "source_anchor": item.get("source", {}).get("anchor", "")}
    if kind in CHOICE:
        values["options"] = "\n".join(map(str, item["options"]))
        values["answer"] = item["answer"]
    elif kind == "truefalse":
        values["answer"] = "true" if item["answer"] else "false"
    elif kind == "fill":
        values["answer"] = "\n".join("/".join(map(str, accepted)) for accepted in item["answer"])
        values["unordered"] = "on" if item.get("ordered", True) is False else ""
    if kind in FREE:
        values.update(score=f"{item['score']:g}", reference=item["reference"], pick=str(item.get("pick", "")),
                      points="\n".join(_point_line(p) for p in item["points"]))
    if kind == "case":
        values["parts"] = dump_yaml(item["parts"])
    return values


def _point_line(point: dict[str, Any]) -> str:
    keywords = ";".join("/".join(group) for group in point.get("keywords", []))
    return f"{point['point']} | {point['score']:g}" + (f" | {keywords}" if keywords else "")


_FIELD_WORDS = (("part", "parts"), ("option", "options"), ("blank", "stem"), ("answer", "answer"),
                ("explanation", "explanation"), ("reference", "reference"), ("point", "points"),
                ("pick", "pick"), ("score", "score"), ("difficulty", "difficulty"), ("tag", "tags"),
                ("source", "source_anchor"), ("stem", "stem"), ("id", "id"), ("type", "type"))


def field_of(message: str) -> str:
    """The form field a validation message is about (messages name their subject first)."""
    lowered = message.lower()
    for word, field in _FIELD_WORDS:
        if re.search(rf"\b{word}", lowered):
            return field
    return "stem"
