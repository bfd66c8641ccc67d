"""Load test of deadline morning in a municipality of Hjørring's size (issue 13).

The wish deadline of the work-experience rounds is today: most of the municipality's ~700
eighth-graders log in within the hour, look for offers and save their wishes; teachers check
their classes; coordinators watch their round fill up. This script

1. prepares PostgreSQL: the demo municipality of Hjørring's size, one open round for grade 8
   in each of the 6 school districts (10 offers of 15 seats each), a login for every pupil of
   the rounds, every class's teacher and every district's coordinator;
2. serves the site with gunicorn (GUNICORN_WORKERS sync processes) on 127.0.0.1:LOAD_PORT;
3. runs steps of concurrent virtual users (threads): 80 % pupils (home, search, an offer, the
   wish form, save three wishes), 10 % teachers (their classes' wishes), 10 % coordinators
   (their round and its pupils), each thinking 1-3 s between pages;
4. prints each step's requests per second, p95 and errors, and how busy the CPU was (cores'
   worth) in the gunicorn processes, in this database's PostgreSQL backends, in the load
   generator itself and on the whole machine (other users of the machine included), and ends
   with the largest step that held p95 < 500 ms without errors:

    load-bench: users=N rps=X p95_ms=Y errors=0

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ungegaranti_load .venv/bin/python benchmarks/load.py \
        [--steps 20,40,60,80,120,160] [--seconds 40] [--workers 3]

Logins are timed apart. A virtual user logs in before the step it joins (two at a time) and
stays logged in for the later steps. The local password login checks PBKDF2 with 1,000,000
iterations, about 0.6 s of CPU on this machine, on purpose; in production pupils and teachers
come through UNI-Login, where that cost does not arise. A deadline morning's ~700 logins
over an hour are 0.2 a second. Arriving all in one step they would measure the hash, not the
site.

Only 127.0.0.1 is ever addressed; every step is bounded in time. Not run by the test suite.
What limits the load, as measured on this machine: docs/operations.md "Capacity".
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
from datetime import timedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.services import user_create
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.models import Offer, OfferPeriod
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolDistrict
from ungegaranti.placement.models import Round
from ungegaranti.placement.selectors import round_pupils
from ungegaranti.placement.services import round_create, round_offers_set, round_open
from ungegaranti.plans.models import ActivityKind

secretariat = User.objects.filter(role=Role.SECRETARIAT).first()
municipality = secretariat.municipality
today = timezone.localdate()
start, end = today + timedelta(days=40), today + timedelta(days=44)
area = PostalArea.objects.get(code="9800")
partners = list(GuaranteePartner.objects.filter(municipality=municipality).order_by("pk")[:60])
# One round per school district, as Hjørring runs them (a praktikkoordinator per district),
# with 10 offers of 15 seats each; wish deadline today.
for d, district in enumerate(SchoolDistrict.objects.filter(municipality=municipality)):
    name = f"Belastning: ønskefrist ({district.name})"
    if Round.objects.filter(name=name).exists():
        continue
    with transaction.atomic():
        offers = []
        for i, partner in enumerate(partners[d * 10:(d + 1) * 10]):
            offer = Offer.objects.create(
                municipality=municipality, partner=partner, type=ActivityKind.WORK_EXPERIENCE,
                title=f"Praktik som lærling {d}-{i}", description="Belastningstest.", sector="C",
                address="Vej 1", postal_code="9800", latitude=area.latitude,
                longitude=area.longitude, min_age=13, max_age=17, min_grade=7, max_grade=9,
                suits_support_needs=True, contact_name="Test", contact_email="t@example.org",
                status=Offer.Status.PUBLISHED, published_at=timezone.now())
            OfferPeriod.objects.create(municipality=municipality, offer=offer,
                                       start_date=start, end_date=end, seats=15)
            offers.append(offer)
        round = round_create(acting_user=secretariat, name=name, grades=[8], district=district,
                             start_date=start, end_date=end, wish_deadline_date=today)
        round_offers_set(round=round, seats={o.uuid: 15 for o in offers}, acting_user=secretariat)
        round = round_open(round=round, acting_user=secretariat)
        User.objects.bulk_create([
            User(username=f"load-{person.uuid.hex[:12]}", password="!", role=Role.YOUNG_PERSON,
                 municipality=municipality, young_person=person, first_name="Elev")
            for person in round_pupils(round=round)
        ], ignore_conflicts=True)
    # a teacher for every class of the round and the district's coordinator, as the
    # municipality has them (the demo has one login of each)
    for klass in {p.school_class for p in round_pupils(round=round).select_related("school_class")
                  if p.school_class}:
        if not User.objects.filter(username=f"load-teacher-{klass.uuid.hex[:12]}").exists():
            user_create(username=f"load-teacher-{klass.uuid.hex[:12]}", password=None,
                        role=Role.TEACHER, municipality=municipality, teaching_classes=[klass],
                        first_name="Lærer", acting_user=None)
    if not User.objects.filter(username=f"load-coordinator-{district.uuid.hex[:12]}").exists():
        user_create(username=f"load-coordinator-{district.uuid.hex[:12]}", password=None,
                    role=Role.WORK_EXPERIENCE_COORDINATOR, municipality=municipality,
                    district=district, first_name="Koordinator", acting_user=None)
User.objects.filter(username__startswith="load-").update(password=make_password(PASSWORD))
rounds = {r.district_id: r for r in Round.objects.filter(name__startswith="Belastning: ønskefrist (")}
for u in User.objects.filter(username__startswith="load-", role=Role.YOUNG_PERSON).select_related(
        "young_person__school").order_by("username"):
    print("PUPIL", u.username, u.young_person.uuid, rounds[u.young_person.school.district_id].uuid)
for u in User.objects.filter(username__startswith="load-teacher-").order_by("username"):
    print("TEACHER", u.username)
for u in User.objects.filter(username__startswith="load-coordinator-").order_by("username"):
    print("COORDINATOR", u.username, rounds[u.district_id].uuid)
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
    out = manage("shell", "-v0", "-c", SETUP.replace("PASSWORD", repr(PASSWORD)))
    world: dict = {"pupils": [], "teachers": [], "coordinators": []}
    for line in out.splitlines():
        if not line.strip():
            continue
        kind, *rest = line.split()
        if kind == "PUPIL":
            world["pupils"].append(tuple(rest))  # username, person, round
        elif kind == "TEACHER":
            world["teachers"].append(rest[0])
        elif kind == "COORDINATOR":
            world["coordinators"].append(tuple(rest))  # username, round
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

    def p95_ms(self) -> float:
        if len(self.latencies) < 20:
            return max(self.latencies, default=0.0) * 1000
        return statistics.quantiles(self.latencies, n=20)[-1] * 1000


class Browser:
    """One virtual user's browser: its cookies (the session) and where its timings go."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.stats = Stats()

    def request(self, path: str, data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(BASE + path, body, timeout=30) as response:  # noqa: S310
                text = response.read().decode()
                ok = response.status == 200
        except urllib.error.HTTPError as error:
            text, ok = error.read().decode(), False
        except OSError:
            text, ok = "", False
        self.stats.add(time.perf_counter() - started, ok)
        return text

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self, username: str) -> bool:
        self.request("/log-ind/")
        page = self.request(
            "/log-ind/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        return 'name="password"' not in page  # the login form again: refused


def pupil(browser: Browser, stop: threading.Event, world: dict, rng: random.Random, i: int) -> None:
    _, person, round = world["pupils"][i % len(world["pupils"])]
    wish_path = f"/praktikrunder/{round}/oensker/{person}/"

    def think() -> bool:
        return not stop.wait(rng.uniform(1.0, 3.0))

    while think():
        browser.request("/")
        if not think():
            return
        words = ["praktik", "lærling", "kok", "smed", "butik", "it"]
        page = browser.request("/tilbud/?" + urllib.parse.urlencode({"q": rng.choice(words)}))
        offers = re.findall(r'href="(/tilbud/[0-9a-f-]{36}/)"', page)
        if offers and think():
            browser.request(rng.choice(offers))
        if not think():
            return
        form = browser.request(wish_path)
        choices = sorted(set(re.findall(r'<option value="([0-9a-f-]{36})"', form)))
        if len(choices) >= 3 and think():
            picked = rng.sample(choices, 3)
            browser.request(
                wish_path,
                {
                    "csrfmiddlewaretoken": browser.csrf(),
                    "wish_1": picked[0],
                    "wish_2": picked[1],
                    "wish_3": picked[2],
                },
            )


def teacher(browser: Browser, stop: threading.Event, world: dict, rng: random.Random, i: int):
    while not stop.wait(rng.uniform(1.0, 3.0)):
        browser.request("/erhvervspraktik/klasser/")


def coordinator(browser: Browser, stop: threading.Event, world: dict, rng: random.Random, i: int):
    round = world["coordinators"][(i // 10) % len(world["coordinators"])][1]
    while not stop.wait(rng.uniform(1.0, 3.0)):
        browser.request(f"/praktikrunder/{round}/")
        if not stop.wait(rng.uniform(1.0, 3.0)):
            browser.request(f"/praktikrunder/{round}/elever/")


def role_of(i: int):  # noqa: ANN201
    """8 of 10 virtual users are pupils, 1 a teacher, 1 a coordinator."""
    return pupil if i % 10 < 8 else (teacher if i % 10 == 8 else coordinator)


def username_of(i: int, world: dict) -> str:
    role = role_of(i)
    if role is pupil:
        return world["pupils"][i % len(world["pupils"])][0]
    if role is teacher:
        return world["teachers"][(i // 10) % len(world["teachers"])]
    return world["coordinators"][(i // 10) % len(world["coordinators"])][0]


def log_in(browsers: list[Browser], upto: int, world: dict, login_stats: Stats) -> None:
    """Log in the virtual users a step adds, two at a time (the machine's cores): a password
    check is PBKDF2 with 1,000,000 iterations, about 0.6 s of CPU, so logins are timed apart
    from the browsing (see the module's note on logins)."""
    new = list(range(len(browsers), upto))
    browsers.extend(Browser() for _ in new)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not new:
                    return
                i = new.pop(0)
            browser = browsers[i]
            ok = browser.login(username_of(i, world))
            with lock:
                login_stats.latencies.extend(browser.stats.latencies)
                login_stats.errors += browser.stats.errors + (not ok)
            browser.stats = Stats()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc), 0 for one that is gone."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy so far (everything on the machine, other users too)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def gunicorn_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


def postgres_pids() -> list[int]:
    """The server processes of this benchmark's database (persistent: DB_CONN_MAX_AGE)."""
    out = manage(
        "shell",
        "-v0",
        "-c",
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()')\n"
        "    print(' '.join(str(r[0]) for r in c.fetchall()))",
    )
    return [int(p) for p in out.split()]


def run_step(users: int, seconds: float, world: dict, browsers: list[Browser], master: int):  # noqa: ANN201
    stop = threading.Event()
    for browser in browsers:
        browser.stats = Stats()
    threads = [
        threading.Thread(
            target=role_of(i), args=(browsers[i], stop, world, random.Random(i), i), daemon=True
        )
        for i in range(users)
    ]
    web = gunicorn_pids(master)
    db = postgres_pids()
    before = (cpu_seconds(web), cpu_seconds(db), os.times(), machine_busy_seconds())
    started = time.monotonic()
    for thread in threads:  # arrive over the first quarter of the step, not all at once
        thread.start()
        time.sleep(seconds / 4 / users)
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    elapsed = time.monotonic() - started
    generator = os.times()
    cpu = {
        "gunicorn": cpu_seconds(web) - before[0],
        "postgres": cpu_seconds(db) - before[1],
        "generator": generator.user + generator.system - before[2].user - before[2].system,
        "machine": machine_busy_seconds() - before[3],
    }
    stats = Stats()
    for browser in browsers[:users]:
        stats.latencies += browser.stats.latencies
        stats.errors += browser.stats.errors
    return (
        len(stats.latencies) / elapsed,
        stats.p95_ms(),
        stats.errors,
        len(stats.latencies),
        {k: v / elapsed for k, v in cpu.items()},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="20,40,60,80,120,160")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", "3")))
    args = parser.parse_args()
    print("preparing the database (demo municipality, open round, logins) ...", flush=True)
    world = prepare()
    print(
        f"{len(world['pupils'])} pupils in the round, {len(world['teachers'])} teachers, "
        f"{len(world['coordinators'])} coordinators; gunicorn {args.workers} workers, "
        f"{os.cpu_count()} cores",
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
    browsers: list[Browser] = []
    login_stats = Stats()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/health/live/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        for users in [int(n) for n in args.steps.split(",")]:
            log_in(browsers, users, world, login_stats)
            load_before = os.getloadavg()[0]
            rps, p95, errors, count, cpu = run_step(users, args.seconds, world, browsers, web.pid)
            print(
                f"step users={users}: {count} requests, rps={rps:.1f} p95_ms={p95:.0f} "
                f"errors={errors}; CPU cores busy: gunicorn {cpu['gunicorn']:.2f}, "
                f"postgres {cpu['postgres']:.2f}, load generator {cpu['generator']:.2f}, "
                f"whole machine {cpu['machine']:.2f} of {os.cpu_count()} "
                f"(load average {load_before:.1f} -> {os.getloadavg()[0]:.1f})",
                flush=True,
            )
            if p95 < 500 and errors == 0:
                best = (users, rps, p95, errors)
            else:
                break
    finally:
        web.terminate()
        web.wait(timeout=30)
    print(
        f"logins (timed apart): {len(login_stats.latencies) // 2} users, "
        f"p95_ms={login_stats.p95_ms():.0f} errors={login_stats.errors}"
    )
    if best is None:
        print("load-bench: no step held p95 < 500 ms without errors")
        return 1
    users, rps, p95, errors = best
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"load-bench: users={users} rps={rps:.1f} p95_ms={p95:.0f} errors={errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
