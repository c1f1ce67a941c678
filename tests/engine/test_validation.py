"""Every coded error, raised by validate() (cheap, before queueing) and by run()."""
import json
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from generation.engine import EngineError, GenerationParams, load_backend, run, validate
from generation.engine.backends.base import Backend

OK = GenerationParams(prompt="a cat", width=64, height=64, steps=2, prior_steps=2)


def rgb(w=64, h=64):
    return Image.new("RGB", (w, h), (10, 20, 30))


def rgba_with_hole(w=64, h=64):
    image = np.full((h, w, 4), 255, np.uint8)
    image[:8, :8, 3] = 0
    return Image.fromarray(image, "RGBA")


CASES = [
    # (code, kind, params changes, images)
    ("unsupported_kind", "sketch", {}, []),
    ("invalid_size", "text2img", {"width": 100}, []),
    ("invalid_size", "text2img", {"height": 0}, []),
    ("invalid_size", "text2img", {"width": 1024}, []),  # over tiny's max 512
    ("invalid_size", "text2img", {"width": "64"}, []),
    ("invalid_aspect_ratio", "text2img", {"aspect_ratio": "4:3"}, []),
    ("invalid_steps", "text2img", {"steps": 0}, []),
    ("invalid_steps", "text2img", {"steps": 1000}, []),
    ("invalid_steps", "text2img", {"prior_steps": 1}, []),
    ("invalid_guidance", "text2img", {"guidance_scale": -1.0}, []),
    ("invalid_guidance", "text2img", {"guidance_scale": float("nan")}, []),
    ("invalid_guidance", "text2img", {"prior_guidance_scale": 50}, []),
    ("invalid_num_images", "text2img", {"num_images": 0}, []),
    ("invalid_num_images", "text2img", {"num_images": 9}, []),
    ("invalid_seed", "text2img", {"seed": -1}, []),
    ("invalid_feather", "inpaint", {"feather": -2}, [rgba_with_hole()]),
    ("invalid_strength", "fusion", {"strength": 0.0}, [rgb()]),
    ("invalid_strength", "fusion", {"strength": 1.5}, [rgb()]),
    ("prompt_required", "text2img", {"prompt": "   "}, []),
    ("prompt_required", "fusion", {"prompt": ""}, [rgb()]),
    ("prompt_too_long", "text2img", {"prompt": "x" * 1001}, []),
    ("invalid_prompt", "text2img", {"negative_prompt": None}, []),
    ("invalid_style", "text2img", {"style_template": "no placeholder"}, []),
    ("too_many_images", "text2img", {}, [rgb()]),
    ("too_many_images", "mix", {}, [rgb()] * 5),
    ("too_few_images", "mix", {}, [rgb()]),
    ("too_few_images", "variation", {}, []),
    ("invalid_image", "variation", {}, ["not a picture"]),
    ("invalid_image", "inpaint", {}, [rgb()]),  # no alpha and no mask
    ("invalid_image", "outpaint", {}, [rgb()]),
    ("image_too_small", "variation", {}, [rgb(8, 64)]),
    ("image_too_large", "inpaint", {}, [rgba_with_hole(576, 64)]),  # processed at own size: ≤ 512
    ("image_too_large", "variation", {}, [rgb(4097, 4097)]),
    ("mask_size_mismatch", "inpaint", {}, [rgb(64, 64), Image.new("L", (64, 128), 255)]),
    ("empty_mask", "inpaint", {}, [rgb(), Image.new("L", (64, 64), 0)]),
    ("empty_mask", "outpaint", {}, [rgb().convert("RGBA")]),
    ("invalid_weights", "mix", {"weights": [1.0]}, [rgb(), rgb()]),
    ("invalid_weights", "mix", {"weights": [1.0, -1.0]}, [rgb(), rgb()]),
    ("invalid_weights", "mix", {"weights": [0, 0]}, [rgb(), rgb()]),
    ("invalid_weights", "mix", {"weights": [1, 1], "prompts": ["dog"]}, [rgb(), rgb()]),
    ("too_many_prompts", "mix", {"prompts": ["dog"] * 5}, [rgb(), rgb()]),
    # tiny allows 200 image-steps: each extra prompt costs a prior run, each picture every step.
    ("job_too_long", "text2img", {"prior_steps": None, "steps": 50, "num_images": 4}, []),  # 4 × (5 + 50)
    ("job_too_long", "mix", {"prompts": ["dog"] * 4, "prior_steps": 25, "steps": 50, "num_images": 3}, [rgb(), rgb()]),
    ("job_too_long", "mix", {"prompts": ["dog"] * 2, "prior_steps": 25, "steps": 50, "num_images": 4}, [rgb(), rgb()]),
]


@pytest.mark.parametrize("code,kind,changes,images", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_has_its_code(backend, code, kind, changes, images):
    params = replace(OK, **changes)
    with pytest.raises(EngineError) as err:
        validate(backend, kind, params, images)
    assert err.value.code == code
    assert err.value.message and isinstance(err.value.details, dict)
    json.dumps(err.value.details)  # the web layer sends details as JSON
    with pytest.raises(EngineError) as err:  # run() checks the same before touching a model
        run(backend, kind, params, images, should_stop=lambda: pytest.fail("a model step ran"))
    assert err.value.code == code


def test_size_error_details(backend):
    with pytest.raises(EngineError) as err:
        validate(backend, "text2img", replace(OK, width=1000), [])
    assert err.value.details["field"] == "width"
    assert err.value.details["max"] == 512 and err.value.details["multiple"] == 64


def test_good_inputs_pass(backend):
    validate(backend, "text2img", OK, [])
    validate(backend, "inpaint", OK, [rgb(), Image.new("L", (64, 64), 255)])
    validate(backend, "outpaint", GenerationParams(), [rgba_with_hole(100, 70)])
    validate(backend, "mix", replace(OK, prompts=["dog"], weights=[1, 0, 2]), [rgb(), rgb()])
    validate(backend, "variation", GenerationParams(), [Image.new("P", (30, 40))])
    # Each field's maximum alone fits the cost bound; 4 pictures fit at fewer steps.
    validate(backend, "text2img", replace(OK, prior_steps=25, steps=50), [])
    validate(backend, "text2img", replace(OK, prior_steps=None, steps=45, num_images=4), [])
    validate(backend, "mix", replace(OK, prompts=["dog"] * 4, prior_steps=25, steps=50), [rgb()] * 4)


def test_cyrillic_needs_translation_on_english_only_backend(backend):
    english_only = Backend(**{**vars(backend), "name": "kandinsky-2.2", "needs_english": True, "translator": None})
    with pytest.raises(EngineError) as err:
        validate(english_only, "text2img", replace(OK, prompt="красный кот"), [])
    assert err.value.code == "translation_unavailable"
    validate(english_only, "text2img", OK, [])  # English is fine
    validate(backend, "text2img", replace(OK, prompt="красный кот"), [])  # tiny reads Cyrillic


def test_translation_is_used_and_reported(backend):
    class FakeTranslator:  # stands in for MarianMT, which needs weights
        def translate(self, text):
            return {"красный кот": "red cat"}[text]

    translating = Backend(**{**vars(backend), "needs_english": True, "translator": FakeTranslator()})
    result = run(translating, "text2img", replace(OK, prompt="красный кот", seed=1))
    assert result.metadata["translated_prompt"] == "red cat"
    plain = run(backend, "text2img", replace(OK, prompt="red cat", seed=1))
    assert np.array_equal(np.asarray(result.images[0]), np.asarray(plain.images[0]))


def test_unknown_backend_and_missing_weights(tmp_path):
    with pytest.raises(EngineError) as err:
        load_backend("dall-e")
    assert err.value.code == "unsupported_backend"
    with pytest.raises(EngineError) as err:
        load_backend("kandinsky-2.2", models_dir=str(tmp_path))
    assert err.value.code == "weights_missing"
    assert str(tmp_path / "kandinsky-2-2-prior") in err.value.message


def test_info_and_cache(backend):
    info = backend.info()
    assert json.loads(json.dumps(info)) == info
    assert info["name"] == "tiny" and info["default_size"] == 256 and info["max_size"] == 512
    assert set(info["aspect_ratios"]) == {"1:1", "16:9", "9:16", "3:2", "2:3"}
    for w, h in info["aspect_ratios"].values():
        assert w % 64 == 0 and h % 64 == 0 and max(w, h) <= info["max_size"]
    w, h = info["aspect_ratios"]["16:9"]
    assert w > h
    assert load_backend("tiny", device="cpu") is backend  # built once per process


def test_validate_needs_no_model(backend):
    """The web layer validates with a weightless stand-in (generation/engine_info.py)."""
    from types import SimpleNamespace

    stand_in = SimpleNamespace(name="tiny", limits=backend.limits, needs_english=False, translator=None)
    validate(stand_in, "inpaint", OK, [rgba_with_hole()])
    with pytest.raises(EngineError) as err:
        validate(stand_in, "text2img", replace(OK, steps=51), [])
    assert err.value.code == "invalid_steps"
