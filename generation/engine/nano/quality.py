"""Held-out prompts and the measurements shared by bench/nano_bench.py and the test suite."""
import random

import numpy as np
from PIL import Image

from .dataset import COLOURS, HELD_OUT, SIZE, Obj, Scene, caption, random_scene, render
from .evaluate import classify, judge, parse


def held_out_scenes(count: int, seed: int = 2026, max_objects: int = 2) -> list[Scene]:
    """Scenes whose first object is a colour x shape pair never seen in training."""
    rng = random.Random(seed)
    return [random_scene(rng, held_out=True, max_objects=max_objects, distinct=True) for _ in range(count)]


def text2img_scores(backend, scenes, lang: str, seed: int = 0, per_prompt: int = 1, **params) -> dict:
    """Fractions over all pictures/objects: ground, colour, position, shape (canonical captions);
    per_prompt pictures of each scene, made as one batch."""
    from ..params import GenerationParams
    from ..runner import run

    pairs = []
    for i, scene in enumerate(scenes):
        prompt = caption(scene, lang)
        assert parse(prompt) == scene, prompt  # the caption says exactly what is judged
        params_i = GenerationParams(prompt=prompt, seed=seed + i, num_images=per_prompt, **params)
        pairs += [(img, scene) for img in run(backend, "text2img", params_i).images]
    return _scores(pairs)


SHAPE_SPLIT = ("shape, held-out pairs", "shape, trained pairs")


def _scores(pairs) -> dict:
    """(picture, scene) pairs → the fraction right of each measure, over pictures and objects;
    and shape apart for the objects that are a held-out colour x shape pair and the others."""
    tot = {"ground": [], "colour": [], "position": [], "shape": [], **{k: [] for k in SHAPE_SPLIT}}
    for img, scene in pairs:
        j = judge(img, scene)
        tot["ground"].append(j["ground"])
        for k in ("colour", "position", "shape"):
            tot[k].extend(j[k])
        for o, right in zip(scene.objects, j["shape"]):
            tot[SHAPE_SPLIT[(o.colour, o.shape) not in HELD_OUT]].append(right)
    return {k: float(np.mean(v)) if v else float("nan") for k, v in tot.items()}


def ceiling_scores(backend, scenes, steps: int = 25, seed: int = 0) -> dict:
    """What each stage leaves possible, judged like text2img: the MoVQ's reconstruction of the
    rendered scene, and the decoder drawn from the scene's own CLIP image embedding (no text,
    no prior) at guidance 1 and 4. text2img cannot score above these."""
    import torch

    from .models import clip_pixels, pictures

    prior, decoder = backend.prior, backend.text2img
    x = pictures(scenes).to(backend.device)
    out = {}
    with torch.no_grad():
        embeds = prior.image_encoder(pixel_values=clip_pixels(x)).image_embeds
        zero = prior.image_encoder(pixel_values=torch.zeros_like(x[:1])).image_embeds.expand_as(embeds)
        latents = decoder.movq.encode(x * 2 - 1).latents
        rec = decoder.movq.decode(latents, force_not_quantize=True).sample.clamp(-1, 1)
        out["MoVQ reconstruction"] = _scores(zip(_uint8(((rec + 1) / 2).permute(0, 2, 3, 1).cpu().numpy()), scenes))
        for scale in (1.0, 4.0):
            drawn = decoder(image_embeds=embeds, negative_image_embeds=zero, height=SIZE, width=SIZE,
                            num_inference_steps=steps, guidance_scale=scale, output_type="np",
                            generator=torch.Generator(backend.device).manual_seed(seed)).images
            out[f"decoder from the true embedding, guidance {scale:g}"] = _scores(zip(_uint8(drawn), scenes))
    return out


def _uint8(batch: np.ndarray) -> list[np.ndarray]:
    """NxHxWx3 in 0..1 → pictures."""
    return list((batch * 255).round().astype(np.uint8))


def _run(backend, kind: str, images=(), **params) -> Image.Image:
    from ..params import GenerationParams
    from ..runner import run

    return run(backend, kind, GenerationParams(**params), images=list(images)).images[0]


def _picture(scene: Scene) -> Image.Image:
    return Image.fromarray(render(scene), "RGB")


def _with_hole(scene: Scene, box) -> Image.Image:
    """The scene as RGBA, transparent (to be filled) inside box = (top, bottom, left, right)."""
    rgba = np.dstack([render(scene), np.full((SIZE, SIZE), 255, np.uint8)])
    top, bottom, left, right = box
    rgba[top:bottom, left:right, 3] = 0
    return Image.fromarray(rgba, "RGBA")


def _share(labels: np.ndarray, colours) -> float:
    """Fraction of the pixels whose nearest reference colour is one of `colours`."""
    return float(np.isin(labels, [_INDEX[c] for c in colours]).mean())


def _present(labels: np.ndarray, colour: str, min_pixels: int = 12) -> bool:
    return int((labels == _INDEX[colour]).sum()) >= min_pixels


_INDEX = {c: i for i, c in enumerate(COLOURS)}
# A blue ground, a small white square on the left, and a hole right of it on plain ground.
HOLE_SCENE = Scene("blue", (Obj("white", "square", "small", "left"),))
HOLE = (16, 48, 24, 56)  # top, bottom, left, right at 64²


def _hole(backend, prompt: str, seed: int) -> np.ndarray:
    """The nearest reference colour of each pixel of HOLE after inpainting it with prompt."""
    out = _run(backend, "inpaint", [_with_hole(HOLE_SCENE, HOLE)], prompt=prompt, seed=seed)
    top, bottom, left, right = HOLE
    return classify(out)[top:bottom, left:right]


def inpaint_yellow_circle(backend, seed: int = 0) -> float:
    """'a yellow circle' asked into a hole in the blue ground: fraction of the hole that is yellow."""
    return _share(_hole(backend, "a yellow circle on a blue background", seed), ["yellow"])


def inpaint_named_object(backend, seed: int = 0) -> float:
    """'a red circle' alone, as a user names what goes into the hole they erased (no ground
    said): 1 when the hole holds a red object on the blue ground, i.e. red present (≥ 12 px) but
    in at most 70 % of the hole (a big circle covers about half), and the ground's blue in at
    least a quarter. A hole filled with red (a prior reading the one colour as the ground's)
    scores 0."""
    hole = _hole(backend, "a red circle", seed)
    return float(_present(hole, "red") and _share(hole, ["red"]) <= 0.7 and _share(hole, [HOLE_SCENE.ground]) >= 0.25)


def inpaint_unprompted(backend, seed: int = 0) -> float:
    """No prompt: fraction of the hole the colour of its surroundings (the blue ground)."""
    out = _run(backend, "inpaint", [_with_hole(HOLE_SCENE, HOLE)], seed=seed)
    top, bottom, left, right = HOLE
    return _share(classify(out)[top:bottom, left:right], [HOLE_SCENE.ground])


# The editor's outpaint: a 64² window half off the picture (transparent there), no prompt.
OUTPAINT_SCENE = Scene("green", (Obj("red", "circle", "small", "left"),))


def outpaint_ground(backend, seed: int = 0) -> float:
    """Fraction of the new (right) half that continues the ground colour."""
    out = _run(backend, "outpaint", [_with_hole(OUTPAINT_SCENE, (0, SIZE, SIZE // 2, SIZE))], seed=seed)
    return _share(classify(out)[:, SIZE // 2:], [OUTPAINT_SCENE.ground])


FUSION_SOURCE = Scene("white", (Obj("blue", "circle", "big", "centre"),))
FUSION_PROMPT = "a red circle on a white background"


def fusion_colour(backend, seed: int = 0) -> float:
    """Fusion of a blue circle with a prompt asking for a red one: 1 when red appears (≥ 12 px)."""
    out = _run(backend, "fusion", [_picture(FUSION_SOURCE)], prompt=FUSION_PROMPT, seed=seed)
    return float(_present(classify(out), "red"))


# Two sources with no colour in common, so each one's share of the mix is visible.
MIX_SOURCES = (Scene("yellow", (Obj("blue", "circle", "big", "centre"),)),
               Scene("black", (Obj("white", "square", "big", "centre"),)))


def mix_both(backend, seed: int = 0) -> float:
    """An even mix: 1 when a colour of each source appears (≥ 12 px each)."""
    out = classify(_run(backend, "mix", [_picture(s) for s in MIX_SOURCES], weights=[0.5, 0.5], seed=seed))
    return float(all(any(_present(out, c) for c in _palette(s)) for s in MIX_SOURCES))


def _palette(scene: Scene) -> list[str]:
    return [scene.ground, *(o.colour for o in scene.objects)]


VARIATION_SOURCE = Scene("purple", (Obj("yellow", "triangle", "big", "centre"),))


def variation_palette(backend, seed: int = 0) -> float:
    """Fraction of a variation's pixels in the source's palette (its ground and object colours)."""
    out = _run(backend, "variation", [_picture(VARIATION_SOURCE)], seed=seed)
    return _share(classify(out), _palette(VARIATION_SOURCE))


# name → (measure, what the bench row says it is); each takes (backend, seed) and gives 0..1.
OPERATIONS = {
    "inpaint, 'a yellow circle' in a 32×32 hole": (inpaint_yellow_circle, "share of the hole yellow"),
    "inpaint, 'a red circle' alone (no ground said)": (inpaint_named_object,
                                                        "pictures with a red object in the hole, blue around it"),
    "inpaint, no prompt": (inpaint_unprompted, "share of the hole the ground's colour"),
    "outpaint, right half of the window empty": (outpaint_ground, "share of the new half the ground's colour"),
    "fusion, blue circle + 'a red circle …'": (fusion_colour, "pictures with red"),
    "mix of two pictures, 0.5 / 0.5": (mix_both, "pictures with a colour of each source"),
    "variation": (variation_palette, "share of the pixels in the source's palette"),
}


def _embed_pictures(image_encoder, scenes) -> "torch.Tensor":
    """Unit CLIP image embeddings of the rendered scenes."""
    import torch
    import torch.nn.functional as F

    from .models import clip_pixels, pictures

    x = clip_pixels(pictures(scenes).to(image_encoder.device))
    with torch.no_grad():
        return F.normalize(image_encoder(pixel_values=x).image_embeds, dim=-1)


def _twins(count: int, seed: int) -> tuple[list[Scene], list[Scene], list[str]]:
    """Held-out scenes, a variant of each with one thing changed, and what changed."""
    from .dataset import variant

    rng = random.Random(seed)
    scenes = held_out_scenes(count, seed=seed)
    twins = [variant(s, rng) for s in scenes]
    return scenes, twins, [_changed(s, t) for s, t in zip(scenes, twins)]


def _by_kind(right: list[bool], kinds: list[str]) -> dict:
    return {k: float(np.mean([r for r, kk in zip(right, kinds) if kk == k])) for k in sorted(set(kinds))}


def twin_accuracy(text_encoder, image_encoder, tokenizer, count: int = 200, seed: int = 2027,
                  langs=("en", "ru")) -> dict:
    """CLIP against its hardest question: a held-out scene's caption, its picture and the picture
    of a variant with one thing changed (dataset.variant); per kind of change, the fraction where
    the caption's embedding is nearer (cosine) its own picture, over the captions in `langs`.
    0.5 is chance."""
    import torch
    import torch.nn.functional as F

    scenes, twins, kinds = _twins(count, seed)
    with torch.no_grad():
        ids = tokenizer([caption(s, lang) for lang in langs for s in scenes], padding="max_length",
                        max_length=tokenizer.model_max_length, truncation=True, return_tensors="pt")
        out = text_encoder(input_ids=ids.input_ids.to(text_encoder.device),
                           attention_mask=ids.attention_mask.to(text_encoder.device))
        text = F.normalize(out.text_embeds, dim=-1).cpu()
    own = _embed_pictures(image_encoder, scenes).cpu().repeat(len(langs), 1)
    other = _embed_pictures(image_encoder, twins).cpu().repeat(len(langs), 1)
    return _by_kind(((text * own).sum(-1) > (text * other).sum(-1)).tolist(), kinds * len(langs))


def prior_accuracy(backend, lang: str, count: int = 200, seed: int = 2027) -> dict:
    """The same question asked of the prior (the text side text2img really uses): per kind of
    change, the fraction of captions whose prior embedding (default steps and guidance) is nearer
    its own picture's CLIP embedding than the variant's; and "cosine", the mean cosine to its own."""
    import torch
    import torch.nn.functional as F

    scenes, twins, kinds = _twins(count, seed)
    prior = backend.prior
    out = prior([caption(s, lang) for s in scenes], num_inference_steps=backend.limits.default_prior_steps,
                guidance_scale=backend.limits.default_prior_guidance,
                generator=torch.Generator(backend.device).manual_seed(seed))
    emb = F.normalize(out.image_embeds.detach(), dim=-1).cpu()
    own, other = (_embed_pictures(prior.image_encoder, batch).cpu() for batch in (scenes, twins))
    scores = _by_kind(((emb * own).sum(-1) > (emb * other).sum(-1)).tolist(), kinds)
    return {**scores, "cosine": float((emb * own).sum(-1).mean())}


def _changed(scene: Scene, twin: Scene) -> str:
    """The kind of change (dataset.KINDS) that made twin from scene."""
    diffs = [(i, f) for i, (a, b) in enumerate(zip(scene.objects, twin.objects))
             for f in ("colour", "shape", "size", "position") if getattr(a, f) != getattr(b, f)]
    if scene.ground != twin.ground:
        return "swap" if diffs else "ground"
    return "places" if len({i for i, _ in diffs}) > 1 else diffs[0][1]
