"""Load test of deadline morning in a municipality of Hjørring's size (issue 13).

The wish deadline of a work-experience round is today: most of the municipality's ~700
eighth-graders log in within the hour, look for offers and save their wishes; teachers check
their classes; coordinators watch the round fill up. This script

1. prepares PostgreSQL (the demo municipality of Hjørring's size, an open round for grade 8
   with 60 offers, a login for every pupil of the round);
2. serves the site with gunicorn (GUNICORN_WORKERS processes) on 127.0.0.1:LOAD_PORT;
3. runs steps of concurrent virtual users (threads): 80 % pupils (log in, home, search, an
   offer, the wish form, save three wishes), 10 % teachers (the class overview), 10 %
   coordinators (the round and its pupils), each with 1-3 s of thinking between pages;
4. prints each step's requests per second, p95 and errors, and ends with the largest step that
   held p95 < 500 ms without errors:

    load-bench: users=N rps=X p95_ms=Y errors=0

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ungegaranti_load .venv/bin/python benchmarks/load.py \
        [--steps 10,20,40,80] [--seconds 40]

Only 127.0.0.1 is ever addressed; every step is bounded in time. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ungegaranti_load"
PORT = int(os.environ.get("LOAD_PORT", "8793"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "deadline-morning-1"  # noqa: S105  (the benchmark's own throwaway logins)

SETUP = """
import random
from datetime import timedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.models import Offer, OfferPeriod
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.placement.models import Round
from ungegaranti.placement.selectors import round_pupils
from ungegaranti.placement.services import round_create, round_offers_set, round_open
from ungegaranti.plans.models import ActivityKind

secretariat = User.objects.filter(role=Role.SECRETARIAT).first()
municipality = secretariat.municipality
round = Round.objects.filter(name="Belastning: ønskefrist").first()
if round is None:
    today = timezone.localdate()
    start, end = today + timedelta(days=40), today + timedelta(days=44)
    area = PostalArea.objects.get(code="9800")
    with transaction.atomic():
        offers = []
        for i, partner in enumerate(GuaranteePartner.objects.filter(municipality=municipality)[:60]):
            offer = Offer.objects.create(
                municipality=municipality, partner=partner, type=ActivityKind.WORK_EXPERIENCE,
                title=f"Praktik som lærling {i}", description="Belastningstest.", sector="C",
                address="Vej 1", postal_code="9800", latitude=area.latitude,
                longitude=area.longitude, min_age=13, max_age=17, min_grade=7, max_grade=9,
                suits_support_needs=True, contact_name="Test", contact_email="t@example.org",
                status=Offer.Status.PUBLISHED, published_at=timezone.now())
            OfferPeriod.objects.create(municipality=municipality, offer=offer,
                                       start_date=start, end_date=end, seats=15)
            offers.append(offer)
        round = round_create(acting_user=secretariat, name="Belastning: ønskefrist", grades=[8],
                             start_date=start, end_date=end, wish_deadline_date=today)
        round_offers_set(round=round, seats={o.uuid: 15 for o in offers}, acting_user=secretariat)
        round = round_open(round=round, acting_user=secretariat)
        hashed = make_password(PASSWORD)
        users = []
        for person in round_pupils(round=round):
            users.append(User(username=f"load-{person.uuid.hex[:12]}", password=hashed,
                              role=Role.YOUNG_PERSON, municipality=municipality,
                              young_person=person, first_name="Elev"))
        User.objects.bulk_create(users, ignore_conflicts=True)
hashed = make_password(PASSWORD)
User.objects.filter(role__in=[Role.TEACHER, Role.WORK_EXPERIENCE_COORDINATOR]).update(password=hashed)
pupils = User.objects.filter(username__startswith="load-").select_related("young_person")
print("ROUND", round.uuid)
for u in pupils:
    print("PUPIL", u.username, u.young_person.uuid)
for u in User.objects.filter(role=Role.TEACHER):
    print("TEACHER", u.username)
for u in User.objects.filter(role=Role.WORK_EXPERIENCE_COORDINATOR):
    print("COORDINATOR", u.username)
"""


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_URL),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def manage(*args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def prepare() -> dict:
    url = urllib.parse.urlparse(env()["DATABASE_URL"])
    subprocess.run(
        [
            "createdb",
            "-h",
            url.hostname or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            url.path.lstrip("/"),
        ],
        capture_output=True,
        check=False,
    )
    manage("migrate", "--noinput", "-v0")
    manage("demo_municipality", "--seed", "860", "--if-empty")
    manage("demo_marketplace", "--seed", "860", "--if-empty")
    out = manage("shell", "-c", SETUP.replace("PASSWORD", repr(PASSWORD)))
    world: dict = {"pupils": [], "teachers": [], "coordinators": []}
    for line in out.splitlines():
        kind, *rest = line.split()
        if kind == "ROUND":
            world["round"] = rest[0]
        elif kind == "PUPIL":
            world["pupils"].append(tuple(rest))
        elif kind in ("TEACHER", "COORDINATOR"):
            world[kind.lower() + "s"].append(rest[0])
    return world


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors = 0

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.errors += not ok


class User:
    def __init__(self, stats: Stats, stop: threading.Event):
        self.stats, self.stop = stats, stop
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None, expect: tuple = (200,)) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(BASE + path, body, timeout=30) as response:  # noqa: S310
                text = response.read().decode()
                ok = response.status in expect
        except urllib.error.HTTPError as error:
            text, ok = error.read().decode(), error.code in expect
        except OSError:
            text, ok = "", False
        self.stats.add(time.perf_counter() - started, ok)
        return text

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self, username: str) -> None:
        self.request("/log-ind/")
        self.request(
            "/log-ind/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )

    def think(self) -> bool:
        return not self.stop.wait(random.uniform(1.0, 3.0))


def pupil(user: User, world: dict, rng: random.Random) -> None:
    username, person = rng.choice(world["pupils"])
    user.login(username)
    wish_path = f"/praktikrunder/{world['round']}/oensker/{person}/"
    while user.think():
        user.request("/")
        if not user.think():
            return
        page = user.request(
            "/tilbud/?"
            + urllib.parse.urlencode(
                {"q": rng.choice(["praktik", "lærling", "kok", "smed", "butik", "it"])}
            )
        )
        offers = re.findall(r'href="(/tilbud/[0-9a-f-]{36}/)"', page)
        if offers and user.think():
            user.request(rng.choice(offers))
        if not user.think():
            return
        form = user.request(wish_path)
        choices = sorted(set(re.findall(r'<option value="([0-9a-f-]{36})"', form)))
        if len(choices) >= 3 and user.think():
            picked = rng.sample(choices, 3)
            user.request(
                wish_path,
                {
                    "csrfmiddlewaretoken": user.csrf(),
                    "wish_1": picked[0],
                    "wish_2": picked[1],
                    "wish_3": picked[2],
                },
            )


def teacher(user: User, world: dict, rng: random.Random) -> None:
    user.login(rng.choice(world["teachers"]))
    while user.think():
        user.request("/erhvervspraktik/klasser/")


def coordinator(user: User, world: dict, rng: random.Random) -> None:
    user.login(rng.choice(world["coordinators"]))
    while user.think():
        user.request(f"/praktikrunder/{world['round']}/")
        if user.think():
            user.request(f"/praktikrunder/{world['round']}/elever/")


def run_step(users: int, seconds: float, world: dict) -> tuple[float, float, int, int]:
    stats, stop = Stats(), threading.Event()
    threads = []
    for i in range(users):
        rng = random.Random(i)
        role = pupil if i % 10 < 8 else (teacher if i % 10 == 8 else coordinator)
        thread = threading.Thread(target=role, args=(User(stats, stop), world, rng), daemon=True)
        threads.append(thread)
    started = time.monotonic()
    for thread in threads:  # arrive over the first quarter of the step, not all at once
        thread.start()
        time.sleep(seconds / 4 / users)
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    elapsed = time.monotonic() - started
    count = len(stats.latencies)
    p95 = statistics.quantiles(stats.latencies, n=20)[-1] * 1000 if count >= 20 else 0.0
    return count / elapsed, p95, stats.errors, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="10,20,40,80")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", "3")))
    args = parser.parse_args()
    print("preparing the database (demo municipality, open round, logins) ...", flush=True)
    world = prepare()
    print(
        f"{len(world['pupils'])} pupils in the round, {len(world['teachers'])} teachers, "
        f"{len(world['coordinators'])} coordinators",
        flush=True,
    )
    web = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(args.workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env(),
    )
    best = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/health/live/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        for users in [int(n) for n in args.steps.split(",")]:
            load_before = os.getloadavg()[0]
            rps, p95, errors, count = run_step(users, args.seconds, world)
            print(
                f"step users={users}: {count} requests, rps={rps:.1f} p95_ms={p95:.0f} "
                f"errors={errors} (load average {load_before:.1f} -> {os.getloadavg()[0]:.1f})",
                flush=True,
            )
            if p95 < 500 and errors == 0:
                best = (users, rps, p95, errors)
            else:
                break
    finally:
        web.terminate()
        web.wait(timeout=30)
    if best is None:
        print("load-bench: no step held p95 < 500 ms without errors")
        return 1
    users, rps, p95, errors = best
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"load-bench: users={users} rps={rps:.1f} p95_ms={p95:.0f} errors={errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
