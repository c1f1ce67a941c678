"""The real-weights loading path, exercised with the tiny components saved like the real repos."""
import numpy as np
import pytest

from generation.engine import EngineError, GenerationParams, load_backend, run
from generation.engine.backends import pretrained


@pytest.fixture(scope="module")
def models_dir(backend, tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    backend.prior.save_pretrained(root / "kandinsky-2-2-prior")
    backend.text2img.save_pretrained(root / "kandinsky-2-2-decoder")
    backend.inpaint.save_pretrained(root / "kandinsky-2-2-decoder-inpaint")
    return root


@pytest.fixture(scope="module")
def loaded(models_dir):
    return load_backend("kandinsky-2.2", models_dir=str(models_dir), device="cpu")


def test_loads_through_the_real_path_and_shares_modules(loaded, models_dir):
    assert loaded.name == "kandinsky-2.2" and loaded.needs_english
    assert loaded.translator is None  # no opus-mt-ru-en folder
    assert loaded.img2img.unet is loaded.text2img.unet
    assert loaded.inpaint.movq is loaded.text2img.movq is loaded.img2img.movq
    assert loaded.inpaint.unet is not loaded.text2img.unet
    assert loaded.inpaint.scheduler is not loaded.text2img.scheduler
    assert loaded.info()["default_size"] == 768
    assert load_backend("kandinsky-2.2", models_dir=str(models_dir), device="cpu") is loaded


def test_loaded_weights_give_the_same_pictures(backend, loaded, holed):
    params = GenerationParams(prompt="a red fox", width=64, height=64, steps=2, prior_steps=2, seed=9)
    for kind, images in (("text2img", []), ("inpaint", [holed]), ("variation", [holed.convert("RGB")])):
        ours = run(backend, kind, params, images).images[0]
        theirs = run(loaded, kind, params, images).images[0]
        # Same weights; loaded CLIP encoders may pick another attention kernel (≈1e-6 apart),
        # which can flip a rounding here and there. Unloaded (random) weights differ wildly.
        diff = np.abs(np.asarray(ours).astype(int) - np.asarray(theirs).astype(int))
        assert diff.max() <= 2 and diff.mean() < 0.01, kind


def test_missing_part_names_the_folder(models_dir, tmp_path):
    (tmp_path / "kandinsky-2-2-prior").symlink_to(models_dir / "kandinsky-2-2-prior")
    with pytest.raises(EngineError) as err:
        pretrained.load_pretrained("kandinsky-2.2", str(tmp_path), "cpu")
    assert err.value.code == "weights_missing"
    assert "kandinsky-2-2-decoder" in err.value.message


def test_russian_goes_through_the_translator_folder(models_dir, tmp_path):
    from .tiny_marian import save_tiny_marian

    for repo in ("kandinsky-2-2-prior", "kandinsky-2-2-decoder", "kandinsky-2-2-decoder-inpaint"):
        (tmp_path / repo).symlink_to(models_dir / repo)
    save_tiny_marian(tmp_path / "opus-mt-ru-en")
    translating = load_backend("kandinsky-2.2", models_dir=str(tmp_path), device="cpu")
    assert translating.info()["translation"] is True
    params = GenerationParams(prompt="красный кот", width=64, height=64, steps=2, prior_steps=2, seed=1)
    result = run(translating, "text2img", params)
    expected = translating.translator.translate("красный кот")
    assert result.metadata["translated_prompt"] == expected == result.metadata["prompt"]
    assert result.metadata["translations"] == {"красный кот": expected}


def test_kandinsky_21_path(backend, tmp_path, photo, holed):
    """2.1: other pipeline classes, a decoder that reads the prompt, shared text encoder/MoVQ."""
    from .tiny21 import save_tiny_21

    save_tiny_21(tmp_path, backend)
    k21 = load_backend("kandinsky-2.1", models_dir=str(tmp_path), device="cpu")
    assert type(k21.text2img).__name__ == "KandinskyPipeline" and k21.decoder_takes_prompt
    assert k21.inpaint.text_encoder is k21.text2img.text_encoder is k21.img2img.text_encoder
    assert k21.inpaint.movq is k21.text2img.movq and k21.img2img.unet is k21.text2img.unet
    fast = dict(steps=2, prior_steps=2, seed=1)
    cases = [
        ("text2img", GenerationParams(prompt="рыжая лиса", width=128, height=64, **fast), [], (128, 64)),
        ("inpaint", GenerationParams(**fast), [holed], photo.size),
        ("fusion", GenerationParams(prompt="snow", **fast), [photo], photo.size),  # non-square: see square_img2img
        ("mix", GenerationParams(width=64, height=64, **fast), [photo, photo], (64, 64)),
        ("variation", GenerationParams(width=64, height=64, **fast), [photo], (64, 64)),
    ]
    for kind, params, images, size in cases:
        result = run(k21, kind, params, images)
        assert result.images[0].size == size, kind
        assert "translated_prompt" not in result.metadata  # 2.1 reads Russian natively
    out, src = np.asarray(run(k21, "inpaint", cases[1][1], [holed]).images[0]), np.asarray(holed)
    known = src[..., 3] >= 128
    assert np.array_equal(out[known], src[..., :3][known])
