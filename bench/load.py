"""Load: N simulated students each start a 100-item mock exam, save every answer and submit, against gunicorn.

    .venv/bin/python bench/load.py [--students 200] [--backends sqlite postgresql]

For each database: prints requests/s, the median and p95 latency of answer saves, errors, and checks in the
database afterwards that every answer the server acknowledged is stored (nothing lost). It then runs a bare
Flask JSON endpoint under the same gunicorn settings for the same number of users and prints the ratio of
answer-save throughput to it. Needs PostgreSQL at POSTGRES_URL for the second run (default: local, trust)."""
from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text
from werkzeug.security import generate_password_hash

SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str, students: int, folder: Path) -> Path:
    """Fresh schema and bundled bank; students created directly (one shared hash: hashing is not measured)."""
    from quiz import accounts, create_app
    from quiz.extensions import db
    from quiz.models import User

    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        engine.dispose()
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url, "AUTO_INIT_DB": True})
    with app.app_context():
        password = generate_password_hash("password1")
        db.session.execute(insert(User), [{"username": f"s{n:04d}", "password_hash": password, "role": "student"}
                                          for n in range(students)])
        db.session.commit()
        tokens = [accounts.issue_token(user, SECRET) for user in db.session.scalars(select(User).order_by(User.id))]
        db.engine.dispose()
    path = folder / "tokens.json"
    path.write_text(json.dumps(tokens))
    return path


def serve(target: str, cwd: Path, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "quiz" / "gunicorn_conf.py"),
                                target], cwd=cwd, env=dict(os.environ, **env, PORT=str(port), HOST="127.0.0.1"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + ("/healthz" if target == "app:app" else "/ping"), timeout=2)
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"gunicorn {target} did not start")


def locust(base: str, users: int, folder: Path, name: str, env: dict, run_time: str) -> dict[str, dict]:
    prefix = folder / name
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "-u", str(users), "-r", str(max(1, users // 5)), "--run-time", run_time, "--host", base,
                    "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
                   env=dict(os.environ, **env), check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def run(backend: str, url: str, students: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"kaodian-load-{backend}-"))
    tokens = prepare(url, students, folder)
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "AUTO_INIT_DB": "0", "KAODIAN_ENV": "production",
           "LOG_FORMAT": "json", "LOGIN_RATE_LIMIT": "100000 per minute"}
    server, base = serve("app:app", ROOT, env)
    result_file = folder / "result.json"
    started = time.perf_counter()
    try:
        stats = locust(base, students, folder, "exam", {"BENCH_TOKENS": str(tokens), "BENCH_RESULT": str(result_file),
                                                        "BENCH_MODE": "exam"}, "15m")
    finally:
        server.terminate()
        server.wait()
    elapsed = time.perf_counter() - started
    done = json.loads(result_file.read_text()) if result_file.exists() else {"students": 0, "saves": 0}
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM session_items WHERE response IS NOT NULL")).scalar_one()
        submitted = conn.execute(text("SELECT count(*) FROM quiz_sessions WHERE submitted_at IS NOT NULL")).scalar_one()
    engine.dispose()
    bare_server, bare_base = serve("bare_app:app", ROOT / "bench", {})
    try:
        bare = locust(bare_base, students, folder, "bare", {"BENCH_MODE": "bare"}, "30s")
    finally:
        bare_server.terminate()
        bare_server.wait()
    total, saves, bare_row = stats["Aggregated"], stats["save answer"], bare["bare"]
    errors = int(total["Failure Count"])
    print(f"\n== {backend}: {students} students × 100-item exam ({elapsed:.0f} s)")
    print(f"requests/s (all) {float(total['Requests/s']):.0f} | answer saves/s {float(saves['Requests/s']):.0f} | "
          f"save median {saves['50%']} ms, p95 {saves['95%']} ms | errors {errors}")
    print(f"students finished {done['students']}/{students}, exams submitted {submitted}; saves acknowledged "
          f"{done['saves']}, stored {stored}: {'nothing lost' if stored == done['saves'] else 'MISMATCH'}")
    ratio = float(total["Requests/s"]) / float(bare_row["Requests/s"])
    print(f"bare endpoint {float(bare_row['Requests/s']):.0f} requests/s (median {bare_row['50%']} ms); "
          f"app/bare throughput ratio {ratio:.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    for backend in args.backends:
        url = (f"sqlite:///{tempfile.mkdtemp(prefix='kaodian-load-db-')}/load.db" if backend == "sqlite" else
               os.environ.get("POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
        run(backend, url, args.students)


if __name__ == "__main__":
    main()
