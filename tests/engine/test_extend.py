import numpy as np
import pytest

from generation.engine import EngineError, GenerationParams, extend
from generation.engine.extend import plan_windows


def test_extend_128_each_side(backend, photo, progress_log):
    # 256-px windows: 4 of them cover the 352×336 canvas (128-px windows would need 16).
    params = GenerationParams(prompt="garden", width=256, height=256, steps=1, prior_steps=2, seed=2)
    result = extend(backend, photo, 128, 128, 128, 128, params, progress=progress_log, progress_interval=0)
    out = np.asarray(result.images[0])
    assert out.shape == (80 + 256, 96 + 256, 3)
    assert np.array_equal(out[128:208, 128:224], np.asarray(photo))
    assert len(result.metadata["windows"]) == 4
    assert progress_log.steps == list(range(1, result.metadata["total_steps"] + 1))
    assert out[:64].std() > 0  # the new border is not left empty/black
    assert not (out[:128] == 0).all()


def test_window_plan_covers_canvas_with_context():
    known = np.zeros((300, 400), bool)
    known[100:200, 150:250] = True
    windows = plan_windows(known, 128, 128)
    seen = known.copy()
    for win in windows:
        region = seen[win.slices()]
        assert region.any() and not region.all()  # each window has context and work to do
        seen[win.slices()] = True
    assert seen.all()


def test_extend_validates(backend, photo):
    with pytest.raises(EngineError) as err:
        extend(backend, photo, 0, 0, 0, 0)
    assert err.value.code == "invalid_extend"
    with pytest.raises(EngineError) as err:
        extend(backend, photo, -5, 0, 0, 0)
    assert err.value.code == "invalid_extend"
    with pytest.raises(EngineError) as err:
        extend(backend, photo, 0, 0, 5000, 0)
    assert err.value.code == "image_too_large"


def test_extend_cost_is_bounded_before_any_step(backend, photo):
    # 64-px windows along a 1,996-px strip: ~80 windows × 10 steps, over tiny's 200 image-steps.
    with pytest.raises(EngineError) as err:
        extend(backend, photo, 0, 0, 1900, 0, GenerationParams(width=64, height=64),
               should_stop=lambda: pytest.fail("a model step ran"))
    assert err.value.code == "job_too_long"
    assert err.value.details["cost"] > err.value.details["max"] == backend.limits.max_image_steps
