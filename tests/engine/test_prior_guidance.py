"""The prior's guidance: a job that does not set it gets its backend's default (the real 2.2's 4,
nano's 2, where nano draws best: docs/nano.md), and one that sets it gets what it asked."""
import dataclasses

import pytest

from generation.engine import GenerationParams, run

from .recording import Recording


@pytest.mark.parametrize("which, params, expected", [
    ("backend", {}, 4.0), ("nano", {}, 2.0), ("nano", {"prior_guidance_scale": 5.0}, 5.0),
    ("backend", {"prior_guidance_scale": 0.0}, 0.0),
])
def test_the_prior_is_guided_at_the_backends_default_unless_the_job_says(request, which, params, expected):
    backend = request.getfixturevalue(which)
    prior = Recording(backend.prior)
    run(dataclasses.replace(backend, prior=prior), "text2img",
        GenerationParams(prompt="a red circle on a blue background", steps=2, prior_steps=2, seed=1, **params))
    assert [kwargs["guidance_scale"] for kwargs, _ in prior.calls] == [expected]
