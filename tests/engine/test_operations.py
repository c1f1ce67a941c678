"""Every operation: output size, determinism per seed, progress, previews, cancellation."""
import io
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from generation.engine import KINDS, Cancelled, run

from .cases import case


def arrays(result):
    return [np.asarray(im) for im in result.images]


@pytest.mark.parametrize("kind", KINDS)
def test_size_determinism_and_progress(backend, photo, holed, progress_log, kind):
    params, images, size = case(kind, photo, holed)
    params = replace(params, num_images=2)
    first = run(backend, kind, params, images, progress=progress_log, progress_interval=0)

    assert [im.size for im in first.images] == [size, size]
    assert all(im.mode == "RGB" for im in first.images)
    assert first.metadata["seed"] == 11

    total = first.metadata["total_steps"]
    assert total > 0
    assert progress_log.steps == list(range(1, total + 1))  # every step, in order, up to total
    assert {c[1] for c in progress_log.calls} == {total}
    assert progress_log.calls[-1][2] is not None  # the last (decoder) step carries a preview

    again = run(backend, kind, params, images)
    assert all((a == b).all() for a, b in zip(arrays(first), arrays(again)))
    other = run(backend, kind, replace(params, seed=12), images)
    assert any((a != b).any() for a, b in zip(arrays(first), arrays(other)))


@pytest.mark.parametrize("kind", KINDS)
def test_cancel_stops_mid_way(backend, photo, holed, progress_log, kind):
    params, images, _ = case(kind, photo, holed)

    def should_stop():  # the user presses cancel once two steps have been reported
        return len(progress_log.calls) >= 2

    with pytest.raises(Cancelled):
        run(backend, kind, params, images, progress=progress_log, should_stop=should_stop, progress_interval=0)
    assert progress_log.steps == [1, 2]
    assert progress_log.calls[-1][0] < progress_log.calls[-1][1]


def test_cancel_before_start_runs_nothing(backend, progress_log, photo, holed):
    params, images, _ = case("text2img", photo, holed)
    with pytest.raises(Cancelled):
        run(backend, "text2img", params, images, progress=progress_log, should_stop=lambda: True)
    assert progress_log.calls == []


def test_progress_is_throttled_but_reaches_total(backend, photo, holed, progress_log):
    params, images, _ = case("text2img", photo, holed)
    run(backend, "text2img", replace(params, steps=8), images, progress=progress_log, progress_interval=3600)
    total = 2 + 8  # prior + decoder
    assert progress_log.steps == [1, total]  # first report, then only the final one


def test_preview_is_small_jpeg(backend, progress_log):
    from generation.engine import GenerationParams

    params = GenerationParams(prompt="x", width=512, height=256, steps=1, prior_steps=2, seed=1)
    run(backend, "text2img", params, progress=progress_log, progress_interval=0)
    preview = Image.open(io.BytesIO(progress_log.calls[-1][2]))
    assert preview.format == "JPEG"
    assert max(preview.size) <= 256
    assert preview.size[0] == 2 * preview.size[1]


def test_cyrillic_prompt_end_to_end(backend):
    from generation.engine import GenerationParams

    def picture(prompt):
        params = GenerationParams(prompt=prompt, width=64, height=64, steps=2, prior_steps=2, seed=5)
        return np.asarray(run(backend, "text2img", params).images[0])

    tokenizer = backend.prior.tokenizer
    ids = tokenizer("красный кот").input_ids
    assert tokenizer.unk_token_id not in ids[1:-1] or tokenizer.unk_token_id == tokenizer.eos_token_id
    assert len(ids) == len("красный") + len("кот") + 2  # one token per Cyrillic letter, plus BOS/EOS
    assert tokenizer.decode(ids, skip_special_tokens=True) == "красный кот"
    assert (picture("красный кот") != picture("синий дом")).any()


def test_style_template_changes_the_prompt(backend):
    from generation.engine import GenerationParams

    params = GenerationParams(prompt="cat", style_template="oil painting of {prompt}, detailed", width=64,
                              height=64, steps=1, prior_steps=2, seed=1)
    result = run(backend, "text2img", params)
    assert result.metadata["prompt"] == "oil painting of cat, detailed"
