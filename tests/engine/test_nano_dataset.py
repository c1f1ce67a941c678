"""nano's procedural dataset: Russian agreement in captions, the parser, and the evaluator scoring
the rendered ground truth perfectly."""
import random

import numpy as np
import pytest

from generation.engine.nano import models
from generation.engine.nano.dataset import (COLOURS, HELD_OUT, KINDS, POSITIONS, RADIUS, RU_COLOUR, SHAPES, Obj, Scene,
                                             blend, bounds, caption, caption_words, morphemes, nearest_colour,
                                             random_scene, render, repaint, ru_colour, variant)
from generation.engine.nano.evaluate import judge, parse
from generation.engine.nano.quality import held_out_scenes


@pytest.mark.parametrize("scene, text", [
    (Scene("blue", (Obj("red", "circle"),)), "большой красный круг в центре на синем фоне"),
    (Scene("blue", (Obj("red", "line", "small", "left"),)), "маленькая красная линия слева на синем фоне"),
    (Scene("black", (Obj("white", "ring", "big", "top"),)), "большое белое кольцо сверху на чёрном фоне"),
    (Scene("green", (Obj("yellow", "triangle", "small", "right"), Obj("blue", "square", "small", "bottom"))),
     "маленький жёлтый треугольник справа и маленький синий квадрат снизу на зелёном фоне"),
    (Scene("white", (Obj("blue", "line", "small", "centre"),)), "маленькая синяя линия в центре на белом фоне"),
])
def test_russian_captions_agree_in_gender_and_case(scene, text):
    assert caption(scene, "ru") == text


def test_english_caption():
    scene = Scene("blue", (Obj("red", "circle", "small", "left"),))
    assert caption(scene, "en") == "small red circle on the left on a blue background"


@pytest.mark.parametrize("lang, text", [("en", "small red line on the left"),
                                        ("ru", "маленькая красная линия слева")])
def test_a_groundless_caption_says_the_objects_alone(lang, text):
    """What a user asks into an erased hole; the prior trains on some of these."""
    scene = Scene("blue", (Obj("red", "line", "small", "left"),))
    assert caption(scene, lang, ground=False) == text
    assert parse(text) is None  # no ground said
    rng = random.Random(5)
    for _ in range(50):
        text = caption(random_scene(rng), lang, rng, ground=False)
        assert not {"background", "фоне", "фон"} & set(text.split()), text


@pytest.mark.parametrize("text", ["жёлтый треугольник на синем фоне", "желтый треугольник на синем фоне",
                                  "a yellow triangle on a blue background", "синий фон, жёлтый треугольник"])
def test_parser_reads_both_languages_and_spellings(text):
    assert parse(text) == Scene("blue", (Obj("yellow", "triangle", "big", "centre"),))


def test_training_never_shows_held_out_pairs_and_phrasings_parse_back():
    rng = random.Random(3)
    for _ in range(400):
        scene = random_scene(rng)
        assert not {(o.colour, o.shape) for o in scene.objects} & HELD_OUT
        assert all(o.colour != scene.ground for o in scene.objects)
        for lang in ("en", "ru"):
            assert parse(caption(scene, lang, rng)) == scene


def test_evaluator_scores_ground_truth_perfectly():
    for scene in held_out_scenes(60, max_objects=3):
        scores = judge(render(scene), scene)
        assert scores["ground"] == 1 and min(scores["colour"] + scores["position"] + scores["shape"]) == 1, scene


def test_evaluator_rejects_wrong_pictures():
    scene = Scene("blue", (Obj("red", "circle", "big", "left"),))
    wrong = Scene("green", (Obj("red", "triangle", "big", "right"),))
    scores = judge(render(wrong), scene)
    assert scores == {"ground": 0.0, "colour": [1.0], "position": [0.0], "shape": [0.0]}
    assert judge(render(Scene("blue", ())), scene)["colour"] == [0.0]


def test_reference_colours_are_exact():
    assert COLOURS["yellow"] == (250, 210, 40) and COLOURS["white"] == (240, 240, 235)
    assert tuple(render(Scene("purple", ()))[0, 0]) == (130, 60, 170)


def _differences(a: Scene, b: Scene) -> list:
    fields = ("colour", "shape", "size", "position")
    diffs = [("ground",)] if a.ground != b.ground else []
    return diffs + [(i, f) for i, (p, q) in enumerate(zip(a.objects, b.objects)) for f in fields
                    if getattr(p, f) != getattr(q, f)]


def test_a_variant_changes_one_thing_or_trades_two_and_stays_a_training_scene():
    rng = random.Random(4)
    kinds = set()
    for _ in range(600):
        scene = random_scene(rng)
        twin = variant(scene, rng)
        diffs = _differences(scene, twin)
        assert len(twin.objects) == len(scene.objects) and diffs, (scene, twin)
        if len(diffs) == 1:
            kinds.add(diffs[0][-1])
        elif diffs[0] == ("ground",):  # swap: the ground and one object trade colours
            assert diffs[1:] == [(diffs[1][0], "colour")], (scene, twin)
            i = diffs[1][0]
            assert (twin.ground, twin.objects[i].colour) == (scene.objects[i].colour, scene.ground)
            kinds.add("swap")
        else:  # places: two objects trade places, and they look different
            (i, f), (j, g) = diffs[0], diffs[-1]
            assert {f, g} == {"position"} and i != j and len(diffs) == 2, (scene, twin)
            a, b = scene.objects[i], scene.objects[j]
            assert (twin.objects[i].position, twin.objects[j].position) == (b.position, a.position)
            assert (a.colour, a.shape) != (b.colour, b.shape)
            kinds.add("places")
        assert not {(o.colour, o.shape) for o in twin.objects} & HELD_OUT
        assert all(o.colour != twin.ground for o in twin.objects)
        assert len({o.position for o in twin.objects}) == len(twin.objects)
    assert kinds == set(KINDS)


def test_the_nano_tokenizer_reads_every_caption_word_as_one_token():
    tok = models.tokenizer()
    words = caption_words()
    assert {"жёлтый", "желтый", "треугольник", "фоне", "background", "centre", "center"} <= set(words)
    whole = [w for w in words if morphemes(w) == w]
    assert [w for w in whole if len(tok(w, add_special_tokens=False).input_ids) != 1] == []
    longest = caption(Scene("white", tuple(Obj(c, "triangle", "small", p) for c, p in
                                         (("yellow", "left"), ("green", "right"), ("purple", "bottom")))), "ru")
    ids = tok(longest).input_ids
    assert len(ids) == len(longest.split()) + 4 + 2 <= models.MAX_TOKENS  # 4 colour adjectives: 2 tokens each
    unknown = tok("purple zebra", add_special_tokens=False).input_ids  # any other word still encodes
    assert unknown[0] == tok("purple", add_special_tokens=False).input_ids[0] and len(unknown) > 2
    assert tok.decode(unknown).strip() == "purple zebra"


def test_an_even_blend_keeps_every_object_and_an_uneven_one_leans_to_its_heavier_source():
    rng = random.Random(5)
    a = Scene("yellow", (Obj("blue", "circle", "small", "left"), Obj("red", "square", "small", "top")))
    b = Scene("black", (Obj("white", "ring", "big", "right"),))
    grounds, from_b = [], []
    for _ in range(200):
        even = blend(a, b, 0.5, rng)
        assert even.ground in ("yellow", "black") and set(even.objects) == set(a.objects + b.objects)
        leaning = blend(a, b, 0.9, rng)
        grounds.append(leaning.ground)
        from_b.append(b.objects[0] in leaning.objects)
        assert leaning.objects and all(o.colour != leaning.ground for o in leaning.objects)
    assert 0.8 < grounds.count("yellow") / 200 and 0.1 < sum(from_b) / 200 < 0.35


def test_an_object_never_paints_outside_its_bounds():
    for shape in SHAPES:
        for size in RADIUS:
            for position in POSITIONS:
                o = Obj("red", shape, size, position)
                painted = (render(Scene("blue", (o,))) != COLOURS["blue"]).any(-1)
                ys, xs = painted.nonzero() + np.array(0.5)  # pixel centres, as render() tests them
                left, top, right, bottom = bounds(o)
                assert len(xs) and left <= xs.min() and xs.max() <= right and top <= ys.min() and ys.max() <= bottom, o
                assert right - left < 2 * (xs.max() - xs.min() + 1), o  # and the box is not loose


def test_every_russian_colour_form_is_its_stem_and_ending_both_seen_in_training():
    """"белая" is only said of a line and "оранжевое" of a ring, both held-out pairs: as whole
    words they never occur in training, as stem + ending they are built of trained tokens."""
    tok = models.tokenizer()
    trained = {t for w in caption_words() for t in tok.tokenize(w)}
    for colour, (stem, _) in RU_COLOUR.items():
        for form in ("m", "f", "n", "prep"):
            word = ru_colour(colour, form)
            for spelling in {word, word.replace("ё", "е")}:
                pieces = [tok.convert_tokens_to_string([t]).replace("</w>", "") for t in tok.tokenize(spelling)]
                assert pieces == [spelling[:len(stem)], spelling[len(stem):]], pieces
                assert set(tok.tokenize(spelling)) <= trained, spelling
    assert "белая" not in caption_words() and "оранжевое" not in caption_words()
    assert morphemes("белая") == "бел|ая" and morphemes("кольцо") == "кольцо" and morphemes("большой") == "большой"


def test_a_repainted_scene_keeps_its_layout_in_colours_apart_and_shows_no_held_out_pair():
    rng = random.Random(5)
    for _ in range(300):
        # Held-out scenes too: a repaint must move their first object off its held-out colour.
        scene = random_scene(rng, held_out=rng.random() < 0.5)
        plain, painted = render(scene), repaint(scene, rng)
        colours = {name: painted[(plain == COLOURS[name]).all(-1)] for name in
                   dict.fromkeys([scene.ground] + [o.colour for o in scene.objects])}
        new = {}
        for name, pixels in colours.items():
            if len(pixels):  # an object may lie wholly under another
                assert (pixels == pixels[0]).all(), name  # each colour is one new colour everywhere
                new[name] = pixels[0].astype(int)
        for a in new:
            for b in new:
                assert a == b or np.linalg.norm(new[a] - new[b]) >= 80, (a, b)
        for o in scene.objects:
            if o.colour in new:
                assert (nearest_colour(new[o.colour]), o.shape) not in HELD_OUT, (scene, new)


def test_a_repaint_of_the_objects_only_keeps_the_ground_and_moves_every_object_colour():
    rng = random.Random(6)
    for _ in range(100):
        scene = random_scene(rng)
        plain, painted = render(scene), repaint(scene, rng, ground=False)
        ground = (plain == COLOURS[scene.ground]).all(-1)
        assert (painted[ground] == COLOURS[scene.ground]).all()
        assert not (painted[~ground] == plain[~ground]).all(-1).any() or not (~ground).any(), scene
