"""Fault and restore drills on a throwaway PostgreSQL cluster of this machine (`make drill`).

Never touches the shared server on 5432: it makes its own cluster (initdb of the installed
PostgreSQL 15) on DRILL_PORT with WAL archiving on, runs Ungegaranti's worker against it, and:

1. import killed: SIGKILL of the worker half-way through an import of young people; the next
   worker completes it; the import is whole or absent, never half, no row lost or doubled;
2. allocation killed: SIGKILL half-way through an allocation run; the next worker makes exactly
   the two runs;
3. database stopped: PostgreSQL stopped 30 s while gunicorn serves pages and the worker sends
   e-mails: pages answer the Danish "prøv igen" page (503), the jobs are retried, nothing lost;
4. restore: base backup + archived WAL restored into a fresh cluster on another port; row
   counts and checksums of every table compared with the source; uploaded files compared.

Ends with one line:
ops-drill: tasks_killed=N tasks_completed=N rows_lost=0 restore_ok=1 restore_s=X
Run as root (it runs PostgreSQL as the postgres user). Not part of the test suite.
"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
PORT = int(os.environ.get("DRILL_PORT", "5491"))
RESTORE_PORT = PORT + 1
WEB_PORT = int(os.environ.get("DRILL_WEB_PORT", "8791"))
DB = "ungegaranti_drill"
IMPORT_ROWS = int(os.environ.get("DRILL_IMPORT_ROWS", "3000"))
OUTAGE_S = int(os.environ.get("DRILL_OUTAGE_S", "30"))


def say(text: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {text}", flush=True)


def as_postgres(*cmd: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *cmd], check=check, text=True, **kwargs
    )


class Cluster:
    def __init__(self, base: Path, name: str, port: int):
        self.data = base / name
        self.port = port
        self.log = base / f"{name}.log"

    def init(self, archive: Path) -> None:
        as_postgres(
            str(PGBIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--data-checksums",
            stdout=subprocess.DEVNULL,
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.data}'\n"
                "wal_level = replica\narchive_mode = on\n"
                f"archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'\n"
                "max_connections = 60\nfsync = on\n"
            )

    def start(self) -> None:
        as_postgres(
            str(PGBIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "120",
            "start",
            stdout=subprocess.DEVNULL,
        )

    def stop(self, mode: str = "fast") -> None:
        as_postgres(
            str(PGBIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            mode,
            "-w",
            "stop",
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def sql(self, query: str, db: str = DB) -> str:
        done = as_postgres(
            str(PGBIN / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-d",
            db,
            "-XAtq",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            query,
            capture_output=True,
        )
        return done.stdout.strip()

    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB}"


class Drill:
    def __init__(self, base: Path):
        self.base = base
        self.archive = base / "wal-archive"
        self.source = Cluster(base, "source", PORT)
        self.var = base / "var"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": self.source.url(),
            "UNGEGARANTI_VAR_DIR": str(self.var),
            "JOBS_LEASE_SECONDS": "3",
            "JOBS_RETRY_BASE_SECONDS": "2",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DEBUG": "false",
            "DB_CONN_MAX_AGE": "0",
        }
        self.tasks_killed = 0
        self.tasks_completed = 0
        self.rows_lost = 0
        self.workers: list[subprocess.Popen] = []

    # --- plumbing ---------------------------------------------------------------------------

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def django(self, script: str) -> str:
        return self.manage("shell", "-c", script)

    def worker(self, name: str) -> subprocess.Popen:
        log = open(self.base / f"worker-{name}.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            [PYTHON, "manage.py", "worker", "--worker-id", name, "--poll", "0.2", "--no-schedule"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        self.tasks_killed += 1

    def job(self, uuid: str) -> dict:
        row = self.source.sql(
            "SELECT json_build_object('status', status, 'done', done, 'total', total, "
            f"'attempts', attempts) FROM core_backgroundjob WHERE uuid = '{uuid}'"
        )
        return json.loads(row)

    def _finished(self, uuid: str) -> bool:
        status = self.job(uuid)["status"]
        if status == "FAILED":
            result = self.source.sql(
                f"SELECT result::text FROM core_backgroundjob WHERE uuid = '{uuid}'"
            )
            raise SystemExit(f"drill: job {uuid} failed: {result[:2000]}")
        return status == "SUCCEEDED"

    def wait_for(self, what: str, test, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not test():
            if time.monotonic() > deadline:
                raise SystemExit(f"drill: timed out waiting for {what}")
            time.sleep(0.1)

    def count(self, table: str) -> int:
        return int(self.source.sql(f"SELECT count(*) FROM {table}"))

    # --- the drills -------------------------------------------------------------------------

    def setup(self) -> None:
        self.archive.mkdir()
        shutil.chown(self.base, "postgres")
        shutil.chown(self.archive, "postgres")
        self.source.init(self.archive)
        self.source.start()
        self.source.sql(f"CREATE DATABASE {DB}", db="postgres")
        say("migrating and loading the demo municipality")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("demo_municipality", "--seed", "860", "--if-empty")

    def import_killed(self) -> None:
        before = self.count("people_youngperson")
        uuid = (
            self.django(
                "import io\n"
                "from datetime import date\n"
                "from django.core.files.uploadedfile import SimpleUploadedFile\n"
                "from django.db import transaction\n"
                "from ungegaranti.core.jobs import job_enqueue\n"
                "from ungegaranti.core.models import User\n"
                "from ungegaranti.people.cpr import synthetic_cpr\n"
                "from ungegaranti.people.models import School\n"
                "school = School.objects.order_by('name').first()\n"
                "lines = ['cpr;fornavn;efternavn;postnummer;skole;klasse']\n"
                f"for i in range({IMPORT_ROWS}):\n"
                "    day = date(1998, 1, 1).toordinal() + i // 100\n"
                "    cpr = synthetic_cpr(date.fromordinal(day), i % 100, male=i % 2 == 0).reveal()\n"
                "    lines.append(f'{cpr};Øvelse{i};Drill;9800;;')\n"
                "user = User.objects.filter(role='SECRETARIAT').first()\n"
                "upload = SimpleUploadedFile('drill.csv', '\\n'.join(lines).encode())\n"
                "with transaction.atomic():\n"
                "    job = job_enqueue(kind='import_young_people', acting_user=user,\n"
                "                      params={'file_name': 'drill.csv'}, input_file=upload)\n"
                "print(job.uuid)\n"
            )
            .strip()
            .splitlines()[-1]
        )
        first = self.worker("import-1")
        # half-way: validation is done (its progress is visible), writing has begun
        self.wait_for(
            "the import to be half-way",
            lambda: self.job(uuid)["done"] >= IMPORT_ROWS // 2 and self.job(uuid)["total"],
        )
        time.sleep(0.3)
        state = self.job(uuid)
        self.kill(first)
        middle = self.count("people_youngperson") - before
        say(
            f"import: worker killed at {state['done']}/{state['total']} ({state['status']}); "
            f"rows added then: {middle}"
        )
        assert middle in (0, IMPORT_ROWS), "a killed import left part of its rows"
        self.worker("import-2")
        self.wait_for("the import to finish", lambda: self._finished(uuid))
        added = self.count("people_youngperson") - before
        counts = json.loads(
            self.source.sql(
                "SELECT json_build_object('created', result->'created', 'updated', "
                "result->'updated', 'unchanged', result->'unchanged') "
                f"FROM core_backgroundjob WHERE uuid = '{uuid}'"
            )
        )
        doubled = self.count(
            "(SELECT cpr_digest FROM people_youngperson GROUP BY 1 HAVING count(*) > 1) d"
        )
        self.tasks_completed += 1
        # a row of the file that matched a demo person updates it: every row is accounted for
        self.rows_lost += IMPORT_ROWS - sum(counts.values()) + max(0, counts["created"] - added)
        say(
            f"import: completed by the next worker after {self.job(uuid)['attempts']} attempts; "
            f"{counts} of {IMPORT_ROWS} rows, {added} new young people, {doubled} doubled"
        )
        assert added == counts["created"] and sum(counts.values()) == IMPORT_ROWS
        assert not doubled

    def allocation_killed(self) -> None:
        # the running workers would take the job at once: stop them (each finishes its job)
        for proc in self.workers:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=60)
        uuid = (
            self.django((ROOT / "ops" / "drill_round.py").read_text(encoding="utf-8"))
            .strip()
            .splitlines()[-1]
        )
        first = self.worker("alloc-1")
        self.wait_for("the run to start", lambda: self.job(uuid)["status"] == "RUNNING")
        time.sleep(0.2)
        status = self.job(uuid)["status"]
        self.kill(first)
        runs_then = self.count("placement_run")
        say(f"allocation: worker killed while the job was {status}; runs then: {runs_then}")
        assert runs_then in (0, 2)
        self.worker("alloc-2")
        self.wait_for("the allocation to finish", lambda: self._finished(uuid))
        runs = self.count("placement_run")
        self.tasks_completed += 1
        say(f"allocation: completed by the next worker; {runs} runs (two mechanisms, once)")
        assert runs == 2

    def database_stopped(self) -> None:
        """Gunicorn serves pages; the worker has 40 e-mails to send; PostgreSQL stops 30 s."""
        emails = (
            self.django(
                "from ungegaranti.core.models import User\n"
                "from ungegaranti.notifications.services import notify\n"
                "users = list(User.objects.exclude(email='')[:40])\n"
                "for u in users:\n"
                "    notify(recipient=u, subject='Øvelse: databasen stopper')\n"
                "print(len(users))\n"
            )
            .strip()
            .splitlines()[-1]
        )
        web_log = open(self.base / "gunicorn.log", "w")  # noqa: SIM115
        web = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{WEB_PORT}",
                "-w",
                "2",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=web_log,
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_for("gunicorn", lambda: self._get("/health/live/")[0] == 200, 60)
            self.source.stop("immediate")
            say(f"database stopped for {OUTAGE_S} s")
            answers: dict[int, int] = {}
            danish = 0
            stopped_at = time.monotonic()
            while time.monotonic() - stopped_at < OUTAGE_S:
                status, body = self._get("/tilbud/")
                answers[status] = answers.get(status, 0) + 1
                danish += "Prøv igen om lidt" in body
                time.sleep(0.2)
            self.source.start()
            say(
                f"database back; pages during the outage: {answers}, "
                f"{danish} with the Danish 'prøv igen' page"
            )
            assert set(answers) == {503} and danish == sum(answers.values())
            self.wait_for(
                "the e-mails",
                lambda: (
                    self.count(
                        "notifications_notification WHERE emailed_at IS NOT NULL "
                        "AND subject = 'Øvelse: databasen stopper'"
                    )
                    == int(emails)
                ),
                180,
            )
            self.wait_for("a page again", lambda: self._get("/tilbud/")[0] == 200, 60)
            say(f"all {emails} e-mail jobs sent after the outage; pages answer 200 again")
            self.tasks_completed += 0  # e-mails are counted below
            failed = self.count("core_backgroundjob WHERE status = 'FAILED'")
            assert failed == 0, f"{failed} jobs failed"
        finally:
            web.terminate()
            web.wait(timeout=30)

    def _get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}{path}", timeout=10) as r:  # noqa: S310
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return 0, ""

    def checksums(self, cluster: Cluster) -> dict[str, tuple[int, str]]:
        tables = cluster.sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).split()
        sums = {}
        for table in tables:
            row = cluster.sql(
                f"SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                f"FROM {table} t"
            )
            count, _, digest = row.partition(" ")
            sums[table] = (int(count), digest)
        return sums

    def restore(self) -> float:
        backup = self.base / "base-backup"
        as_postgres(
            str(PGBIN / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PORT),
            "-D",
            str(backup),
            "-X",
            "none",
            "-c",
            "fast",
            "--checkpoint=fast",
        )
        media_tar = self.base / "media.tar.gz"
        with tarfile.open(media_tar, "w:gz") as tar:
            tar.add(self.var / "media", arcname="media")
        # after the base backup: more changes, only in the WAL archive
        self.django(
            "from ungegaranti.core.models import User\n"
            "from ungegaranti.notifications.services import notify\n"
            "for u in User.objects.all()[:25]:\n"
            "    notify(recipient=u, subject='Efter basebackup')\n"
        )
        for proc in self.workers:  # nothing writes any more (heartbeats included)
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=60)
        # the checksums are taken with no more writes; then the segment holding the last change
        # is closed and must reach the archive before the server is "lost"
        expected = self.checksums(self.source)
        last = self.source.sql("SELECT pg_walfile_name(pg_switch_wal())")
        self.wait_for("the WAL archive", lambda: (self.archive / last).exists(), 120)
        self.source.stop()  # the server is lost

        started = time.monotonic()
        target = Cluster(self.base, "restored", RESTORE_PORT)
        shutil.copytree(backup, target.data)
        subprocess.run(["chown", "-R", "postgres:postgres", str(target.data)], check=True)
        os.chmod(target.data, 0o700)
        with open(target.data / "postgresql.auto.conf", "a") as conf:
            conf.write(
                f"port = {RESTORE_PORT}\nunix_socket_directories = '{target.data}'\n"
                f"restore_command = 'cp {self.archive}/%f %p'\narchive_mode = off\n"
                "recovery_target_action = 'promote'\n"
            )
        (target.data / "recovery.signal").touch()
        shutil.chown(target.data / "recovery.signal", "postgres")
        target.start()
        self.wait_for("recovery", lambda: target.sql("SELECT pg_is_in_recovery()") == "f", 120)
        got = self.checksums(target)
        restored_media = self.base / "media-restored"
        with tarfile.open(media_tar) as tar:
            tar.extractall(restored_media, filter="data")
        restore_s = time.monotonic() - started
        target.stop()

        differ = [t for t in expected if expected[t] != got.get(t)]
        rows = sum(count for count, _ in expected.values())
        say(f"restore: {len(expected)} tables, {rows} rows; differing: {differ or 'none'}")
        media_ok = _tree_digest(self.var / "media") == _tree_digest(restored_media / "media")
        say(f"restore: uploaded files {'identical' if media_ok else 'DIFFER'}")
        self.restore_ok = not differ and media_ok and set(expected) == set(got)
        return restore_s

    def cleanup(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.source.stop("immediate")
        Cluster(self.base, "restored", RESTORE_PORT).stop("immediate")


def _tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def main() -> int:
    if os.geteuid() != 0:
        print("ops-drill: run as root (it runs its own PostgreSQL as the postgres user)")
        return 2
    base = Path(tempfile.mkdtemp(prefix="ungegaranti-drill-"))
    drill = Drill(base)
    restore_s = 0.0
    drill.restore_ok = False
    try:
        drill.setup()
        drill.import_killed()
        drill.allocation_killed()
        drill.database_stopped()
        restore_s = drill.restore()
    finally:
        drill.cleanup()
    shutil.rmtree(base, ignore_errors=True)
    print(
        f"ops-drill: tasks_killed={drill.tasks_killed} tasks_completed={drill.tasks_completed} "
        f"rows_lost={drill.rows_lost} restore_ok={int(drill.restore_ok)} restore_s={restore_s:.1f}"
    )
    return 0 if drill.restore_ok and drill.rows_lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
