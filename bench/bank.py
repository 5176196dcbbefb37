"""Bank at scale: a generated 20,000-item bank, timed through `flask bank check` and `flask bank sync`
(first sync, then a re-sync with 1 % of the items changed), against a bare yaml.load of the same files
with the C loader.

    .venv/bin/python bench/bank.py [--items 20000] [--topics 100]"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz import create_app
from quiz.bank import load_bank
from quiz.bank.authoring import dump_yaml
from quiz.bank.sync import sync_bank
from quiz.extensions import db


def item(topic: str, n: int, rng: random.Random) -> dict:
    kind = ("single", "multiple", "truefalse", "fill", "short")[n % 5]
    base = {"id": f"{topic}-{n:04d}", "type": kind, "difficulty": 1 + n % 5, "tags": ["基准"],
            "stem": f"第 {n} 题:关于客户服务的说法,哪一项正确?{'{{1}}' if kind == 'fill' else ''}"}
    if kind in ("single", "multiple"):
        base.update(options=["信赖度", "专业度", "有形度", "同理度"], answer="B" if kind == "single" else "ACD",
                    explanation="解析:RATER 五个维度。\n第二行。")
    elif kind == "truefalse":
        base.update(answer=rng.random() < 0.5, explanation="解析。")
    elif kind == "fill":
        base.update(answer=[["人口", "人"]], explanation="解析。")
    else:
        base.update(score=5, reference="(1) 服务功能 (2) 销售功能", points=[
            {"point": "服务功能", "score": 3, "keywords": [["服务功能"]]}, {"point": "销售功能", "score": 2}])
    base["source"] = {"doc": "002", "anchor": "empathy(同理度)"}
    return base


def write_bank(folder: Path, items: int, topics: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    per_topic = items // topics
    for t in range(topics):
        slug = f"topic-{t:03d}"
        document = {"topic": slug, "title": f"主题 {t}", "questions": [item(slug, n, rng) for n in range(per_topic)]}
        (folder / f"{slug}.yaml").write_text(dump_yaml(document), encoding="utf-8")


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--topics", type=int, default=100)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kaodian-bank-"))
    bank_dir = folder / "bank"
    bank_dir.mkdir()
    write_bank(bank_dir, args.items, args.topics)
    files = sorted(bank_dir.glob("*.yaml"))
    bare, _ = timed(lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in files])
    check, bank = timed(lambda: load_bank(bank_dir))
    assert bank.ok, bank.problems[:3]
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bank.db'}",
                      "AUTO_INIT_DB": False})
    with app.app_context():
        db.create_all()
        first, report = timed(lambda: sync_bank(load_bank(bank_dir)))
        for path in files:  # 1 % of the items (2 of every 200), spread over the files
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("第 7 题", "第 7 题(改)", 1).replace("第 57 题", "第 57 题(改)", 1),
                            encoding="utf-8")
        resync, again = timed(lambda: sync_bank(load_bank(bank_dir)))
    print(f"{len(bank.questions):,} items in {len(files)} files ({sum(p.stat().st_size for p in files) / 1e6:.1f} MB)")
    print(f"bare yaml.load (CSafeLoader)      {bare:6.2f} s")
    print(f"flask bank check                  {check:6.2f} s   {check / bare:4.1f}× bare")
    print(f"flask bank sync (first, SQLite)   {first:6.2f} s   {first / bare:4.1f}× bare   {report}")
    print(f"flask bank sync (1 % changed)     {resync:6.2f} s   {resync / bare:4.1f}× bare   {again}")


if __name__ == "__main__":
    main()
