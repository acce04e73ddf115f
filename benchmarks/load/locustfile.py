"""50 consultants autosaving answers and opening results pages (see benchmarks/load/run.sh)."""

import os
import random
import re
from itertools import cycle

from locust import HttpUser, between, task

with open(os.environ["LOAD_SESSIONS"]) as sessions:
    SESSIONS = cycle([line.split() for line in sessions.read().splitlines() if line])


class Consultant(HttpUser):
    # LOAD_PACE=stress: a save every second or so; default: a consultant's pace on site.
    wait_time = between(0.5, 1.5) if os.environ.get("LOAD_PACE") == "stress" else between(2, 6)

    def on_start(self) -> None:
        session, self.assessment, axis = next(SESSIONS)
        self.client.cookies.set("sessionid", session)
        page = self.client.get(f"/diagnostics/{self.assessment}/axes/{axis}/", name="axis page")
        self.csrf = self.client.cookies.get("csrftoken", "")
        self.questions = re.findall(r'data-question="([A-Z]+-\d+)"', page.text)
        self.revisions = {code: 0 for code in self.questions}

    @task(4)
    def autosave(self) -> None:
        code = random.choice(self.questions)
        response = self.client.post(
            f"/diagnostics/{self.assessment}/answers/{code}/",
            data={f"{code}-choice": str(random.randint(0, 5)), f"{code}-revision": ""},
            headers={"X-CSRFToken": self.csrf, "Referer": self.host},
            name="autosave",
        )
        if response.status_code != 200:
            response.failure(f"autosave answered {response.status_code}")

    @task(1)
    def results(self) -> None:
        self.client.get(f"/diagnostics/{self.assessment}/results/", name="results page")
