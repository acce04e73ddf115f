"""Memory of the production stack (the Procfile's web, worker, pdf and beat), at rest and
while a PDF roadmap renders: RSS and PSS summed over each process tree (pool children
included), in MiB. Not a test; needs PostgreSQL and redis-server on this machine.

    .venv/bin/python benchmarks/stack_memory.py

It makes its own database (dropped at the end) and Redis (on a free port), loads the
framework and the demo cohort, starts ``honcho start -f Procfile`` as ``scripts/serve.sh``
does, waits for /healthz, measures, asks for one roadmap, samples until it is ready,
measures again, then stops everything.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PROCESSES = ["web", "worker", "pdf", "beat"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process, in KiB; (0, 0) if it has gone."""
    try:
        rss = pss = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
        return rss, pss
    except OSError:
        return 0, 0


def kind(pid: int) -> str | None:
    commands = " ".join(
        Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        for p in tree(pid)
        if Path(f"/proc/{p}/cmdline").exists()
    )
    if "gunicorn" in commands:
        return "web"
    if " beat" in commands:
        return "beat"
    if "pdf@" in commands:
        return "pdf"
    if "worker@" in commands:
        return "worker"
    return None


def measure(honcho: int) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    for child in tree(honcho)[1:]:
        if (name := kind(child)) is None or name in figures:
            continue
        pids = tree(child)
        rss, pss = (sum(values) for values in zip(*(memory_kib(p) for p in pids), strict=True))
        figures[name] = {"processes": len(pids), "rss": rss / 1024, "pss": pss / 1024}
    return figures


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(VENV / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def healthy(base: str) -> bool:
    request = urllib.request.Request(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def request_roadmap(env: dict[str, str]) -> str:
    code = (
        "from assessments.models import Assessment; "
        "from reports.documents.services import report_request; "
        "a = Assessment.objects.exclude(status='draft').first(); "
        "print(report_request(assessment=a, language='fr', by=None).pk)"
    )
    return manage(env, "shell", "-v0", "-c", code).strip().splitlines()[-1]


def report_status(env: dict[str, str], pk: str) -> str:
    code = f"from reports.documents.models import Report; print(Report.objects.get(pk={pk}).status)"
    return manage(env, "shell", "-v0", "-c", code).strip().splitlines()[-1]


def table(title: str, figures: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{'process':8} {'procs':>5} {'RSS MiB':>9} {'PSS MiB':>9}")
    for name in PROCESSES:
        if name in figures:
            f = figures[name]
            print(f"{name:8} {f['processes']:5.0f} {f['rss']:9.0f} {f['pss']:9.0f}")
    print(
        f"{'total':8} {sum(f['processes'] for f in figures.values()):5.0f} "
        f"{sum(f['rss'] for f in figures.values()):9.0f} "
        f"{sum(f['pss'] for f in figures.values()):9.0f}"
    )


def main() -> None:
    database = f"m40_stack_memory_{os.getpid()}"
    redis_port, web_port = free_port(), free_port()
    work = Path(tempfile.mkdtemp(prefix="stack-memory-"))
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_QUEUE", "CELERY_PDF_QUEUE"}}
    env |= {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SECRET_KEY": "stack-memory-" + "x" * 50,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATA_DIR": str(work / "data"),
        "PORT": str(web_port),
        "PATH": f"{VENV}:{os.environ['PATH']}",
    }
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    redis = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    honcho = None
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "load_framework", "diagnostics/frameworks/default.yaml")
        manage(env, "load_demo")
        with (work / "honcho.log").open("wb") as log:
            honcho = subprocess.Popen(
                [str(VENV / "honcho"), "start", "-f", "Procfile", "-p", str(web_port)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{web_port}"
        deadline = time.monotonic() + 300
        while not healthy(base):
            if time.monotonic() > deadline or honcho.poll() is not None:
                sys.exit(f"the stack did not become healthy; see {work / 'honcho.log'}")
            time.sleep(2)
        time.sleep(15)  # let every process finish starting
        at_rest = measure(honcho.pid)
        table("At rest (healthy, no request):", at_rest)

        pk = request_roadmap(env)
        started, peak = time.monotonic(), at_rest
        while (status := report_status(env, pk)) not in {"ready", "failed"}:
            sample = measure(honcho.pid)
            peak = {
                name: max(peak.get(name, figures), figures, key=lambda f: f["pss"])
                for name, figures in sample.items()
            }
            if time.monotonic() - started > 180:
                sys.exit("the roadmap was not rendered within 3 minutes")
        print(
            f"\nOne roadmap (French) rendered through the pdf queue: {status} in "
            f"{time.monotonic() - started:.1f} s (including the polling)"
        )
        table("Peak while it rendered (largest PSS sampled per process):", peak)
        time.sleep(5)
        table("After it (at rest again):", measure(honcho.pid))
        print(json.dumps({"at_rest": at_rest, "peak": peak}))
    finally:
        if honcho is not None and honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGTERM)
            try:
                honcho.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(honcho.pid, signal.SIGKILL)
        redis.terminate()
        redis.wait(timeout=10)
        subprocess.run(
            ["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U", "postgres", database],
            check=False,
        )


if __name__ == "__main__":
    main()
