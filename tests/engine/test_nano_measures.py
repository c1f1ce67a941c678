"""The bench's operation measures (generation/engine/nano/quality.py) judge what they claim: a
picture that does what was asked scores high, one that does not scores low. No model: the
operation's output is stood in for by a rendered picture."""
import numpy as np
import pytest
from PIL import Image

from generation.engine.nano import quality
from generation.engine.nano.dataset import Obj, Scene, render


def rendered(scene):
    return Image.fromarray(render(scene), "RGB")


HOLE_CIRCLE = Scene("blue", (Obj("white", "square", "small", "left"), Obj("yellow", "circle", "big", "right")))
HOLE_RED_CIRCLE = Scene("blue", quality.HOLE_SCENE.objects + (Obj("red", "circle", "big", "right"),))
NOISE = Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8), "RGB")

CASES = [  # measure, the kind it must run, a right answer, a wrong one, (min for right, max for wrong)
    (quality.inpaint_yellow_circle, "inpaint", rendered(HOLE_CIRCLE), rendered(quality.HOLE_SCENE), (0.4, 0.0)),
    # "a red circle" alone: a red circle on the blue is right; the hole filled red (the prior
    # reading the colour as the ground's) is wrong.
    (quality.inpaint_named_object, "inpaint", rendered(HOLE_RED_CIRCLE),
     rendered(Scene("red", quality.HOLE_SCENE.objects)), (1.0, 0.0)),
    (quality.inpaint_unprompted, "inpaint", rendered(quality.HOLE_SCENE), rendered(HOLE_CIRCLE), (1.0, 0.6)),
    (quality.outpaint_ground, "outpaint", rendered(quality.OUTPAINT_SCENE), NOISE, (1.0, 0.3)),
    (quality.fusion_colour, "fusion", rendered(Scene("white", (Obj("red", "circle"),))),
     rendered(quality.FUSION_SOURCE), (1.0, 0.0)),
    (quality.mix_both, "mix", rendered(Scene("yellow", (Obj("white", "square"),))),
     rendered(quality.MIX_SOURCES[0]), (1.0, 0.0)),
    (quality.variation_palette, "variation", rendered(quality.VARIATION_SOURCE),
     rendered(Scene("green", (Obj("red", "ring"),))), (1.0, 0.0)),
]


@pytest.mark.parametrize("measure, kind, right, wrong, bounds", CASES, ids=[c[0].__name__ for c in CASES])
def test_measure_tells_right_from_wrong(monkeypatch, measure, kind, right, wrong, bounds):
    asked = []

    def stand_in(answer):
        def run(backend, kind_, images=(), **params):
            asked.append((kind_, [im.mode for im in images], params))
            return answer
        return run

    monkeypatch.setattr(quality, "_run", stand_in(right))
    assert measure(None, seed=3) >= bounds[0]
    monkeypatch.setattr(quality, "_run", stand_in(wrong))
    assert measure(None, seed=3) <= bounds[1]
    assert asked[0][0] == kind and asked[0][2]["seed"] == 3
    if kind in ("inpaint", "outpaint"):
        assert asked[0][1] == ["RGBA"]  # the hole is transparency, as the editor sends it


def test_every_bench_operation_is_checked_here():
    assert {measure for measure, _ in quality.OPERATIONS.values()} == {case[0] for case in CASES}


def test_shape_is_also_scored_apart_for_held_out_and_trained_pairs():
    scene = Scene("blue", (Obj("green", "square", "small", "left"), Obj("red", "triangle", "small", "right")))
    # The held-out green square drawn as a circle: wrong for the held-out pair, right for the other.
    drawn = Scene("blue", (Obj("green", "circle", "small", "left"), Obj("red", "triangle", "small", "right")))
    scores = quality._scores([(render(drawn), scene)])
    assert scores["shape"] == 0.5
    assert (scores["shape, held-out pairs"], scores["shape, trained pairs"]) == (0.0, 1.0)
