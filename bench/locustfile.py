"""Load for bench/load.py.

Mode "exam": a class sits a 100-item mock exam. Every student starts it; once all have started, all save their
answers, one request per answer, as fast as the server takes them; once all have saved, all submit. The save
window (first save to last) is timed on its own, with the CPU the server, the database and this load generator
spent in it, and written to BENCH_RESULT. Mode "bare": every user calls the bare endpoint, for the run time.
Tokens come from BENCH_TOKENS; BENCH_SERVER_PID is the gunicorn master (its workers are counted with it)."""
import json
import os
import time
from pathlib import Path

from cpu import database_seconds, machine_seconds, process_tree_seconds
from gevent.event import Event
from locust import HttpUser, constant, task
from locust.exception import StopUser

TOKENS = json.loads(Path(os.environ["BENCH_TOKENS"]).read_text()) if os.environ.get("BENCH_TOKENS") else []
MODE = os.environ.get("BENCH_MODE", "exam")
RESPONSES = {"single": "A", "multiple": "AB", "truefalse": True}
# Request bodies encoded once, and the saves' headers set once per student (not merged into every request): the
# load generator shares the machine with the server, so it should spend as little on a save as on a bare GET.
BODIES = {kind: json.dumps({"response": answer}).encode() for kind, answer in RESPONSES.items()}

# Users are greenlets of one process: these counters need no lock (nothing yields between read and write).
students = iter(TOKENS)
progress = {"started": 0, "saving_done": 0, "saves": 0, "failed_saves": 0, "submitted": 0}
all_started, all_saved = Event(), Event()
window: dict[str, float] = {}


def mark(moment: str) -> None:
    window[moment] = time.perf_counter()
    window[f"{moment}_server_cpu"] = process_tree_seconds(int(os.environ["BENCH_SERVER_PID"]))
    window[f"{moment}_database_cpu"] = database_seconds()
    window[f"{moment}_load_cpu"] = time.process_time()
    for kind, seconds in machine_seconds().items():
        window[f"{moment}_{kind}"] = seconds


def one_more(counter: str, everyone: Event, moment: str) -> None:
    progress[counter] += 1
    if progress[counter] == len(TOKENS):
        mark(moment)
        everyone.set()


class Student(HttpUser):
    wait_time = constant(0)

    def wait_for(self, everyone: Event) -> None:
        everyone.wait()
        # The server closes a connection left idle for its keep-alive time; open a fresh one, as a browser would.
        self.client.close()

    @task
    def take_exam(self):
        if MODE == "bare":
            self.client.get("/ping", name="bare")
            return
        token = next(students, None)
        if token is None:
            raise StopUser()
        self.client.headers["Authorization"] = f"Bearer {token}"
        started = self.client.post("/api/v1/sessions", json={"mode": "exam", "exam": "theory"}, name="start exam")
        exam = started.json() if started.status_code == 201 else {"id": 0, "questions": []}
        one_more("started", all_started, "saving")
        self.wait_for(all_started)
        answers = f"/api/v1/sessions/{exam['id']}/answers/"
        self.client.headers["Content-Type"] = "application/json"
        for question in exam["questions"]:
            response = self.client.put(answers + question["id"], data=BODIES[question["type"]], name="save answer")
            progress["saves" if response.status_code == 200 else "failed_saves"] += 1
        one_more("saving_done", all_saved, "saved")
        self.wait_for(all_saved)
        if exam["id"]:
            self.client.post(f"/api/v1/sessions/{exam['id']}/submit", name="submit")
        progress["submitted"] += 1
        if progress["submitted"] == len(TOKENS):
            Path(os.environ["BENCH_RESULT"]).write_text(json.dumps({**progress, **window}))
            self.environment.runner.quit()
        raise StopUser()
