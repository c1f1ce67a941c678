"""Inpaint/outpaint keep every known pixel exactly; infill and padding behave."""
import numpy as np
import pytest
from PIL import Image

from generation.engine import GenerationParams, run
from generation.engine.masks import composite, infill, pad_to_multiple, seam_weights

PARAMS = GenerationParams(steps=2, prior_steps=2, seed=3)


def test_inpaint_rgba_keeps_known_pixels(backend, holed):
    rgba = np.asarray(holed)
    known = rgba[..., 3] >= 128
    out = np.asarray(run(backend, "inpaint", PARAMS, [holed]).images[0])
    assert out.shape == rgba[..., :3].shape  # 96×80: not a multiple of 64, same size back
    assert np.array_equal(out[known], rgba[..., :3][known])
    assert not np.array_equal(out[~known], rgba[..., :3][~known])  # the hole was actually filled


def test_inpaint_with_mask_keeps_unmasked_pixels(backend, photo):
    mask = np.zeros((80, 96), np.uint8)
    mask[10:40, 5:50] = 255
    result = run(backend, "inpaint", PARAMS, [photo, Image.fromarray(mask).convert("RGB")])
    out, src = np.asarray(result.images[0]), np.asarray(photo)
    assert np.array_equal(out[mask == 0], src[mask == 0])
    assert not np.array_equal(out[mask == 255], src[mask == 255])


def test_outpaint_window_keeps_picture_pixels(backend, photo):
    window = np.zeros((128, 128, 4), np.uint8)  # the window hangs 48 px right, 32 px below
    window[:80, :80, :3] = np.asarray(photo)[:, 16:]
    window[:80, :80, 3] = 255
    params = GenerationParams(prompt="meadow", steps=2, prior_steps=2, seed=4)
    out = np.asarray(run(backend, "outpaint", params, [Image.fromarray(window, "RGBA")]).images[0])
    assert out.shape == (128, 128, 3)
    assert np.array_equal(out[:80, :80], window[:80, :80, :3])


def test_infill_extends_border_colours():
    rgb = np.zeros((64, 64, 3), np.uint8)
    rgb[:, :32] = (250, 10, 10)  # known: red left half
    known = np.zeros((64, 64), bool)
    known[:, :32] = True
    filled = infill(rgb, known)
    assert np.array_equal(filled[:, :32], rgb[:, :32])
    assert (np.abs(filled[:, 32:].astype(int) - (250, 10, 10)) <= 1).all()  # red, not a flat grey


def test_infill_follows_the_nearest_edge():
    rgb = np.zeros((32, 96, 3), np.uint8)
    known = np.zeros((32, 96), bool)
    rgb[:, :8], rgb[:, -8:] = (255, 0, 0), (0, 0, 255)
    known[:, :8] = known[:, -8:] = True
    filled = infill(rgb, known).astype(int)
    assert filled[16, 12, 0] > filled[16, 12, 2]  # near the red edge: redder
    assert filled[16, 84, 2] > filled[16, 84, 0]  # near the blue edge: bluer


def test_pad_to_multiple_marks_padding_known():
    rgb = np.zeros((70, 100, 3), np.uint8)
    known = np.zeros((70, 100), bool)
    padded, padded_known = pad_to_multiple(rgb, known)
    assert padded.shape == (128, 128, 3)
    assert padded_known[70:].all() and padded_known[:, 100:].all() and not padded_known[:70, :100].any()


def test_composite_feathers_inside_the_hole_only():
    known = np.zeros((64, 64), bool)
    known[:, :32] = True
    weights = seam_weights(known, feather=16)
    assert (weights[:, :32] == 0).all()
    assert weights[0, 33] < 0.3 and weights[0, 63] == pytest.approx(1.0)
    rgb = np.full((64, 64, 3), 100, np.uint8)
    out = composite(rgb, known, np.full_like(rgb, 200), np.full_like(rgb, 100), feather=16)
    assert (out[:, :32] == 100).all() and (out[:, 63] == 200).all()
    assert 100 <= out[0, 36, 0] < 200


def test_the_seam_width_defaults_to_the_backends_and_an_explicit_one_wins(backend, nano):
    from generation.engine.context import make_context

    assert make_context(backend, GenerationParams()).feather == 16
    assert make_context(nano, GenerationParams()).feather == 4  # a quarter of a 64² picture was too much
    assert make_context(nano, GenerationParams(feather=0)).feather == 0
    # The seam follows it: 4 px in from the edge of a 64² hole the fill shows fully, not at 16 px.
    known = np.zeros((64, 64), bool)
    known[:, :16] = True
    assert seam_weights(known, 4)[32, 24] == pytest.approx(1.0) and seam_weights(known, 16)[32, 24] < 0.8
