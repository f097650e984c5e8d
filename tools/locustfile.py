"""Locust users of the journal's load test (run by ``tools/loadtest.py``, which
writes the plan this file reads and checks the acknowledgements it writes).

- ``Teacher``: logs in (``/web/session/authenticate``), opens the grid of one
  of his journals (``journal_grid`` over the last month) and saves cells
  (``set_cells``, one to five students of an editable lesson, each a value
  other than the cell's current one); every value the server acknowledged is
  appended to the acknowledgements file.
- ``Parent``: logs in and reads the family pages of the portal.
- ``Manager``: logs in and runs a monthly inspection of the whole college.

The counts of each come from the plan (``LOADTEST_PLAN``): Locust's
``fixed_count``, so that ``--users`` is their sum.
"""

import json
import os
import random
import threading

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ACKS_PATH = os.environ["LOADTEST_ACKS"]
ACKS_LOCK = threading.Lock()
CONCURRENCY_WORDS = ("concurren", "serializ", "could not obtain lock", "deadlock")
USERS = PLAN["users"]
# the measured part starts when the last user is in (``reset_after_logins``):
# a login is half a second of CPU, and a ramp of hundreds of them queues every
# other request behind it; Locust's own --reset-stats resets when the users are
# started, while their logins still wait
LOGINS = {"done": 0}
LOGINS_LOCK = threading.Lock()


def rpc_error(response):
    """The JSON-RPC error of a response, as a short text, or None."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}, not JSON"
    if "error" in body:
        data = body["error"].get("data") or {}
        return f"{data.get('name', 'error')}: {data.get('message', body['error'].get('message'))}"
    return None


class JournalUser(HttpUser):
    abstract = True
    # think times of people, not of scripts: a teacher saves a cell every few
    # seconds while marking, a parent turns a page every ten to thirty
    wait_time = between(2, 8)
    login = None

    def rpc(self, url, params, name):
        with self.client.post(
            url,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            name=name,
            catch_response=True,
        ) as response:
            error = rpc_error(response)
            if error:
                kind = "concurrency" if any(w in error.lower() for w in CONCURRENCY_WORDS) else ""
                response.failure(f"{kind + ': ' if kind else ''}{error[:200]}")
                return None
            response.success()
            return response.json()["result"]

    def call(self, model, method, args, kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            name=f"{model}.{method}",
        )

    def on_start(self):
        # one request per connection, as the proxy in front of Odoo does
        # (docker/nginx.conf: HTTP/1.0 to the workers); a kept-alive connection
        # would hold a prefork worker while its user thinks
        self.client.headers["Connection"] = "close"
        self.account = self.pick_account()
        # a person whose login page failed to answer presses the button again
        # (during the ramp a worker may drop a connection Locust, on the same
        # two cores, was slow to send): three tries, each failure counted
        for _attempt in range(3):
            result = self.rpc(
                "/web/session/authenticate",
                {
                    "db": PLAN["database"],
                    "login": self.account["login"],
                    "password": PLAN["password"],
                },
                name="login",
            )
            if result is not None:
                break
        self.uid = result and result.get("uid")
        self._logged_in()
        if result is not None and not self.uid:
            # logged out, or stopped at a second factor: counted, not silent
            events.request.fire(
                request_type="POST",
                name="login",
                response_time=0,
                response_length=0,
                exception=RuntimeError(f"{self.account['login']}: no session (uid None)"),
            )

    def _logged_in(self):
        with LOGINS_LOCK:
            LOGINS["done"] += 1
            everyone = LOGINS["done"] == USERS
        if everyone and PLAN.get("reset_after_logins"):
            self.environment.runner.stats.reset_all()


def pool(kind):
    """Accounts of a kind handed out one per Locust user, each once."""
    accounts = list(PLAN[kind])
    lock = threading.Lock()

    def take():
        with lock:
            return accounts.pop(0)

    return take


TAKE_TEACHER = pool("teachers")
TAKE_PARENT = pool("parents")
TAKE_MANAGER = pool("managers")


class Teacher(JournalUser):
    fixed_count = len(PLAN["teachers"])
    weight = 3

    def pick_account(self):
        self.grid = None
        return TAKE_TEACHER()

    @task(1)
    def open_grid(self):
        if not self.uid:
            return
        journal = random.choice(self.account["journals"])
        grid = self.call(
            "edu.teaching.assignment",
            "journal_grid",
            [[journal]],
            {"date_from": PLAN["date_from"], "date_to": PLAN["date_to"]},
        )
        if grid:
            self.grid = grid

    @task(4)
    def save_cells(self):
        if not self.grid:
            return self.open_grid()
        grid = self.grid
        lessons = [lesson for lesson in grid["lessons"] if not lesson["readonly"]]
        if not lessons:
            return None
        lesson = random.choice(lessons)
        members = [
            student["id"]
            for student in grid["students"]
            if lesson["id"] in student["member_lesson_ids"]
        ]
        if not members:
            return None
        choices = ["н", "", *grid["scales"][lesson["mark_scale"]]]
        cells = []
        for student in random.sample(members, min(len(members), random.randint(1, 5))):
            current = grid["cells"].get(f"{lesson['id']}:{student}", "")
            value = random.choice([choice for choice in choices if choice != current])
            cells.append({"student_id": student, "value": value})
        saved = self.call("edu.lesson", "set_cells", [[lesson["id"]], cells])
        if saved is None:
            return None
        saved = saved.get("cells", saved)
        with ACKS_LOCK, open(ACKS_PATH, "a", encoding="utf-8") as acks:
            for cell in cells:
                value = saved.get(str(cell["student_id"]), cell["value"])
                grid["cells"][f"{lesson['id']}:{cell['student_id']}"] = value
                acks.write(
                    json.dumps(
                        {
                            "login": self.account["login"],
                            "lesson_id": lesson["id"],
                            "student_id": cell["student_id"],
                            "value": value,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        return None


class Parent(JournalUser):
    fixed_count = len(PLAN["parents"])
    weight = 1
    wait_time = between(10, 30)

    def pick_account(self):
        return TAKE_PARENT()

    def page(self, url):
        with self.client.get(url, name=url, catch_response=True) as response:
            if response.status_code != 200 or "/web/login" in response.url:
                response.failure(f"HTTP {response.status_code} at {response.url}")
            else:
                response.success()

    @task(3)
    def diary(self):
        self.page("/my/journal/diary")

    @task(2)
    def progress(self):
        self.page("/my/journal/progress")

    @task(1)
    def attendance(self):
        self.page("/my/journal/attendance")

    @task(1)
    def results(self):
        self.page("/my/journal/results")


class Manager(JournalUser):
    fixed_count = len(PLAN["managers"])
    weight = 1
    wait_time = between(45, 75)

    def pick_account(self):
        return TAKE_MANAGER()

    @task
    def inspection(self):
        if not self.uid:
            return
        inspection_id = self.call(
            "edu.inspection",
            "create",
            [{"date_from": PLAN["date_from"], "date_to": PLAN["date_to"], "scope": "college"}],
        )
        if inspection_id:
            if isinstance(inspection_id, list):
                inspection_id = inspection_id[0]
            self.call("edu.inspection", "action_compute", [[inspection_id]])


@events.test_start.add_listener
def _fresh_acks(environment, **kwargs):
    open(ACKS_PATH, "w", encoding="utf-8").close()
