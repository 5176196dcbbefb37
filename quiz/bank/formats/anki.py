"""Export to an Anki package (.apkg), so learners can drill the bank's recall items in Anki.

Only the types that make a good flash card are exported: single choice, true/false and 名词解释. Every id
is derived from fixed text (never random), so importing a later export of the same items updates the cards
already in Anki, with their review history, instead of adding duplicates."""
from __future__ import annotations

import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

import genanki

from ...rendering import render_markdown
from ..types import LETTERS


def stable_id(text: str) -> int:
    """An Anki model or deck id from fixed text: in the range genanki recommends, the same on every export."""
    digest = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


_MODEL = genanki.Model(
    model_id=stable_id("kaodian:anki-model:front-back:v1"),
    name="Kaodian 考点",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{
        "name": "Card 1",
        "qfmt": "{{Front}}",
        "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
    }],
    css=".card { font-family: sans-serif; font-size: 18px; text-align: left; line-height: 1.6; }\n"
        ".options { margin-top: .5em; }\n.key { font-weight: bold; color: #0a7d32; }",
)


def note_guid(item_id: str) -> str:
    """Anki matches an imported note to one it has by guid: the item id keeps a re-exported card the same card."""
    return genanki.guid_for("kaodian", item_id)


def to_apkg(items: list[dict], deck_name: str) -> bytes:
    """A deck of the exportable items (others are skipped), as the bytes of an .apkg file."""
    deck = genanki.Deck(stable_id(f"kaodian:anki-deck:{deck_name}"), deck_name)
    deck.add_model(_MODEL)
    for item in items:
        sides = _SIDES.get(item.get("type", ""))
        if sides is not None:
            front, back = sides(item)
            deck.add_note(genanki.Note(model=_MODEL, fields=[front, back], guid=note_guid(item["id"]),
                                       tags=_tags(item)))
    return _package_bytes(genanki.Package(deck))


def _package_bytes(package: genanki.Package) -> bytes:
    """The collection is written to a temporary file that is removed afterwards.

    genanki's own write_to_file leaves its temporary database behind in the system's temp folder on every call,
    which a long-running server would accumulate, so the same two steps are done here inside a folder we own."""
    timestamp = time.time()  # Anki replaces a note it has only with a newer one: the export time marks it so
    with tempfile.TemporaryDirectory(prefix="kaodian-apkg-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()


def _tags(item: dict) -> list[str]:
    """Anki tags cannot contain spaces."""
    return ["_".join(str(tag).split()) for tag in item.get("tags", []) if str(tag).strip()]


def _single(item: dict) -> tuple[str, str]:
    options = "<br>".join(f"{letter}. {html.escape(str(option))}" for letter, option in zip(LETTERS, item["options"]))
    letter = item["answer"]
    chosen = html.escape(str(item["options"][LETTERS.index(letter)]))
    back = f'<div class="key">{letter}. {chosen}</div>{render_markdown(item.get("explanation"))}'
    return f'{render_markdown(item["stem"])}<div class="options">{options}</div>', back


def _truefalse(item: dict) -> tuple[str, str]:
    verdict = "正确" if item["answer"] else "错误"
    return render_markdown(item["stem"]), f'<div class="key">{verdict}</div>{render_markdown(item.get("explanation"))}'


def _definition(item: dict) -> tuple[str, str]:
    return render_markdown(item["stem"]), render_markdown(item["reference"])


_SIDES = {"single": _single, "truefalse": _truefalse, "definition": _definition}
