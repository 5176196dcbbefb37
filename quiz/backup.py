"""`flask backup FILE` / `flask restore FILE`: every table as JSON, on any backend, back into an empty schema.

Values are written in their JSON form and read back through each column's type, so a backup taken on SQLite
restores on PostgreSQL and the other way round."""
from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, insert, select, text

from .extensions import db

FORMAT = "kaodian-backup-1"


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def backup(path: Path) -> dict[str, int]:
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).mappings().all()
        tables[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
    revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar() \
        if db.inspect(db.engine).has_table("alembic_version") else None
    document = {"format": FORMAT, "revision": revision, "tables": tables}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    return {name: len(rows) for name, rows in tables.items()}


def _restored(column, value: Any) -> Any:
    kind = getattr(column.type, "impl", column.type)  # a TypeDecorator's underlying type
    if value is None:
        return None
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def restore(path: Path) -> dict[str, int]:
    """Replace every row with the backup's, in one transaction; refuses a file it does not know."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    if document.get("format") != FORMAT:
        raise ValueError(f"{path} is not a Kaodian backup")
    counts = {}
    try:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        for table in db.metadata.sorted_tables:
            rows = document["tables"].get(table.name, [])
            if rows:
                db.session.execute(insert(table), [{name: _restored(table.c[name], value)
                                                    for name, value in row.items() if name in table.c}
                                                   for row in rows])
            counts[table.name] = len(rows)
        if db.engine.dialect.name == "postgresql":
            # Ids were written explicitly: move each sequence past them.
            for table in db.metadata.sorted_tables:
                if "id" in table.c and isinstance(table.c.id.type, db.Integer):
                    db.session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts
