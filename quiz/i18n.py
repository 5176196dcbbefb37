"""Translation helpers shared by the domain modules."""
from flask_babel import lazy_gettext as _l


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown (pages), not where it is raised."""
    return message


def type_labels() -> dict:
    """Question-type names as the learner reads them (lazy: translated at render time)."""
    return {
        "single": _l("Single choice"), "multiple": _l("Multiple choice"), "truefalse": _l("True or false"),
        "fill": _l("Fill in the blanks"), "definition": _l("Definition"), "short": _l("Short answer"),
        "essay": _l("Essay"), "case": _l("Case analysis"),
    }


def source_labels() -> dict:
    return {"topics": _l("Practice"), "review": _l("Review"), "mistakes": _l("Mistakes"),
            "starred": _l("Starred"), "weak": _l("Weak-topic drill")}


def session_title(session) -> str:
    """An exam keeps its paper's title; a practice set is named after where its items came from."""
    if session.mode == "exam":
        return session.title
    label = str(source_labels().get(session.source, _l("Practice")))
    study = _l("Study mode")
    return f"{label} · {study}" if session.study else label
