"""Load test at municipal scale: gunicorn on PostgreSQL, 16 concurrent clients, wrk.

    .venv/bin/python bench/generate.py                 # the data set, once (about a minute)
    .venv/bin/python bench/load.py [--duration 60] [--connections 16] [--workers 3] [--only NAME ...]

Serves the application with gunicorn as the README deploys it (DEBUG=false, a SECRET_KEY,
ALLOWED_HOSTS, CONN_MAX_AGE=60, collected static files, SECURE_PROXY_SSL_HEADER=true)
on 127.0.0.1 over plain http. wrk plays the TLS-terminating proxy by sending
`X-Forwarded-Proto: https`, so HTTPS redirect, secure cookies and HSTS stay on exactly as
in production and no security setting is switched off for the benchmark.

The partner and the planner that bench/generate.py made are logged in by creating their
sessions the way Django's login does (the test client's force_login) and handing wrk the
session cookie. Then each page is loaded by CONNECTIONS concurrent clients for DURATION
seconds, one page at a time, and the script prints p50 / p95 / p99, requests per second
and errors (any response that is not 200, and socket errors and timeouts) per page and
persona, beside the same figures for the login page (the floor: a trivial page that goes
through the whole middleware stack of the same server). Last it times one agreement's PDF:
rendered in-process (as bench/render_agreement.py does) and downloaded over HTTP.

Targets on the 2-core benchmark machine: p50 <= 150 ms, p95 <= 500 ms, no errors.
wrk comes from Debian (`apt-get install wrk`); the script says so if it is missing.
gunicorn is stopped at the end, also when the script fails or is interrupted.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/iop_bench"
P50_TARGET, P95_TARGET = 150.0, 500.0  # milliseconds
DATABASE_NAME = b" iop_bench "  # as PostgreSQL names its backends: "postgres: USER DATABASE HOST"
FLOOR = "/konto/logga-in/"  # the login page: no session, no database query, the whole middleware stack
PROGRESS = "followup:hours-progress"

# wrk counts only socket errors and status >= 400 itself; this also counts redirects (a lost
# session would redirect to the login page) and prints the figures as one JSON line.
WRK_SCRIPT = r"""
local threads = {}
not_ok = 0 -- global: each thread's own copy, read back with thread:get

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f, ' ..
    '"not_200": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, bad, e.connect + e.read + e.write + e.timeout))
end
"""


def environment(database_url, var_dir):
    """Production settings as the README's deployment section sets them."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "iop.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_PROXY_SSL_HEADER": "true",
            "CONN_MAX_AGE": "60",
            "VAR_DIR": str(var_dir),
            "STATIC_ROOT": str(var_dir / "static"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "unknown CPU",
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM"


# --- In-process: sessions, the pages to load, the PDF --------------------------------------------


def session_cookie(username):
    from django.conf import settings
    from django.test import Client

    from iop.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def pages():
    """[(persona, page, path)]: what each persona opens, on agreements that are in force."""
    from django.urls import reverse
    from django.utils import timezone

    from agreements.models import Agreement, AgreementVersion, Status
    from agreements.state import Phase, state, with_state
    from bench.generate import PERSONAS
    from iop.accounts import access
    from iop.accounts.models import User

    today = timezone.localdate()
    planner = User.objects.get(username=PERSONAS["planner"])
    partner = User.objects.get(username=PERSONAS["partner"])
    committee = planner.committees.get()

    def in_force(queryset):
        return next(a for a in with_state(queryset.order_by("pk")) if state(a, today).phase == Phase.IN_FORCE)

    planners_agreement = in_force(Agreement.objects.filter(versions__committee=committee))
    partners_agreement = in_force(access.visible(partner, Agreement))
    draft = AgreementVersion.objects.filter(committee=committee, status=Status.DRAFT).order_by("pk").first()
    start, agreements, progress = reverse("desk:start"), reverse("agreements:agreement-list"), reverse(PROGRESS)
    overview = reverse("finance:committee-overview")

    def detail(agreement):
        return reverse("agreements:agreement-detail", args=[agreement.pk])

    return {
        "floor": [("anonymous", "login page (floor)", FLOOR)],
        "partner": [
            ("partner", "start page", start),
            ("partner", "agreement list", agreements),
            ("partner", "agreement page", detail(partners_agreement)),
            ("partner", "hours progress", progress),
            ("partner", "hours progress, one agreement", f"{progress}?agreement={partners_agreement.pk}"),
        ],
        "planner": [
            ("planner", "start page", start),
            ("planner", "agreement list", agreements),
            ("planner", "agreement page", detail(planners_agreement)),
            ("planner", "hours progress", progress),
            ("planner", "hours progress, one agreement", f"{progress}?agreement={planners_agreement.pk}"),
            ("planner", "committee overview", overview),
            ("planner", "committee overview, own committee", f"{overview}?committee={committee.pk}"),
        ],
        "pdf": {
            "signed": partners_agreement.versions.get(status=Status.SIGNED),
            "draft_path": reverse("agreements:version-pdf", args=[draft.agreement_id, draft.number]) if draft else None,
        },
        "who": f"planner of {committee.name}; partner of {partner.organisations.get().name} "
        f"({access.visible(partner, Agreement).count()} agreements)",
    }


def render_times(version, rounds):
    from agreements import document

    document.render(version)  # the first rendering in a process loads fonts; not counted
    result = {}
    for archive in (False, True):
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            document.render(version, archive=archive)
            times.append(time.perf_counter() - start)
        result["PDF/A (archive)" if archive else "PDF"] = times
    return result


# --- Out of process: gunicorn and wrk ------------------------------------------------------------


def get(base, path, cookie=None):
    """(status, seconds) of one request as wrk sends it; redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    headers = {"X-Forwarded-Proto": "https"} | ({"Cookie": cookie} if cookie else {})
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310  (our own http://127.0.0.1)
    start = time.perf_counter()
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - start


def start_gunicorn(env, port, workers):
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "iop.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        time.sleep(0.2)
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        try:
            if get(base, FLOOR)[0] == 200:
                return server, base
        except OSError:
            continue
    stop(server)
    raise SystemExit("gunicorn did not answer")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wrk(base, path, cookie, *, connections, duration, script):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", str(script)]
    command += ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    run = subprocess.run([*command, base + path], capture_output=True, text=True)  # noqa: S603
    match = re.search(r"^RESULT (.*)$", run.stdout, re.MULTILINE)
    if run.returncode or not match:
        raise SystemExit(f"wrk failed: {run.stdout}{run.stderr}")
    return json.loads(match.group(1))


def cpu_seconds(server_pid):
    """{(kind, pid): CPU seconds} of gunicorn (its process group, kind "app") and of the
    PostgreSQL backends serving the benchmark database (kind "db")."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue  # the process ended meanwhile
        seconds = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        if int(fields[2]) == server_pid:  # process group
            used["app", stat.parent.name] = seconds
        elif cmdline.startswith(b"postgres: ") and DATABASE_NAME in cmdline:
            used["db", stat.parent.name] = seconds
    return used


def cpu_used(before, after, kind):
    """CPU seconds a kind of process used between two readings: what a request costs,
    whatever else runs on the machine. A process that ended in between is not counted."""
    return sum(seconds - before.get(key, 0.0) for key, seconds in after.items() if key[0] == kind)


def verdict(row):
    met = row["p50"] <= P50_TARGET and row["p95"] <= P95_TARGET and not row["errors"]
    return "yes" if met else "**no**"


def main(arguments):
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (Debian's package).")
    var_dir = Path(tempfile.mkdtemp(prefix="iop-load-"))
    env = environment(arguments.database_url, var_dir)
    os.environ.update(env)
    subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )

    import django

    django.setup()
    plan = pages()
    cookies = {
        "anonymous": None,
        "planner": session_cookie("bench-planner"),
        "partner": session_cookie("bench-partner"),
    }
    script = var_dir / "report.lua"
    script.write_text(WRK_SCRIPT)

    print(f"Machine: {machine()}; gunicorn --workers {arguments.workers}; wrk -t2 -c{arguments.connections}")
    print(f"Personas: {plan['who']}\n")
    rows = []
    # A SIGTERM (e.g. from timeout) ends the script through the finally below, so gunicorn stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    server, base = start_gunicorn(env, arguments.port, arguments.workers)
    try:
        targets = [item for group in ("floor", "partner", "planner") for item in plan[group]]
        if arguments.only:
            targets = [t for t in targets if any(name in f"{t[0]} {t[1]}" for name in arguments.only)]
        for persona, page, path in targets:
            # Each page is checked once before it is loaded: a 302 means a lost session.
            status, _seconds = get(base, path, cookies[persona])
            if status != 200:
                raise SystemExit(f"{persona} {path} answered {status}, not 200")
            single = statistics.median(get(base, path, cookies[persona])[1] for _ in range(5)) * 1000
            load_before = os.getloadavg()[0]
            cpu_before = cpu_seconds(server.pid)
            result = wrk(
                base,
                path,
                cookies[persona],
                connections=arguments.connections,
                duration=arguments.duration,
                script=script,
            )
            cpu_after = cpu_seconds(server.pid)
            row = {
                "app_cpu": cpu_used(cpu_before, cpu_after, "app") / result["requests"] * 1000,
                "db_cpu": cpu_used(cpu_before, cpu_after, "db") / result["requests"] * 1000,
                "persona": persona,
                "page": page,
                "path": path,
                "single": single,
                "p50": result["p50"],
                "p95": result["p95"],
                "p99": result["p99"],
                "rps": result["requests"] / result["seconds"],
                "requests": result["requests"],
                "errors": result["not_200"] + result["socket_errors"],
                # The 1-minute load average after the run, with wrk and gunicorn in it; much above
                # 2 + 16 queued requests' worth means other work was on the machine too.
                "load": os.getloadavg()[0],
                "load_before": load_before,
            }
            rows.append(row)
            print(
                f"{persona:9} {page:34} single {single:7.1f} ms  p50 {row['p50']:7.1f}  p95 {row['p95']:7.1f}  "
                f"p99 {row['p99']:7.1f} ms  {row['rps']:6.1f} req/s  errors {row['errors']}/{row['requests']}  "
                f"cpu/req app {row['app_cpu']:.0f} db {row['db_cpu']:.0f} ms  load {row['load_before']:.1f}/{row['load']:.1f}",
                flush=True,
            )
        pdf_http = []
        if plan["pdf"]["draft_path"] and not arguments.only:
            get(base, plan["pdf"]["draft_path"], cookies["planner"])  # warms the worker's fonts
            pdf_http = [get(base, plan["pdf"]["draft_path"], cookies["planner"]) for _ in range(5)]
    finally:
        stop(server)

    print(
        "\n| persona | page | path | alone | p50 | p95 | p99 | req/s | errors | CPU/request app + db | load | target met |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        print(
            f"| {row['persona']} | {row['page']} | `{row['path']}` | {row['single']:.0f} ms | {row['p50']:.0f} ms | "
            f"{row['p95']:.0f} ms | {row['p99']:.0f} ms | {row['rps']:.1f} | {row['errors']} of {row['requests']} | "
            f"{row['app_cpu']:.0f} + {row['db_cpu']:.0f} ms | {row['load_before']:.1f} → {row['load']:.1f} | {verdict(row)} |"
        )
    if not arguments.only:
        version = plan["pdf"]["signed"]
        print(f"\nPDF of {version.agreement.registry_number} (version {version.number}), rendered in-process:")
        for label, times in render_times(version, arguments.pdf_rounds).items():
            print(
                f"  {label:16} median {statistics.median(times):.3f} s  min {min(times):.3f} s  "
                f"max {max(times):.3f} s  ({len(times)} rounds)"
            )
        if pdf_http:
            statuses = {status for status, _seconds in pdf_http}
            seconds = [s for _status, s in pdf_http]
            print(
                f"  over HTTP (a draft, rendered per request; status {statuses}): median "
                f"{statistics.median(seconds):.3f} s  min {min(seconds):.3f} s  max {max(seconds):.3f} s"
            )
    shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--duration", type=int, default=60, help="seconds per page (default 60)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as the README)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pdf-rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="only pages whose 'persona page' contains one of these")
    main(parser.parse_args())
