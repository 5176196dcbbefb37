"""Reading a learner's answer out of a submitted page form, into the same shapes the API takes."""
from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict


def field_name(question_id: str, part: str | None = None, blank: int | None = None) -> str:
    """Form field names: r:<question>[/<part>][:<blank>] (':' and '/' never occur in ids)."""
    name = f"r:{question_id}" + (f"/{part}" if part else "")
    return name + (f":{blank}" if blank is not None else "")


def response_from_form(question: dict, form: MultiDict, question_id: str, part: str | None = None) -> Any:
    """None when the learner left the item blank."""
    kind = question["type"]
    name = field_name(question_id, part)
    if kind == "case":
        answers = {p["id"]: response_from_form(p, form, question_id, p["id"]) for p in question["parts"]}
        answers = {k: v for k, v in answers.items() if v is not None}
        return answers or None
    if kind == "multiple":
        letters = "".join(sorted(form.getlist(name)))
        return letters or None
    if kind == "fill":
        blanks = [form.get(field_name(question_id, part, n), "") for n in range(1, len(question["answer"]) + 1)]
        return blanks if any(b.strip() for b in blanks) else None
    value = form.get(name, "")
    if kind == "truefalse":
        return {"true": True, "false": False}.get(value)
    return value if value.strip() else None
