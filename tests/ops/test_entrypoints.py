"""The README's two commands are the ones that exist and the ones CI runs."""

import os
import re
import subprocess

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def makefile_targets():
    return set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))


def test_the_readme_gives_make_run_and_make_test_first():
    first_block = re.search(r"^ {4}(make .*\n)(?: {4}make .*\n)*", README, re.M).group(0)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command_on_postgresql():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    assert "DATABASE_URL=${DATABASE_URL:-postgres://" in ci


def test_every_make_target_the_readme_names_exists():
    named = set(re.findall(r"`make ([\w-]+)", README))
    assert {"run", "test", "superuser", "download-models"} <= named
    assert named <= makefile_targets()


def test_make_run_and_make_test_end_in_their_scripts():
    for target, script in (("run", "scripts/run.sh"), ("test", "scripts/test.sh")):
        # Under `make test` this is a sub-make: without the parent's flags it prints no directory lines.
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
        assert dry.returncode == 0, dry.stderr
        assert dry.stdout.strip().splitlines()[-1].startswith(f"bash {script}")
        assert (ROOT / script).is_file()


def test_the_readme_documents_the_main_settings_under_their_real_names():
    source = (ROOT / "config" / "settings.py").read_text()
    for variable in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
                     "REDIS_URL", "KANDINSKY_MODEL", "KANDINSKY_MODELS_DIR", "KANDINSKY_DEVICE"):
        assert re.search(rf'env_\w+\("{variable}"', source), f"settings.py no longer reads {variable}"
        assert f"`{variable}`" in README, f"README.md does not document {variable}"


def test_make_test_uses_the_test_settings_whatever_the_shell_exports():
    # pytest-django lets DJANGO_SETTINGS_MODULE from the environment beat pyproject's; a
    # developer's exported config.settings must not point the suite at their own data.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    collect = subprocess.run(
        ["bash", "scripts/test.sh", "--collect-only", "-p", "no:cacheprovider", "tests/ops/test_entrypoints.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr
    assert "settings: config.test_settings (from env)" in collect.stdout
