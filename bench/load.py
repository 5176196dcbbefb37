"""Load: N simulated students each start a 100-item mock exam, save every answer and submit, against gunicorn.

    .venv/bin/python bench/load.py [--students 200] [--backends sqlite postgresql] [--runs 1]

A class sits the exam together (bench/locustfile.py): all start, then all save their answers, one request per
answer, then all submit. For each database it prints the latency of each kind of request, the answer saves'
throughput over the window in which they were made, errors, the CPU each save cost the server, the database
and the load generator (all on this machine), and checks in the database afterwards that every answer the
server acknowledged is stored (nothing lost). It then runs a bare Flask JSON endpoint under the same gunicorn
settings for the same number of users and prints the ratio of answer-save throughput to it.
With --runs N it measures each database N times and prints the median ratio: on a shared two-core machine the
bare endpoint alone varies by a third from one minute to the next. Needs PostgreSQL at POSTGRES_URL for the
second database (default: local, trust)."""
from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpu import process_tree_seconds
from locust.stats import RequestStats, StatsEntry
from sqlalchemy import create_engine, insert, select, text
from werkzeug.security import generate_password_hash

from quiz import gunicorn_conf

SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str, students: int, folder: Path) -> Path:
    """Fresh schema and bundled bank; students created directly (one shared hash: hashing is not measured)."""
    from quiz import accounts, create_app
    from quiz.extensions import close_connections, db
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
        close_connections()
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


def locust(base: str, users: int, folder: Path, name: str, env: dict,
           run_time: str) -> tuple[dict[str, StatsEntry], float]:
    """Run locust headless, all users at once; its statistics by request name, and the CPU seconds it spent."""
    prefix = folder / name
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "-u", str(users), "-r", str(users), "--run-time", run_time, "--host", base,
                    "--json-file", str(prefix), "--only-summary", "--loglevel", "ERROR"],
                   env=dict(os.environ, **env), check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return final_stats(Path(f"{prefix}.json")), spent


def final_stats(path: Path) -> dict[str, StatsEntry]:
    """Locust's statistics by request name as they stood when it quit, and "Aggregated" for all requests. (Its CSV
    files are rewritten once a second, so the last requests of a run, the submits, could be missing there.)"""
    stats = RequestStats()
    entries = {}
    for data in json.loads(path.read_text()):
        data["response_times"] = {int(ms): count for ms, count in data["response_times"].items()}
        entries[data["name"]] = StatsEntry.unserialize(data, stats)
        stats.total.extend(entries[data["name"]])  # which also sets the run's span, for requests per second
    return {**entries, "Aggregated": stats.total}


def latency(entry: StatsEntry) -> str:
    return f"median {entry.get_response_time_percentile(0.5)} ms, p95 {entry.get_response_time_percentile(0.95)} ms"


def bare_endpoint(users: int, folder: Path, name: str) -> tuple[StatsEntry, float, float]:
    """The bare endpoint under the same gunicorn settings and load: its statistics, and the CPU seconds the server
    and the load generator spent per request."""
    server, base = serve("bare_app:app", ROOT / "bench", {})
    cpu = process_tree_seconds(server.pid)
    try:
        stats, load_cpu = locust(base, users, folder, name, {"BENCH_MODE": "bare"}, "20s")
        cpu = process_tree_seconds(server.pid) - cpu
    finally:
        server.terminate()
        server.wait()
    requests = stats["bare"].num_requests
    return stats["bare"], cpu / requests, load_cpu / requests


def run(backend: str, students: int) -> float:
    """One database: the class's exam between two runs of the bare endpoint (this machine's speed drifts, so
    the yardstick is taken before and after); prints the figures, returns the ratio. SQLite is a fresh file in
    this run's folder; PostgreSQL is POSTGRES_URL, emptied first."""
    folder = Path(tempfile.mkdtemp(prefix=f"kaodian-load-{backend}-"))
    url = (f"sqlite:///{folder}/load.db" if backend == "sqlite" else
           os.environ.get("POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    tokens = prepare(url, students, folder)
    bare_before, bare_cpu_before, bare_load_before = bare_endpoint(students, folder, "bare-before")
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "AUTO_INIT_DB": "0", "KAODIAN_ENV": "production",
           "LOG_FORMAT": "json", "LOGIN_RATE_LIMIT": "100000 per minute"}
    server, base = serve("app:app", ROOT, env)
    result_file = folder / "result.json"
    started = time.perf_counter()
    try:
        stats, _ = locust(base, students, folder, "exam", {
            "BENCH_TOKENS": str(tokens), "BENCH_RESULT": str(result_file), "BENCH_MODE": "exam",
            "BENCH_SERVER_PID": str(server.pid)}, "15m")
    finally:
        server.terminate()
        server.wait()
    elapsed = time.perf_counter() - started
    if not result_file.exists():
        raise SystemExit(f"{backend}: the load run did not finish (see {folder})")
    done = json.loads(result_file.read_text())
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM session_items WHERE response IS NOT NULL")).scalar_one()
        submitted = conn.execute(text("SELECT count(*) FROM quiz_sessions WHERE submitted_at IS NOT NULL")).scalar_one()
    engine.dispose()
    bare_after, bare_cpu_after, bare_load_after = bare_endpoint(students, folder, "bare-after")

    total, saves = stats["Aggregated"], stats["save answer"]
    seconds = done["saved"] - done["saving"]
    saves_per_second = done["saves"] / seconds
    bare_rates = [entry.total_rps for entry in (bare_before, bare_after)]
    bare_per_second = sum(bare_rates) / 2
    ratio = saves_per_second / bare_per_second
    # SQLite works inside the server's processes; PostgreSQL's own processes are the database's share.
    parts = ("server", "database", "load") if backend == "postgresql" else ("server", "load")
    spent = {part: done[f"saved_{part}_cpu"] - done[f"saving_{part}_cpu"] for part in parts}
    per_save = " + ".join(f"{part} {spent[part] / done['saves'] * 1000:.2f}" for part in spent)
    print(f"\n== {backend}: {students} students × 100-item exam; gunicorn {gunicorn_conf.workers} workers × "
          f"{gunicorn_conf.threads} threads ({elapsed:.0f} s)")
    print(f"start exam: {latency(stats['start exam'])} | submit: {latency(stats['submit'])}")
    print(f"answer saves: {done['saves']} in {seconds:.1f} s = {saves_per_second:.0f}/s, {latency(saves)} | "
          f"errors {total.num_failures} | whole run {total.total_rps:.0f} requests/s")
    cores = os.cpu_count() or 1
    unused = {kind: (done[f"saved_{kind}"] - done[f"saving_{kind}"]) / (seconds * cores) for kind in ("idle", "stolen")}
    print(f"CPU per save, ms: {per_save} (the load generator shares the {cores} cores; meanwhile they were "
          f"{unused['idle']:.0%} idle, and {unused['stolen']:.0%} of their time went to other machines)")
    lost = done["saves"] - stored
    print(f"exams submitted {submitted}/{students}; saves acknowledged {done['saves']}, stored {stored}: "
          f"{'nothing lost' if lost == 0 else f'{lost} LOST'}")
    print(f"bare endpoint before/after: {bare_rates[0]:.0f}/{bare_rates[1]:.0f} requests/s, "
          f"{latency(bare_after)}, CPU per request, ms: server {(bare_cpu_before + bare_cpu_after) / 2 * 1000:.2f} + "
          f"load {(bare_load_before + bare_load_after) / 2 * 1000:.2f} | "
          f"answer saves/bare = {ratio:.0%}")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=1, help="measure each database this many times")
    args = parser.parse_args()
    ratios: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for backend in args.backends:
            ratios.setdefault(backend, []).append(run(backend, args.students))
    if args.runs > 1:
        print()
        for backend, measured in ratios.items():
            print(f"{backend}: answer saves/bare over {len(measured)} runs: "
                  f"{', '.join(f'{ratio:.0%}' for ratio in measured)}; median {statistics.median(measured):.0%}")


if __name__ == "__main__":
    main()
