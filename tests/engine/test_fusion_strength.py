"""Fusion's strength: a job that does not set it gets its backend's default (0.5; nano's 0.7, where
its fusion follows the prompt: docs/nano.md), and one that sets it gets what it asked."""
import pytest

from generation.engine import GenerationParams, run


@pytest.mark.parametrize("which, strength, expected", [
    ("backend", None, 0.5), ("nano", None, 0.7), ("nano", 0.4, 0.4), ("backend", 0.9, 0.9),
])
def test_fusion_runs_at_the_backends_strength_unless_the_job_says(request, photo, which, strength, expected):
    backend = request.getfixturevalue(which)
    params = GenerationParams(prompt="a red circle on a white background", steps=4, prior_steps=2, seed=1,
                              strength=strength)
    result = run(backend, "fusion", params, images=[photo])
    assert result.metadata["strength"] == expected
    # img2img runs int(steps × strength) of its steps: the prior's 2 and those
    assert result.metadata["total_steps"] == 2 + int(4 * expected)
