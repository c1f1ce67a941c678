"""A prompted inpaint, outpaint or extension keeps, of `Limits.fill_prior_candidates` prior
samples per picture, the one nearest the surroundings' CLIP embedding (stages.text_embeds_near);
with 1 candidate the prior's sample goes to the decoder as it is."""
import dataclasses

import torch
import torch.nn.functional as F

from generation.engine import GenerationParams, extend, run

from .recording import Recording


def recorded(backend, candidates):
    """The backend with fill_prior_candidates set and its prior, image encoder and inpainting
    decoder recording their calls."""
    encoder = Recording(backend.prior.image_encoder)
    prior = Recording(backend.prior)
    prior.image_encoder = encoder  # an instance attribute wins over __getattr__
    inpaint = Recording(backend.inpaint)
    limits = dataclasses.replace(backend.limits, fill_prior_candidates=candidates)
    return dataclasses.replace(backend, prior=prior, inpaint=inpaint, limits=limits), prior, encoder, inpaint


def fill(backend, holed, candidates, count=2, negative=""):
    """Inpaint `count` pictures with a prompt; the prior's calls, the image encoder's and the
    inpainting decoder's."""
    backend, prior, encoder, inpaint = recorded(backend, candidates)
    params = GenerationParams(prompt="a red circle", negative_prompt=negative, steps=2, prior_steps=2, seed=3,
                              num_images=count)
    run(backend, "inpaint", params, images=[holed])
    return prior.calls, encoder.calls, inpaint.calls


def nearest(candidates, surroundings):
    """Per picture (rows of candidates), the candidate at the highest cosine to surroundings."""
    return candidates[torch.arange(len(candidates)), nearest_index(candidates, surroundings)]


def nearest_index(candidates, surroundings):
    return F.cosine_similarity(candidates, surroundings.view(1, 1, -1), dim=-1).argmax(1)


def test_a_prompted_fill_keeps_the_candidate_nearest_the_surroundings(backend, holed):
    priors, encodings, decodes = fill(backend, holed, candidates=4)
    (asked, out), = priors
    assert asked["num_images_per_prompt"] == 8  # 4 candidates for each of 2 pictures
    candidates = out.image_embeds.view(2, 4, -1)
    assert not torch.allclose(candidates[:, 0], candidates[:, 1])  # else any pick would pass
    (_, surroundings), = encodings
    expected = nearest(candidates, surroundings.image_embeds)
    assert not torch.equal(expected, candidates[:, 0])  # else the prior's first sample would pass
    (drawn, _), = decodes
    assert torch.equal(drawn["image_embeds"], expected)


def test_the_negative_prompts_embedding_goes_with_the_picked_sample(backend, holed):
    priors, encodings, decodes = fill(backend, holed, candidates=4, negative="blurry")
    (_, out), = priors
    candidates, negatives = out.image_embeds.view(2, 4, -1), out.negative_image_embeds.view(2, 4, -1)
    assert not torch.allclose(negatives[:, 0], negatives[:, 1])  # sampled too: the pick must carry them
    (_, surroundings), = encodings
    (drawn, _), = decodes
    picked = negatives[torch.arange(2), nearest_index(candidates, surroundings.image_embeds)]
    assert torch.equal(drawn["negative_image_embeds"], picked)


def test_one_candidate_is_the_priors_own_sample(backend, holed):
    priors, encodings, decodes = fill(backend, holed, candidates=1)
    (asked, out), = priors
    assert asked["num_images_per_prompt"] == 2
    assert encodings == []  # nothing to compare against, no encoding
    (drawn, _), = decodes
    assert torch.equal(drawn["image_embeds"], out.image_embeds)


def test_an_extension_with_a_prompt_embeds_once_nearest_the_picture(backend, photo):
    picked, prior, encoder, inpaint = recorded(backend, candidates=4)
    params = GenerationParams(prompt="a red circle", width=64, height=64, steps=1, prior_steps=2, seed=2)
    extend(picked, photo, 64, 0, 0, 0, params)
    (asked, out), = prior.calls
    assert asked["num_images_per_prompt"] == 4
    (_, picture), = encoder.calls
    expected = nearest(out.image_embeds.view(1, 4, -1), picture.image_embeds)
    assert len(inpaint.calls) > 1  # several windows, each drawn from the one embedding
    assert all(torch.equal(kwargs["image_embeds"], expected) for kwargs, _ in inpaint.calls)
