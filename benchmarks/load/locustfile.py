"""Consultants autosaving answers and opening results pages (see benchmarks/load/run.sh).

FastHttpUser (geventhttpclient) rather than HttpUser (requests): the same requests at about a
fifth of the load generator's CPU, which shares the two cores with the server it measures.
"""

import os
import random
import re
from http.cookiejar import Cookie
from itertools import cycle
from urllib.parse import urlencode

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["LOAD_SESSIONS"]) as sessions:
    SESSIONS = cycle([line.split() for line in sessions.read().splitlines() if line])


def _cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(
        0, name, value, None, False, host, False, False, "/", True, False, None, False, None,
        None, {},
    )  # fmt: skip


class Consultant(FastHttpUser):
    # LOAD_PACE=stress: a save every second or so; default: a consultant's pace on site.
    wait_time = between(0.5, 1.5) if os.environ.get("LOAD_PACE") == "stress" else between(2, 6)

    def on_start(self) -> None:
        session, self.assessment, axis = next(SESSIONS)
        host = re.sub(r"^https?://([^:/]+).*$", r"\1", self.host or "")
        self.client.cookiejar.set_cookie(_cookie("sessionid", session, host))
        page = self.client.get(f"/diagnostics/{self.assessment}/axes/{axis}/", name="axis page")
        self.csrf = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        self.questions = re.findall(r'data-question="([A-Z]+-\d+)"', page.text or "")

    @task(4)
    def autosave(self) -> None:
        code = random.choice(self.questions)
        with self.client.post(
            f"/diagnostics/{self.assessment}/answers/{code}/",
            data=urlencode({f"{code}-choice": random.randint(0, 5), f"{code}-revision": ""}),
            headers={
                "X-CSRFToken": self.csrf,
                "Referer": self.host or "",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name="autosave",
            catch_response=True,
        ) as response:
            # A save counts when the server says it saved (a login page would answer 200 too).
            if response.status_code != 200 or '"saved": true' not in (response.text or ""):
                response.failure(f"autosave answered {response.status_code}")

    @task(1)
    def results(self) -> None:
        self.client.get(f"/diagnostics/{self.assessment}/results/", name="results page")
