"""Load for bench/load.py. Mode "exam": each simulated student starts a 100-item mock exam, saves every answer
and submits, once. Mode "bare": hits the bare endpoint for the same time. Tokens come from BENCH_TOKENS."""
import json
import os
import threading
from pathlib import Path

from locust import HttpUser, constant, task
from locust.exception import StopUser

TOKENS = json.loads(Path(os.environ["BENCH_TOKENS"]).read_text()) if os.environ.get("BENCH_TOKENS") else []
MODE = os.environ.get("BENCH_MODE", "exam")
RESPONSES = {"single": "A", "multiple": "AB", "truefalse": True}
_next = iter(range(len(TOKENS)))
_lock = threading.Lock()
done = {"students": 0, "saves": 0}


class Student(HttpUser):
    wait_time = constant(0)

    @task
    def take_exam(self):
        if MODE == "bare":
            self.client.get("/ping", name="bare")
            return
        with _lock:
            index = next(_next, None)
        if index is None:
            raise StopUser()
        headers = {"Authorization": f"Bearer {TOKENS[index]}"}
        exam = self.client.post("/api/v1/sessions", json={"mode": "exam", "exam": "theory"}, headers=headers,
                                name="start exam").json()
        for question in exam["questions"]:
            response = self.client.put(f"/api/v1/sessions/{exam['id']}/answers/{question['id']}",
                                       json={"response": RESPONSES[question["type"]]}, headers=headers,
                                       name="save answer")
            if response.status_code == 200:
                with _lock:
                    done["saves"] += 1
        self.client.post(f"/api/v1/sessions/{exam['id']}/submit", headers=headers, name="submit")
        with _lock:
            done["students"] += 1
            if done["students"] == len(TOKENS):
                with open(os.environ["BENCH_RESULT"], "w") as handle:
                    json.dump(done, handle)
                self.environment.runner.quit()
        raise StopUser()
