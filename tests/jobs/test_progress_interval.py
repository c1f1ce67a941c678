"""Progress is throttled in one place (the engine's tracker, to JOB_PROGRESS_INTERVAL): an
interval below the engine's old fixed 0.25 s really gives more events."""

import pytest
from django.test import override_settings

from generation import actions
from generation.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def _run(alice, monkeypatch):
    from generation.tasks import run_job

    reported = []
    original = actions.report_progress
    monkeypatch.setattr(actions, "report_progress",
                        lambda job, step, total, preview=None: reported.append(step) or original(job, step, total, preview))
    job = Job.objects.create(owner=alice, kind="text2img",
                             params={"prompt": "a red cat", "width": 64, "height": 64, "steps": 6, "seed": 1})
    assert run_job.apply(args=[str(job.pk)]).get() == "succeeded"
    job.refresh_from_db()
    return reported, job


@override_settings(JOB_PROGRESS_INTERVAL=0)
def test_interval_zero_reports_every_step(alice, tiny_backend, monkeypatch):
    reported, job = _run(alice, monkeypatch)
    assert job.total_steps >= 6
    assert reported == list(range(1, job.total_steps + 1))


@override_settings(JOB_PROGRESS_INTERVAL=3600)
def test_a_long_interval_reports_the_first_and_last_step(alice, tiny_backend, monkeypatch):
    reported, job = _run(alice, monkeypatch)
    assert reported == [1, job.total_steps]
