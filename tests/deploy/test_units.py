"""deploy/: the systemd units run the Procfile's commands, restart and are limited; the
nginx site lets through what the app accepts."""

import configparser
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
UNITS = ROOT / "deploy" / "systemd"
PROCESSES = ["web", "worker", "pdf", "beat"]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


def unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / f"maturite40-{name}.service").read_text())
    return parser


def words(command: str) -> list[str]:
    """A command as words, each variable as ``$NAME`` whatever its default, systemd's ``%%``
    as ``%``, and a program by its name alone (the unit gives the virtualenv's path)."""
    command = re.sub(r"\$\{(\w+)(:-[^}]*)?\}|\$(\w+)", lambda m: f"${m[1] or m[3]}", command)
    found = [word.replace("%%", "%") for word in shlex.split(command)]
    return [Path(found[0]).name, *found[1:]]


@pytest.mark.parametrize("name", PROCESSES)
def test_each_unit_runs_the_procfile_command(name: str) -> None:
    assert words(unit(name)["Service"]["ExecStart"]) == words(procfile()[name])


@pytest.mark.parametrize("name", PROCESSES)
def test_each_unit_restarts_on_failure_is_limited_and_reads_the_environment_file(name: str) -> None:
    service = unit(name)["Service"]
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/maturite40/maturite40.env"
    assert service["MemoryMax"].endswith("M")
    assert int(service["TasksMax"]) > 0
    assert service["User"] == "maturite40"
    assert unit(name)["Install"]["WantedBy"] == "maturite40.target"


@pytest.mark.parametrize("name", PROCESSES)
def test_each_variable_a_unit_uses_has_a_default_in_the_unit(name: str) -> None:
    service = unit(name)["Service"]
    defaults = {pair.split("=")[0] for pair in service["Environment"].split()}
    used = set(re.findall(r"\$\{(\w+)\}", service["ExecStart"]))
    assert used <= defaults


def test_the_target_starts_every_process() -> None:
    target = (UNITS / "maturite40.target").read_text()
    assert all(f"maturite40-{name}.service" in target for name in PROCESSES)


def test_nginx_lets_through_an_evidence_file_of_the_largest_size_allowed() -> None:
    site = (ROOT / "deploy" / "nginx" / "maturite40.conf").read_text()
    size = re.search(r"client_max_body_size (\d+)m;", site)
    assert size is not None
    assert int(size[1]) * 2**20 > settings.EVIDENCE_MAX_BYTES
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert re.search(r"proxy_read_timeout \d+s;", site)


def test_gunicorn_keeps_idle_connections_longer_than_nginx_reuses_them() -> None:
    """nginx reuses idle upstream connections (keepalive); if gunicorn closes one first
    (its default: after 2 s), a request nginx sends on it at that moment fails, and a POST,
    an autosave, is not retried: a 502. So gunicorn must wait longer than nginx."""
    web = words(procfile()["web"])
    assert "--keep-alive" in web, "gunicorn's default keep-alive (2 s) is shorter than nginx's"
    gunicorn_seconds = int(web[web.index("--keep-alive") + 1])
    site = (ROOT / "deploy" / "nginx" / "maturite40.conf").read_text()
    upstream = site[site.index("upstream maturite40_web") :]
    upstream = upstream[: upstream.index("}")]
    nginx_seconds = int(re.search(r"keepalive_timeout\s+(\d+)s;", upstream)[1])  # type: ignore[index]
    assert gunicorn_seconds > nginx_seconds
    bench = (ROOT / "benchmarks" / "load" / "run.sh").read_text()
    assert f"--keep-alive {gunicorn_seconds}" in bench, "the benchmark runs gunicorn as served"
