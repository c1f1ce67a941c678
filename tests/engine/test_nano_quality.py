"""nano draws what it is asked: a fixed-seed subset of bench/nano_bench.py, so a regression in the
pipelines, the prompt path (EN and RU text → CLIP → prior → decoder) or the weights fails CI.

Pictures are judged by generation/engine/nano/evaluate.py (nearest reference colour per pixel,
ground from the border, each object's largest component). The thresholds below are module
constants to be set from what the shipped weights measure (see docs/nano.md); the bench's full
table (≥ 200 prompts per language) is in docs/benchmarks.md. No timing is asserted.
Budget: 16 held-out scenes × 2 pictures × 2 languages + 26 inpaintings + 10 mixes + 6 fusions + 16 × 3
ceiling pictures."""
import pytest
import torch

from generation.engine.nano.quality import (ceiling_scores, fusion_colour, held_out_scenes, inpaint_named_object,
                                            inpaint_unprompted, inpaint_yellow_circle, mix_both, prior_accuracy,
                                            text2img_scores, twin_accuracy)

# held-out prompts per language (a colour × shape pair never trained on); with 8, one object
# drawn wrong moved a row by 9 points, more than most retrains change it over 200 prompts
SCENES = 16
PER_PROMPT = 2  # pictures per prompt, one batch
INPAINT_SEEDS = (0, 1, 2)
MIX_SEEDS = range(10)

# text2img, fractions over the pictures (ground) and their objects (colour, position, shape), per
# language, EN/RU. Set below what the fourth run's weights measured (bdfa5c0) on the first 8 of
# these scenes: ground 1.00 / 1.00, colour 1.00 / 1.00, position 0.91 / 0.86, shape 0.55 / 0.41.
# On all 16 (32 pictures) the twelfth run's weights, shipped now, measure ground 1.00 / 1.00,
# colour 0.95 / 0.95, position 0.90 / 0.90, shape 0.81 / 0.81 (100 / 99.8, 93.7 / 93.7,
# 87.9 / 87.3, 75.6 / 74.3 % over the bench's 500); the eighth run's 1.00 / 1.00, 0.90 / 0.93,
# 0.86 / 0.88, 0.52 / 0.55, and the sixth run's 1.00 / 0.97, 0.95 / 0.90, 0.93 / 0.86,
# 0.45 / 0.48, whose shape fails the minimum now. The third run's weights (e412721: CLIP 2000
# steps, no trade variants) measured ground 0.94 / 0.94, position 0.55 / 0.50, shape 0.23 / 0.18
# on the first 8 and fail these, as random weights do.
MINIMA = {"ground": 0.9, "colour": 0.85, "position": 0.75, "shape": 0.6}
MAX_LANGUAGE_GAP = 0.15  # |English − Russian| on those: 0.02 at most now (the sixth run's 0.14 on the first 8)
# Inpainting a 32×32 hole in a blue ground with no prompt: mean share of the hole that is the
# ground's blue (0.98 now; 0.81 for the first checkpoint). Asked for "a yellow circle": the share
# of the hole yellow (a big circle can cover about half of it), 0.42 now on each seed, 0.19 for
# the previous weights (0.36, 0.19, 0.01).
MIN_HOLE_GROUND = 0.9
MIN_HOLE_ASKED = 0.3
# Asked for "a red circle" alone (no ground said, as in the editor): seeds whose hole holds a red
# object with the blue ground around it (quality.inpaint_named_object), 19 of 20 now, keeping the
# prior sample nearest the surroundings (Limits.fill_prior_candidates 8); 16 of 20 with its first
# sample (the bigger prior sometimes picks another ground), so this fails without the pick, and
# one seed turning on another CPU's arithmetic does not. The prior before the groundless captions
# read the one colour as the ground's and filled the hole red (1 of 6).
NAMED_SEEDS = range(20)
MIN_NAMED = 0.85
# An even mix of two pictures with no colour in common: pictures showing a colour of each, 9 of
# 10 now (the twelfth run's decoder, 100000 steps; the sixth run's at 80000, 8); the fifth run's
# showed both in 3 of 10 and the fourth's in 4 (over 40 seeds both about 3 in 10), and a decoder never trained on mixed
# embeddings draws one source (1 of 10).
MIN_MIX = 0.6
# A blue circle fused with "a red circle on a white background" at the default strength: pictures
# showing red, 6 of 6 now at nano's 0.7 (Limits.default_strength; 20 of 20 seeds); at 0.5, the
# default before, 5 of 20 seeds, and the seeds 0-5 here fail.
FUSION_SEEDS = range(6)
MIN_FUSION = 0.8


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


def test_inpainting_draws_what_is_asked(nano):
    asked = sum(inpaint_yellow_circle(nano, seed=s) for s in INPAINT_SEEDS) / len(INPAINT_SEEDS)
    assert asked >= MIN_HOLE_ASKED, f"hole yellow {asked:.3f} (min {MIN_HOLE_ASKED})"


def test_inpainting_draws_an_object_named_alone(nano):
    named = sum(inpaint_named_object(nano, seed=s) for s in NAMED_SEEDS) / len(NAMED_SEEDS)
    assert named >= MIN_NAMED, f"red object on blue in the hole: {named:.3f} (min {MIN_NAMED})"


def test_a_fusion_follows_the_prompt(nano):
    red = sum(fusion_colour(nano, seed=s) for s in FUSION_SEEDS) / len(FUSION_SEEDS)
    assert red >= MIN_FUSION, f"fusions showing the prompt's red: {red:.3f} (min {MIN_FUSION})"


def test_a_mix_shows_both_pictures(nano):
    both = sum(mix_both(nano, seed=s) for s in MIX_SEEDS) / len(MIX_SEEDS)
    assert both >= MIN_MIX, f"mixes with a colour of each source: {both:.3f} (min {MIN_MIX})"


# The stages' ceilings on the same scenes (quality.ceiling_scores, 16 pictures): the MoVQ
# reconstruction of the rendered scene measures ground, colour and position 1.00 on these now, the
# decoder drawn from the scene's own image embedding ground 1.00, colour 1.00, position 0.86
# (guidance 4; 0.48 before CLIP learnt position). A MoVQ, image encoder or decoder that stops
# carrying the picture falls below; the December 2 weights' MoVQ (colour 0.57) does.
# The MoVQ's shape on these scenes: 0.95 with the shipped (eleventh run's) decoder, 0.67 before the edge loss.
CEILING_MINIMA = {"MoVQ reconstruction": {"ground": 0.95, "colour": 0.9, "position": 0.9, "shape": 0.75},
                  "decoder from the true embedding, guidance 4": {"ground": 0.9, "colour": 0.85, "position": 0.7}}


def test_each_stage_carries_the_picture(nano):
    ceilings = ceiling_scores(nano, held_out_scenes(16, seed=7), steps=10)
    low = {stage: ceilings[stage] for stage, minima in CEILING_MINIMA.items()
           if any(ceilings[stage][k] < v for k, v in minima.items())}
    assert not low, f"below {CEILING_MINIMA}: {low}"


# CLIP telling a held-out scene's caption from a variant's picture (quality.twin_accuracy, 64
# scenes), per language: the shipped encoders measure 1.00 on every kind of change in both,
# the trades included (swap: the ground and an object trade colours; places: two objects trade
# places). The previous ones, trained without the trades, measure places 0.57 and swap 0.91 /
# 0.94 over 200 scenes; the one before read a Russian colour adjective as a whole word, and
# "белая" and "оранжевое" (said only of the held-out line and ring) never occurred in training:
# Russian colour 0.68 against English 1.00.
MIN_TWIN = {"ground": 0.9, "colour": 0.9, "position": 0.9, "shape": 0.85, "size": 0.85, "swap": 0.9, "places": 0.9}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_clip_tells_a_scene_from_its_variant(nano, lang):
    prior = nano.prior
    measured = twin_accuracy(prior.text_encoder, prior.image_encoder, prior.tokenizer, count=64, langs=(lang,))
    assert all(measured[k] >= v for k, v in MIN_TWIN.items()), f"{lang}: {measured} (min {MIN_TWIN})"


# The prior's embedding of a held-out caption against the CLIP embedding of the caption's own
# picture (quality.prior_accuracy, 64 scenes, default steps and guidance): mean cosine 0.966 /
# 0.967 (EN / RU) for the shipped prior (6 layers, 8 heads, 24000 steps; 0.963 / 0.963 at 12000),
# 0.950 / 0.948 for the 3-layer one it replaced, which placed objects right 2-7 points less often
# over the bench's 200 prompts and another draw of 150.
MIN_PRIOR_COSINE = 0.956


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_prior_lands_near_the_prompts_picture(nano, lang):
    cosine = prior_accuracy(nano, lang, count=64)["cosine"]
    assert cosine >= MIN_PRIOR_COSINE, f"{lang}: mean cosine {cosine:.3f} (min {MIN_PRIOR_COSINE})"
