"""Simplified Chinese by default, English by a remembered switch; every wrapped string translated."""
import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import PROJECT

CATALOG = PROJECT / "quiz" / "translations" / "zh" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}


def test_chinese_by_default_english_when_switched(client):
    assert "登录" in client.get("/login").get_data(as_text=True)
    response = client.get("/lang/en?next=/login")
    assert response.headers["Location"] == "/login" and "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in" in page and "登录" not in page and '<html lang="en">' in page
    client.get("/lang/zh")
    assert "登录" in client.get("/login").get_data(as_text=True)
    assert client.get("/lang/xx?next=https://evil.example").headers["Location"] == "/dashboard"


def test_every_wrapped_string_has_a_chinese_translation_and_mo_is_current():
    with open(CATALOG / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale="zh")
    extracted = set()
    for folder in ("quiz", "templates"):
        method_map = [("**.py", "python")] if folder == "quiz" else [("**.html", "jinja2")]
        for _file, _line, message, _comments, _context in extract_from_dir(
                Path(PROJECT / folder), method_map=method_map, keywords=KEYWORDS):
            extracted.add(message if isinstance(message, str) else message[0])
    untranslated = sorted(m for m in extracted if not catalog.get(m) or not catalog.get(m).string)
    assert not untranslated, f"run pybabel extract/update and translate: {untranslated}"
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    assert buffer.getvalue() == (CATALOG / "messages.mo").read_bytes(), "run pybabel compile -d quiz/translations"
