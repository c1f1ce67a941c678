"""nano draws what it is asked: a fixed-seed subset of bench/nano_bench.py, so a regression in the
pipelines, the prompt path (EN and RU text → CLIP → prior → decoder) or the weights fails CI.

Pictures are judged by generation/engine/nano/evaluate.py (nearest reference colour per pixel,
ground from the border, each object's largest component). The thresholds below are module
constants to be set from what the shipped weights measure (see docs/nano.md); the bench's full
table (≥ 200 prompts per language) is in docs/benchmarks.md. No timing is asserted.
Budget: 8 held-out scenes × 2 pictures × 2 languages + 3 inpaintings + 16 × 3 ceiling pictures."""
import pytest
import torch

from generation.engine.nano.quality import (ceiling_scores, held_out_scenes, inpaint_unprompted, text2img_scores,
                                            twin_accuracy)

SCENES = 8  # held-out prompts per language (a colour × shape pair never trained on)
PER_PROMPT = 2  # pictures per prompt, one batch
INPAINT_SEEDS = (0, 1, 2)

# text2img, fractions over the pictures (ground) and their objects (colour, position), per
# language. Set below what the shipped weights measure (weights/nano/ of this commit, EN/RU):
# ground 0.94 / 1.00, colour 0.68 / 0.68, position 0.32 / 0.36; shape (0.14 / 0.14) is too low to
# guard (docs/nano.md says why), the bench table tracks it. The previous weights (33ffcd6) measured
# ground 1.00 / 0.81, colour 0.55 / 0.23, position 0.05 / 0.00 and fail these, as random weights do.
MINIMA = {"ground": 0.85, "colour": 0.5, "position": 0.2}
MAX_LANGUAGE_GAP = 0.2  # |English − Russian| on those: 0.06 at most now, 0.32 for the previous weights
# Inpainting a 32×32 hole in a blue ground with no prompt: mean share of the hole that is the
# ground's blue (0.96 now; 0.81 for the first checkpoint). Asked for "a yellow circle", the hole
# is 2 % yellow: prompted inpainting is not there yet, so it is measured (bench) but not asserted.
MIN_HOLE_GROUND = 0.9


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """One torch thread here: on a shared, loaded machine two made a picture about 10× slower
    (25-70 s against 2.5 s on one, load average 8), and the whole module costs ~12 s of CPU."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def scores(nano):
    scenes = held_out_scenes(SCENES, seed=7)
    return {lang: text2img_scores(nano, scenes, lang, seed=100, per_prompt=PER_PROMPT) for lang in ("en", "ru")}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_text2img_draws_the_prompt(scores, lang):
    measured = scores[lang]
    low = {k: round(measured[k], 3) for k in MINIMA if measured[k] < MINIMA[k]}
    assert not low, f"{lang}: {measured} below {MINIMA}"


def test_russian_draws_like_english(scores):
    gaps = {k: round(abs(scores["en"][k] - scores["ru"][k]), 3) for k in MINIMA}
    assert max(gaps.values()) <= MAX_LANGUAGE_GAP, f"EN {scores['en']} RU {scores['ru']}: gaps {gaps}"


def test_inpainting_continues_the_ground(nano):
    ground = sum(inpaint_unprompted(nano, seed=s) for s in INPAINT_SEEDS) / len(INPAINT_SEEDS)
    assert ground >= MIN_HOLE_GROUND, f"hole ground {ground:.3f} (min {MIN_HOLE_GROUND})"


# The stages' ceilings on the same scenes (quality.ceiling_scores, 16 pictures): the MoVQ
# reconstruction of the rendered scene measures ground, colour and position 1.00 on these now, the
# decoder drawn from the scene's own image embedding ground 1.00, colour 0.90, position 0.38
# (guidance 4). A MoVQ, image encoder or decoder that stops carrying the picture falls below; the
# previous weights' MoVQ (colour 0.57) does.
CEILING_MINIMA = {"MoVQ reconstruction": {"ground": 0.95, "colour": 0.9, "position": 0.9},
                  "decoder from the true embedding, guidance 4": {"ground": 0.9, "colour": 0.75, "position": 0.25}}


def test_each_stage_carries_the_picture(nano):
    ceilings = ceiling_scores(nano, held_out_scenes(16, seed=7), steps=10)
    low = {stage: ceilings[stage] for stage, minima in CEILING_MINIMA.items()
           if any(ceilings[stage][k] < v for k, v in minima.items())}
    assert not low, f"below {CEILING_MINIMA}: {low}"


# CLIP telling a held-out scene's caption from a variant's picture (quality.twin_accuracy, 64
# scenes × 2 languages): the shipped encoders measure ground 1.00, colour 0.93, position 0.95,
# shape 1.00, size 1.00 (the previous ones: position 0.45, chance, and shape 0.71).
MIN_TWIN = {"ground": 0.9, "colour": 0.8, "position": 0.8, "shape": 0.85, "size": 0.85}


def test_clip_tells_a_scene_from_its_variant(nano):
    prior = nano.prior
    measured = twin_accuracy(prior.text_encoder, prior.image_encoder, prior.tokenizer, count=64)
    assert all(measured[k] >= v for k, v in MIN_TWIN.items()), f"{measured} (min {MIN_TWIN})"
