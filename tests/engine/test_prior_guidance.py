"""The prior's guidance: a job that does not set it gets its backend's default (the real 2.2's 4,
nano's 2, where nano draws best: docs/nano.md), and one that sets it gets what it asked."""
import dataclasses

import pytest

from generation.engine import GenerationParams, run


class RecordingPrior:
    """A backend's prior pipeline that records the guidance each call asks for."""

    def __init__(self, pipe):
        self.pipe, self.guidance = pipe, []

    def __getattr__(self, name):
        return getattr(self.pipe, name)

    def __call__(self, *args, **kwargs):
        self.guidance.append(kwargs["guidance_scale"])
        return self.pipe(*args, **kwargs)


@pytest.mark.parametrize("which, params, expected", [
    ("backend", {}, 4.0), ("nano", {}, 2.0), ("nano", {"prior_guidance_scale": 5.0}, 5.0),
    ("backend", {"prior_guidance_scale": 0.0}, 0.0),
])
def test_the_prior_is_guided_at_the_backends_default_unless_the_job_says(request, which, params, expected):
    backend = request.getfixturevalue(which)
    prior = RecordingPrior(backend.prior)
    run(dataclasses.replace(backend, prior=prior), "text2img",
        GenerationParams(prompt="a red circle on a blue background", steps=2, prior_steps=2, seed=1, **params))
    assert prior.guidance == [expected]
