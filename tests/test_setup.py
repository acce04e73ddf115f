"""What a newcomer runs first: the lock file, the example settings, the set-up script."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]
    ]


def test_the_lock_pins_every_declared_dependency_within_its_range() -> None:
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run bash scripts/lock.sh"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} is outside {requirement.specifier}: run bash scripts/lock.sh"
        )


def test_the_set_up_installs_from_the_lock() -> None:
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    assert '-r "$ROOT/requirements.lock"' in bootstrap
    assert '--no-deps -e "$ROOT"' in bootstrap  # the project itself, nothing unlocked
    assert bootstrap.count("DPkg::Lock::Timeout=") == 2  # waits for another install


def test_the_licence_is_an_spdx_expression() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "AGPL-3.0-or-later"


def test_the_example_settings_copied_to_env_keep_the_demo_working(tmp_path: Path) -> None:
    """Read as the settings read `.env`; then the demo's defaults still hold."""
    script = """
import json, os, environ, django
environ.Env.read_env(os.environ["ENV_EXAMPLE"], overwrite=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "hosts": settings.ALLOWED_HOSTS,
    "redis": settings.REDIS_URL,
    "ssl": getattr(settings, "SECURE_SSL_REDIRECT", False),
}))
"""
    keep = {"PATH", "HOME", "LANG"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env |= {"ENV_EXAMPLE": str(ROOT / ".env.example"), "DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "debug": True,
        "engine": "django.db.backends.sqlite3",
        "hosts": ["127.0.0.1", "localhost", "[::1]"],
        "redis": "",
        "ssl": False,
    }


def test_every_setting_in_the_example_is_one_the_app_reads() -> None:
    names = re.findall(r"^# ([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    read = (ROOT / "config" / "settings.py").read_text() + (ROOT / "Procfile").read_text()
    assert len(names) > 20
    assert [name for name in names if name not in read] == []
