"""Anki export: a real .apkg (zip + SQLite collection) whose notes keep their identity across exports."""
from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from quiz.bank.formats.anki import note_guid, to_apkg

SINGLE = {
    "id": "rater-002", "type": "single", "tags": ["服务质量", "RATER 指数"],
    "stem": "RATER 指数中的 **A**(assurance)代表什么?",
    "options": ["信赖度", "专业度", "有形度", "同理度", "反应度"], "answer": "B",
    "explanation": "RATER:reliability(信赖度)、**assurance(专业度)**、tangibles(有形度)。",
}
TRUEFALSE = {
    "id": "rater-011", "type": "truefalse",
    "stem": "客户对企业的满意程度与 RATER 指数无关,它只由产品价格决定。", "answer": False,
    "explanation": "错误。材料明确说“客户对于企业的满意程度直接取决于RATER指数的高低”。",
}
DEFINITION = {
    "id": "crm-terms-001", "type": "definition", "stem": "名词解释:客户", "score": 3,
    "reference": "客户:企业经营过程中产生关系的个人或组织统称为客户。",
    "points": [{"point": "产生关系的个人或组织", "score": 3}],
}
SKIPPED = [
    {"id": "rater-008", "type": "multiple", "stem": "下列属于 RATER 指数维度的有:", "options": ["满意度", "反应度", "同理度"],
     "answer": "BC", "explanation": "满意度不是维度。"},
    {"id": "market-basics-002", "type": "fill", "stem": "市场营销的三大要素:{{1}} + {{2}} + {{3}}。",
     "answer": [["人口"], ["购买力"], ["欲望"]], "explanation": "人口+购买力+欲望。"},
    {"id": "crm-short-001", "type": "short", "stem": "简述客户服务的功能与作用。", "score": 5, "reference": "服务、销售、形象。",
     "points": [{"point": "服务、销售、形象", "score": 5}]},
]
ITEMS = [SINGLE, TRUEFALSE, DEFINITION, *SKIPPED]


def collection(data: bytes, tmp_path: Path) -> dict:
    """The notes (by guid) and the col row's models and decks of an .apkg."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "collection.anki2" in archive.namelist()
        database = tmp_path / f"collection-{len(list(tmp_path.iterdir()))}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    with closing(sqlite3.connect(database)) as connection:
        notes = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
        models, decks = connection.execute("SELECT models, decks FROM col").fetchone()
    return {
        "notes": {guid: {"mid": mid, "fields": flds.split("\x1f"), "tags": tags.split()}
                  for guid, mid, flds, tags in notes},
        "order": [guid for guid, *_ in notes],
        "cards": cards,
        "models": json.loads(models),
        "decks": json.loads(decks),
    }


@pytest.fixture
def exported(tmp_path):
    return collection(to_apkg(ITEMS, "客户服务::RATER"), tmp_path)


def test_the_package_is_a_zip_with_a_collection_of_one_note_per_exported_item(exported):
    assert exported["order"] == [note_guid("rater-002"), note_guid("rater-011"), note_guid("crm-terms-001")]
    assert exported["cards"] == 3


def test_single_choice_note(exported):
    front, back = exported["notes"][note_guid("rater-002")]["fields"]
    assert "<strong>A</strong>" in front
    assert "A. 信赖度<br>B. 专业度<br>C. 有形度<br>D. 同理度<br>E. 反应度" in front
    assert '<div class="key">B. 专业度</div>' in back
    assert "<strong>assurance(专业度)</strong>" in back


def test_truefalse_note(exported):
    front, back = exported["notes"][note_guid("rater-011")]["fields"]
    assert front == "<p>客户对企业的满意程度与 RATER 指数无关,它只由产品价格决定。</p>"
    assert back.startswith('<div class="key">错误</div><p>错误。材料明确说')


def test_definition_note(exported):
    assert exported["notes"][note_guid("crm-terms-001")]["fields"] == [
        "<p>名词解释:客户</p>", "<p>客户:企业经营过程中产生关系的个人或组织统称为客户。</p>"]


def test_tags_have_no_spaces(exported):
    assert exported["notes"][note_guid("rater-002")]["tags"] == ["服务质量", "RATER_指数"]


def test_the_note_model_and_deck_are_declared(exported):
    (model_id, model), = exported["models"].items()
    assert [field["name"] for field in model["flds"]] == ["Front", "Back"]
    assert {note["mid"] for note in exported["notes"].values()} == {int(model_id)}
    assert "客户服务::RATER" in [deck["name"] for deck in exported["decks"].values()]


def test_two_exports_keep_note_guids_model_and_deck_ids(tmp_path, exported):
    again = collection(to_apkg(ITEMS, "客户服务::RATER"), tmp_path)
    assert again["order"] == exported["order"]
    assert again["models"].keys() == exported["models"].keys()
    assert again["decks"].keys() == exported["decks"].keys()


def test_guid_follows_the_item_id_not_its_text(tmp_path, exported):
    edited = dict(SINGLE, stem="RATER 中的 A 代表什么?")
    again = collection(to_apkg([edited], "客户服务::RATER"), tmp_path)
    assert again["order"] == [exported["order"][0]]
    assert again["notes"][note_guid("rater-002")]["fields"][0].startswith("<p>RATER 中的 A 代表什么?</p>")


def test_another_deck_name_is_another_deck(tmp_path, exported):
    other = collection(to_apkg(ITEMS, "市场营销"), tmp_path)
    assert set(other["decks"]) - set(exported["decks"])
    assert other["models"].keys() == exported["models"].keys()


def test_raw_html_never_goes_through(tmp_path):
    item = dict(SINGLE, stem='RATER <script>alert("x")</script> 中的 <img src=x onerror=alert(1)> A 代表什么?',
                options=["<b>信赖度</b>", "专业度"], answer="A",
                explanation='见 <a href="javascript:alert(1)">材料</a>')
    front, back = collection(to_apkg([item], "RATER"), tmp_path)["notes"][note_guid("rater-002")]["fields"]
    for side in (front, back):
        assert "<script" not in side and "<img" not in side and "<a " not in side and "<b>" not in side
    assert "&lt;b&gt;信赖度&lt;/b&gt;" in front


def test_no_exportable_items_is_an_empty_deck(tmp_path):
    assert collection(to_apkg(SKIPPED, "RATER"), tmp_path)["notes"] == {}


def test_no_temporary_file_is_left_behind(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    to_apkg(ITEMS, "RATER")
    assert list(scratch.iterdir()) == []
