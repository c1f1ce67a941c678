"""Resolve the commands the Procfile and docker-compose.yml run against this project for real:
modules are imported, the Celery app is found the way `celery -A` finds it, manage.py
commands are looked up among the installed ones, files must exist."""

import importlib
import shlex
from importlib.metadata import entry_points
from pathlib import Path

from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

from .conftest import ROOT


def options(argv):
    """{"-Q": "gpu", ...} of the short and long options that take a value."""
    return {flag: value for flag, value in zip(argv, argv[1:]) if flag.startswith("-")}


def resolve(argv):
    """Check one command line; returns a list of (program, argv) it runs, for further checks."""
    if argv[0] == "exec":
        argv = argv[1:]
    if argv[0] in ("sh", "bash") and argv[1] == "-c":
        resolved = []
        for part in argv[2].split("&&"):
            resolved += resolve(shlex.split(part))
        return resolved

    program = Path(argv[0])
    if len(program.parts) > 1:  # .venv/bin/daphne: made by the install, named by its basename
        assert (ROOT / program).exists(), f"{program} does not exist"
    name = program.name
    if name in ("daphne", "celery"):
        assert entry_points(group="console_scripts", name=name), f"no installed package provides {name}"
    check = CHECKS.get(name)
    assert check, f"unknown program in {argv}"
    check(argv)
    return [(name, argv)]


def check_python(argv):
    if argv[1] == "-c":
        compile(argv[2], "<command>", "exec")
    elif argv[1] == "manage.py":
        assert (ROOT / "manage.py").exists()
        assert argv[2] in get_commands(), f"manage.py has no command {argv[2]!r}"
    else:
        assert (ROOT / argv[1]).is_file(), f"{argv[1]} does not exist"


def check_daphne(argv):
    module, _, attr = argv[-1].partition(":")
    application = getattr(importlib.import_module(module), attr)
    assert callable(application)
    assert "-b" in argv and "-p" in argv


def check_celery(argv):
    app = find_app(options(argv)["-A"])
    assert isinstance(app, Celery)
    assert app.main == "kandinsky_studio"
    assert argv[argv.index("-A") + 2] in ("worker", "beat")


CHECKS = {"python": check_python, "daphne": check_daphne, "celery": check_celery}


def worker_queues(argv):
    return set(options(argv)["-Q"].split(","))
