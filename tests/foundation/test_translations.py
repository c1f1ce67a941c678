"""The Russian catalogue is complete: every string in the code has a Russian translation.

The strings are extracted afresh from the source (makemessages, into a throwaway copy of the
project so the real locale/ files are not touched); a string added to the code without a
translation, a changed string left fuzzy, or a missing plural form fails this test.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.foundation import pofile

RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
# What makemessages reads; everything else (virtualenv, runtime data, weights) stays behind.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".js", ".po"}
# Top-level folders only: an app may well have a `models/` package of its own.
SKIP_TOP = {".venv", "var", "node_modules", ".git", "test-artifacts", "models", "tests", "media"}
IGNORES = ["--ignore", ".venv/*", "--ignore", "var/*", "--ignore", "node_modules/*", "--ignore", "tests/*"]


def _copy_sources(src, dst):
    def ignore(directory, names):
        top = Path(directory) == Path(src)
        return [
            name for name in names
            if (top and name in SKIP_TOP) or name == "__pycache__"
            or (Path(directory, name).is_file() and Path(name).suffix not in SOURCE_SUFFIXES)
        ]

    shutil.copytree(src, dst, ignore=ignore)


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    root = tmp_path_factory.mktemp("i18n") / "project"
    _copy_sources(settings.BASE_DIR, root)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "VAR_DIR": str(root.parent / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "ru", "-d", domain, *IGNORES, "-v", "0"],
            cwd=root, env=env, check=True, capture_output=True, timeout=300,
        )
    catalogues = sorted((root / "locale" / "ru" / "LC_MESSAGES").glob("*.po"))
    assert catalogues, "makemessages wrote no Russian catalogue"
    return catalogues


def _problems(path):
    entries = pofile.parse(path.read_text(encoding="utf-8"))
    header = next(e for e in entries if e.is_header)
    problems = []
    if header.fuzzy:
        problems.append("the header is marked fuzzy (msgfmt would ignore its plural rule)")
    plural_rule = re.search(r"Plural-Forms:\s*([^\n]*)", header.msgstr.get(0, ""))
    if not plural_rule or re.sub(r"\s", "", plural_rule.group(1)) != re.sub(r"\s", "", RUSSIAN_PLURALS):
        problems.append(f"Plural-Forms must be: {RUSSIAN_PLURALS}")
    for entry in entries:
        if entry.is_header or entry.obsolete:
            continue
        where = ", ".join(entry.references[:3])
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r} ({where})")
        missing = entry.missing_forms(3)
        if missing:
            problems.append(f"untranslated{' forms ' + str(missing) if entry.msgid_plural else ''}: {entry.msgid!r} ({where})")
        if entry.msgid_plural is None and len(entry.msgstr) > 1 or entry.msgid_plural and len(entry.msgstr) > 3:
            problems.append(f"wrong number of forms: {entry.msgid!r} ({where})")
    return problems


def test_every_string_has_a_russian_translation(fresh_catalogues):
    problems = [f"{path.name}: {problem}" for path in fresh_catalogues for problem in _problems(path)]
    assert not problems, (
        f"{len(problems)} problem(s) in locale/ru — run makemessages (see README), translate, "
        "remove '#, fuzzy', compilemessages:\n" + "\n".join(problems)
    )


def test_the_committed_catalogues_are_current(fresh_catalogues):
    """Re-extraction adds nothing the committed .po lacks: makemessages was run after the last string change."""
    real_dir = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"
    for path in fresh_catalogues:
        real = real_dir / path.name
        assert real.exists(), f"locale/ru/LC_MESSAGES/{path.name} is missing: run makemessages"
        committed = {(e.msgctxt, e.msgid) for e in pofile.parse(real.read_text(encoding="utf-8")) if not e.obsolete}
        fresh = {(e.msgctxt, e.msgid) for e in pofile.parse(path.read_text(encoding="utf-8")) if not e.obsolete}
        assert not fresh - committed, f"strings in the code but not in {path.name}: {sorted(fresh - committed)[:20]}"


@pytest.mark.django_db
def test_russian_plural_forms_are_used(alice_client, alice, compiled_messages):
    """The compiled catalogue carries the three Russian forms: 1 день, 3 дня, 5 дней, 21 день."""
    from datetime import timedelta

    from django.utils import timezone

    alice_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    seen = {}
    for days in (1, 3, 5, 21, 11):
        alice.date_joined = timezone.now() - timedelta(days=days, hours=1)
        alice.save(update_fields=["date_joined"])
        page = alice_client.get("/accounts/profile/").content.decode()
        seen[days] = re.search(r"с нами \d+ (\w+)", page).group(1)
    assert seen == {1: "день", 3: "дня", 5: "дней", 21: "день", 11: "дней"}
