"""Train the nano Kandinsky from nothing on the procedural dataset (generation/engine/nano).

Stages: clip (contrastive text+vision, each scene beside a variant: one thing changed, or two
traded), movq (autoencoder with an edge term; continued from --init, its decoder alone), prior
(x0 on normalised CLIP image embeddings), decoder (epsilon UNet on MoVQ latents, conditioned on
CLIP image embeddings, 10 % of them replaced by the zero-picture embedding the pipelines use as
negative, 1/8 of each batch mixes of two embeddings drawn as their blend), inpaint (the decoder
UNet widened to 9 input channels; whole, object-sized, rectangular and
outpainting holes). Seeded, each stage drawing its own scenes; the learning rate warms up over
100 steps and decays linearly over each stage's last fifth. Each stage checkpoints into var/nano/
and a rerun resumes where it stopped; --init DIR continues finished weights instead. The
finished pipelines go to weights/nano/ (save_pretrained, safetensors) with training.json (the
steps reached). --device cuda trains on a GPU.
"""
import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generation.engine.backends.tiny import DECODER_SCHEDULER, PRIOR_SCHEDULER  # noqa: E402
from generation.engine.nano import models  # noqa: E402
from generation.engine.nano.models import as_batch, clip_pixels, pictures  # noqa: E402
from generation.engine.nano.dataset import (COLOURS, POSITIONS, SIZE, Scene, blend, bounds, caption,  # noqa: E402
                                            random_scene, render, repaint, variant)

STAGES = ("clip", "movq", "prior", "decoder", "inpaint")
STEPS = dict(clip=4000, movq=15000, prior=24000, decoder=100000, inpaint=8000)  # the shipped weights' totals
MIX_SHARE = 0.125  # of each decoder batch: interpolated embeddings (mix, fusion) and their blend
# Of the decoder's other pictures: the objects in random colours on the reference ground
# (dataset.repaint), so it learns shape apart from colour: held-out pairs' shape 32 -> 51 %.
# Repainting the ground too cost the ground and colour their targets (docs/nano.md).
REPAINTED = 0.5
OBJECT_HOLES = 0.4  # of the inpaint batch: a hole over one object, the way a user erases one
# Of the prior's captions: the objects alone ("a red circle"), the way a user names what goes into
# a hole. CLIP never sees them (a ground variant would match them as well as its scene); the prior
# learns that they leave the ground open, instead of reading the one colour as the ground's.
GROUNDLESS = 0.15


class Data:
    """A stage's own stream of scenes (so one stage's length never changes another's data)."""

    def __init__(self, seed, stage, tokenizer):
        self.name = f"{seed}-{stage}"
        self.rng = random.Random(self.name)
        self.tok = tokenizer

    def resume(self, step):
        """A resumed stage draws new scenes, not its first ones again."""
        self.rng = random.Random(f"{self.name}-{step}")

    def scenes(self, n, twins=False):
        """n scenes; twins: n/2 scenes, each followed by a variant of it."""
        if twins:
            return [s for _ in range(n // 2) for s in (lambda s: (s, variant(s, self.rng)))(random_scene(self.rng))]
        return [random_scene(self.rng) for _ in range(n)]

    def batch(self, n, twins=False, groundless=0.0):
        """n pictures and captions, that share of them saying only the objects."""
        scenes = self.scenes(n, twins)
        return pictures(scenes), [caption(s, self.rng.choice(["en", "ru"]), self.rng, self.rng.random() >= groundless)
                                  for s in scenes]

    def repainted(self, n, share, ground=True):
        """n pictures, that share of them in random colours (dataset.repaint; the ground too)."""
        scenes = self.scenes(n)
        arrays = [repaint(s, self.rng, ground=ground) if self.rng.random() < share else render(s) for s in scenes]
        return as_batch(arrays)

    def mixes(self, n):
        """n mixes: pictures a and b, the weight on a (0.1-0.9), and the blend to draw."""
        a, b = self.scenes(n), self.scenes(n)
        w = [self.rng.uniform(0.1, 0.9) for _ in range(n)]
        return pictures(a), pictures(b), torch.tensor(w).view(-1, 1), pictures(
            [blend(x, y, wi, self.rng) for x, y, wi in zip(a, b, w)])

    def tokens(self, texts):
        t = self.tok(texts, padding="max_length", max_length=models.MAX_TOKENS, truncation=True, return_tensors="pt")
        return t.input_ids, t.attention_mask


def edge_loss(rec, x):
    """L1 between the pictures' horizontal and vertical differences: squared and absolute error
    alone are met by a blurred edge, which rounds a small square's corners (docs/nano.md)."""
    return sum((a - b).abs().mean() for a, b in ((rec.diff(dim=d), x.diff(dim=d)) for d in (-1, -2)))


def run_stage(name, args, params, step_fn, steps, log, data):
    """A resumable loop: checkpoint every 100 steps into var/nano/<name>.pt. Without a checkpoint
    but with --init weights, the stage starts from those at the step count they were trained to."""
    ckpt = args.work / f"{name}.pt"
    base_lr = args.lr[name]
    opt = torch.optim.AdamW(params, lr=base_lr, weight_decay=0.0)
    start, fresh_opt = 0, True
    state_modules = step_fn.modules
    if ckpt.exists():
        # On the CPU: the RNG state must stay a CPU tensor; load_state_dict moves the rest over.
        state = torch.load(ckpt, map_location="cpu")
        if state.get("run") != args.run:  # e.g. a from-nothing run's checkpoints under an --init run
            sys.exit(f"{ckpt} belongs to another run ({state.get('run')}, this one: {args.run}): "
                     "give this run its own --work folder, or delete that one")
        if state.get("from_init"):
            args.initialised.add(name)
        for m, sd in zip(state_modules, state["modules"]):
            m.load_state_dict(sd)
        if "opt" in state:  # a finished stage's checkpoint keeps its weights only
            opt.load_state_dict(state["opt"])
            fresh_opt = False
        start = state["step"]
        torch.set_rng_state(state["rng"])
        if "cuda_rng" in state and args.device.type == "cuda":
            torch.cuda.set_rng_state(state["cuda_rng"])
    elif name in args.init:
        for m, sd in zip(state_modules, args.init[name]["modules"]):
            m.load_state_dict(sd)
        start = args.init[name]["step"]
        args.initialised.add(name)
    if start:
        data.resume(start)
    warm_from = start if fresh_opt else -1
    deadline = time.time() + args.max_seconds[name]
    bar = tqdm(range(start, steps), desc=name, initial=start, total=steps, mininterval=5)
    done = start
    for step in bar:
        # From the step alone, so a resumed run decays the same; a fresh optimiser (a new stage,
        # or one continued from --init weights) warms up over 100 steps first.
        warm = min(1.0, (step - warm_from + 1) / 100) if warm_from >= 0 else 1.0
        for group in opt.param_groups:
            group["lr"] = base_lr * warm * min(1.0, (steps - step) / (0.2 * steps))
        loss = step_fn(step)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        bar.set_postfix(loss=f"{loss.item():.4f}")
        if step % 20 == 0:
            log.write(json.dumps({"stage": name, "step": step, "loss": loss.item(), "t": time.time()}) + "\n")
            log.flush()
        if (step + 1) % 100 == 0 or step + 1 == steps or time.time() > deadline:
            state = {"modules": [m.state_dict() for m in state_modules], "step": step + 1,
                     "rng": torch.get_rng_state(), "run": args.run, "from_init": name in args.initialised}
            if step + 1 < steps:  # the optimiser's moments (twice the weights) only while the stage runs
                state["opt"] = opt.state_dict()
            if args.device.type == "cuda":
                state["cuda_rng"] = torch.cuda.get_rng_state()
            torch.save(state, ckpt)
        done = step + 1
        if time.time() > deadline:
            print(f"{name}: time budget reached at step {done}/{steps}", flush=True)
            break
    args.reached[name] = done


def load_init(folder, retrain, tok):
    """{stage: {"modules": state dicts in the stage's order, "step": n}} from shipped weights."""
    from generation.engine.backends.nano import load_nano

    record = folder / "training.json"
    if not record.is_file():
        sys.exit(f"--init {folder}: no training.json there to say at which step each stage stopped")
    done = json.loads(record.read_text())["steps"]
    nano = load_nano(device="cpu", weights=folder)
    if "text" in retrain:  # a new text encoder for the same image tower, and a new prior on it
        retrain = {*retrain, "clip", "prior"}
    elif nano.prior.tokenizer.get_vocab() != tok.get_vocab():
        sys.exit(f"--init {folder}: its tokenizer differs from models.tokenizer(); add --retrain text")
    modules = dict(clip=[nano.prior.text_encoder, nano.prior.image_encoder], movq=[nano.text2img.movq],
                   prior=[nano.prior.prior], decoder=[nano.text2img.unet], inpaint=[nano.inpaint.unet])
    init = {k: {"modules": [m.state_dict() for m in ms], "step": done[k]} for k, ms in modules.items()
            if k not in retrain}
    if "text" in retrain:
        init["image"] = nano.prior.image_encoder.state_dict()
    return init


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--device", default="cpu")
    p.add_argument("--seed", type=int, default=10)
    p.add_argument("--work", type=Path, default=ROOT / "var" / "nano")
    p.add_argument("--out", type=Path, default=ROOT / "weights" / "nano")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every stage's steps (GPU: e.g. 10)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-minutes", type=float, default=0, help="per-stage wall budget in minutes (0: none)")
    p.add_argument("--steps", action="append", default=[], metavar="STAGE=N",
                   help="one stage's step count (e.g. decoder=20000): train it further on resume")
    p.add_argument("--init", type=Path, metavar="DIR",
                   help="start the stages without a checkpoint from these weights (their training.json says at "
                        "which step), e.g. --init weights/nano to train the shipped ones further")
    p.add_argument("--retrain", action="append", default=[], choices=STAGES + ("text",), metavar="STAGE",
                   help="with --init: train this stage from its start instead (repeatable); 'text': a new CLIP "
                        "text encoder against the image encoder as it is (frozen), then a new prior: what a "
                        "changed tokenizer needs, leaving the decoders valid")
    p.add_argument("--repainted", type=float, default=REPAINTED, metavar="SHARE",
                   help=f"of the decoder's pictures, the share in random colours (default {REPAINTED})")
    p.add_argument("--movq-edges", type=float, default=2.0, metavar="W",
                   help="the weight of the MoVQ's edge_loss (default 2; the shipped MoVQ's decoder trained at 1, 2, "
                        "then 4: docs/nano.md)")
    p.add_argument("--repaint-ground", action="store_true",
                   help="repaint the ground too (not shipped: docs/nano.md)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    dev = args.device = torch.device(args.device)
    steps = {k: int(v * args.scale) for k, v in STEPS.items()}
    for item in args.steps:
        stage, _, count = item.partition("=")
        if stage not in steps or not count.isdigit():
            p.error(f"--steps {item}: expected one of {', '.join(STAGES)}=N")
        steps[stage] = int(count)
    bs = dict(clip=128, movq=16, prior=32, decoder=32, inpaint=32)
    args.lr = dict(clip=1e-3, movq=1e-3, prior=5e-4, decoder=5e-4, inpaint=3e-4)
    budget = dict(clip=1.5, movq=4, prior=1, decoder=8.5, inpaint=2.5)  # shares of --max-minutes
    if args.retrain and not args.init:
        p.error("--retrain goes with --init")
    tok = models.tokenizer()
    init_from = args.init
    # Checkpoints remember the run they belong to: a stale one must not stand in for --init.
    args.run = f"init {init_from} retrain {','.join(sorted(args.retrain))}" if init_from else None
    args.init = load_init(args.init, args.retrain, tok) if args.init else {}
    args.initialised, args.reached = set(), {}
    args.max_seconds = {k: args.max_minutes * 60 * budget[k] / sum(budget.values()) if args.max_minutes else 1e9
                        for k in STAGES}
    log = open(args.work / "loss.jsonl", "a")
    data = {stage: Data(args.seed, stage, tok) for stage in STAGES}
    from diffusers import DDPMScheduler, UnCLIPScheduler

    text_enc, img_enc = models.text_encoder(len(tok)).to(dev), models.image_encoder().to(dev)
    logit_scale = torch.nn.Parameter(torch.tensor(2.6, device=dev))
    clip_params = list(text_enc.parameters()) + [logit_scale]
    locked = args.init.pop("image", None)  # --retrain text: the image tower stays as it is
    if locked is None:
        clip_params += list(img_enc.parameters())
    else:
        img_enc.load_state_dict(locked)
        img_enc.eval().requires_grad_(False)

    def clip_step(step):
        imgs, texts = data["clip"].batch(bs["clip"], twins=True)
        ids, mask = data["clip"].tokens(texts)
        t = F.normalize(text_enc(input_ids=ids.to(dev), attention_mask=mask.to(dev)).text_embeds, dim=-1)
        i = F.normalize(img_enc(pixel_values=clip_pixels(imgs.to(dev))).image_embeds, dim=-1)
        logits = t @ i.T * logit_scale.exp().clamp(max=100)
        # a caption can repeat in a batch (rarely); plain CLIP loss is fine at this vocabulary size
        target = torch.arange(len(texts), device=dev)
        return (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2

    clip_step.modules = [text_enc, img_enc]
    run_stage("clip", args, clip_params, clip_step, steps["clip"], log, data["clip"])
    text_enc.eval().requires_grad_(False)
    img_enc.eval().requires_grad_(False)

    movq = models.movq().to(dev)
    # A MoVQ continued from --init weights trains its decoder only: the UNets were trained on its
    # encoder's latents, which must stay as they are.
    decoder_only = "movq" in args.init
    movq_params = list(movq.post_quant_conv.parameters()) + list(movq.decoder.parameters()) if decoder_only \
        else list(movq.parameters())
    if decoder_only:
        args.lr["movq"] /= 2

    def movq_step(step):
        imgs, _ = data["movq"].batch(bs["movq"])
        x = imgs.to(dev) * 2 - 1
        with torch.set_grad_enabled(not decoder_only):
            h = movq.encode(x).latents
        rec = movq.decode(h, force_not_quantize=True).sample
        # The objects are a small share of the pixels: weigh them 5x, or a small one is blurred
        # into the ground (the corner pixel is always ground).
        w = 1 + 4 * (x != x[:, :, :1, :1]).any(1, keepdim=True).float()
        err = rec - x
        return (w * (err.pow(2) + err.abs())).mean() + 1e-4 * h.pow(2).mean() + args.movq_edges * edge_loss(rec, x)

    movq_step.modules = [movq]
    run_stage("movq", args, movq_params, movq_step, steps["movq"], log, data["movq"])
    movq.eval().requires_grad_(False)
    # Fold a latent normalisation into quant_conv/post_quant_conv (weights from --init have it
    # already): the Kandinsky pipelines do not scale latents, and the diffusion UNet wants roughly
    # zero-mean unit-variance ones.
    with torch.no_grad():
        imgs, _ = data["movq"].batch(256)
        h = movq.encode(imgs.to(dev) * 2 - 1).latents
        if "movq" not in args.initialised and abs(h.std().item() - 1) > 1e-3:
            mu, sd = h.mean(dim=(0, 2, 3)), h.std(dim=(0, 2, 3))
            qc, pqc = movq.quant_conv, movq.post_quant_conv
            qc.weight.div_(sd.view(-1, 1, 1, 1))
            qc.bias.sub_(mu).div_(sd)
            # post_quant_conv(z*sd+mu) == conv with weight*sd and bias + W@mu
            pqc.bias.add_((pqc.weight[:, :, 0, 0] * mu.view(1, -1)).sum(1))
            pqc.weight.mul_(sd.view(1, -1, 1, 1))

    def embed_images(imgs):
        return img_enc(pixel_values=clip_pixels(imgs.to(dev))).image_embeds

    zero_embed = img_enc(pixel_values=torch.zeros(1, 3, SIZE, SIZE, device=dev)).image_embeds.detach()
    with torch.no_grad():
        stats = torch.cat([embed_images(data["prior"].batch(256)[0]) for _ in range(4)])
        clip_mean, clip_std = stats.mean(0), stats.std(0).clamp(min=1e-4)

    prior = models.prior().to(dev)
    with torch.no_grad():
        prior.clip_mean.copy_(clip_mean.view(1, -1))
        prior.clip_std.copy_(clip_std.view(1, -1))
    prior_sched = UnCLIPScheduler.from_config(PRIOR_SCHEDULER)

    def prior_step(step):
        imgs, texts = data["prior"].batch(bs["prior"], groundless=GROUNDLESS)
        texts = ["" if random.random() < 0.1 else t for t in texts]  # the pipeline's guidance uses ""
        ids, mask = data["prior"].tokens(texts)
        with torch.no_grad():
            out = text_enc(input_ids=ids.to(dev), attention_mask=mask.to(dev))
            x0 = (embed_images(imgs) - prior.clip_mean) / prior.clip_std
        noise = torch.randn_like(x0)
        t = torch.randint(0, 1000, (len(texts),), device=dev)
        ab = prior_sched.alphas_cumprod.to(dev)[t].view(-1, 1)
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
        pred = prior(xt, t, proj_embedding=out.text_embeds, encoder_hidden_states=out.last_hidden_state,
                     attention_mask=mask.to(dev).bool()).predicted_image_embedding
        return F.mse_loss(pred, x0)

    prior_step.modules = [prior]
    run_stage("prior", args, [q for n, q in prior.named_parameters() if n not in ("clip_mean", "clip_std")],
              prior_step, steps["prior"], log, data["prior"])
    prior.eval()

    sched = DDPMScheduler.from_config(DECODER_SCHEDULER)
    ab_all = sched.alphas_cumprod.to(dev)

    def noisy(lat):
        noise = torch.randn_like(lat)
        t = torch.randint(0, 1000, (lat.shape[0],), device=dev)
        ab = ab_all[t].view(-1, 1, 1, 1)
        return ab.sqrt() * lat + (1 - ab).sqrt() * noise, noise, t

    def cond(imgs):
        emb = embed_images(imgs)
        drop = torch.rand(emb.shape[0], device=dev) < 0.1
        return torch.where(drop[:, None], zero_embed.expand_as(emb), emb)

    unet = models.unet(4).to(dev)

    n_mix = int(bs["decoder"] * MIX_SHARE)

    def decoder_step(step):
        # Mix and fusion condition on a weighted sum of two embeddings, which lies off the pictures'
        # manifold (the sources' cosine is about 0.3): without these, the decoder draws one source.
        imgs = data["decoder"].repainted(bs["decoder"] - n_mix, args.repainted,
                                          ground=args.repaint_ground)
        a, b, w, blended = data["decoder"].mixes(n_mix)
        with torch.no_grad():
            lat = movq.encode(torch.cat([imgs, blended]).to(dev) * 2 - 1).latents
            w = w.to(dev)
            emb = torch.cat([cond(imgs), w * embed_images(a) + (1 - w) * embed_images(b)])
        xt, noise, t = noisy(lat)
        pred = unet(xt, t, encoder_hidden_states=None, added_cond_kwargs={"image_embeds": emb}).sample[:, :4]
        return F.mse_loss(pred, noise)

    decoder_step.modules = [unet]
    run_stage("decoder", args, list(unet.parameters()), decoder_step, steps["decoder"], log, data["decoder"])
    unet.eval().requires_grad_(False)

    inpaint = models.unet(9).to(dev)
    with torch.no_grad():  # start from the decoder; the extra input channels start at zero
        sd = {k: v for k, v in unet.state_dict().items() if k != "conv_in.weight"}
        inpaint.load_state_dict(sd, strict=False)
        inpaint.conv_in.weight.zero_()
        inpaint.conv_in.weight[:, :4] = unet.conv_in.weight
    from diffusers.pipelines.kandinsky2_2.pipeline_kandinsky2_2_inpainting import prepare_mask

    def holes(scenes, side):
        """Per scene: 1 = keep, 0 = repaint (the pipeline's convention after it inverts the user
        mask), and the scene the embedding shows."""
        keep, shown = torch.ones(len(scenes), 1, side, side), []
        rng = data["inpaint"].rng
        for k, scene in enumerate(scenes):
            shown.append(scene)
            u = rng.random()
            if u < 0.2:  # all of it: the embedding alone must say what to draw
                keep[k] = 0
            elif u < 0.2 + OBJECT_HOLES:
                # A hole over one object, as a user erases one and names what goes there: half
                # the time the embedding shows only that object, somewhere, and on another ground
                # half of those times (a prompt like "a red circle" says neither the rest, nor
                # where, nor the ground: the prior picks one, and the hole's ground is around it).
                o = rng.choice(scene.objects)
                cell = SIZE / side
                left, top, right, bottom = bounds(o)
                pad = rng.choice([0, 0.5, 1])
                x0, y0 = max(0, int(left / cell - pad)), max(0, int(top / cell - pad))
                x1, y1 = min(side, int(np.ceil(right / cell + pad))), min(side, int(np.ceil(bottom / cell + pad)))
                keep[k, :, y0:y1, x0:x1] = 0
                if rng.random() < 0.5:
                    ground = scene.ground if rng.random() < 0.5 else rng.choice(
                        [c for c in COLOURS if c not in (o.colour, scene.ground)])
                    shown[k] = Scene(ground, (replace(o, position=rng.choice(list(POSITIONS))),))
            else:
                w, h = rng.randint(3, side - 2), rng.randint(3, side - 2)
                x, y = rng.randint(0, side - w), rng.randint(0, side - h)
                keep[k, :, y:y + h, x:x + w] = 0
                if rng.random() < 0.3:
                    keep[k] = 1 - keep[k]  # outpainting: keep the middle, repaint the border
        return prepare_mask(keep), shown

    def inpaint_step(step):
        scenes = data["inpaint"].scenes(bs["inpaint"])
        imgs = pictures(scenes)
        side = SIZE // models.LATENT_DOWN
        keep, shown = holes(scenes, side)
        with torch.no_grad():
            lat = movq.encode(imgs.to(dev) * 2 - 1).latents
            emb = cond(pictures(shown))
        keep = keep.to(dev)
        xt, noise, t = noisy(lat)
        inp = torch.cat([xt, lat * keep, keep], dim=1)
        pred = inpaint(inp, t, encoder_hidden_states=None, added_cond_kwargs={"image_embeds": emb}).sample[:, :4]
        return F.mse_loss(pred, noise)

    inpaint_step.modules = [inpaint]
    run_stage("inpaint", args, list(inpaint.parameters()), inpaint_step, steps["inpaint"], log, data["inpaint"])
    save(args.out, tok, text_enc, img_enc, prior, movq, unet, inpaint.eval())
    record = {"seed": args.seed, "steps": args.reached}
    if args.initialised:
        record["init"] = {"from": str(init_from), "stages": {k: args.init[k]["step"] for k in sorted(args.initialised)},
                          **({"retrained": sorted(args.retrain)} if args.retrain else {})}
    (args.out / "training.json").write_text(json.dumps(record, indent=1) + "\n")
    print("saved", args.out, flush=True)


def save(out, tok, text_enc, img_enc, prior, movq, unet, inpaint):
    from diffusers import (DDPMScheduler, KandinskyV22InpaintPipeline, KandinskyV22Pipeline,
                           KandinskyV22PriorPipeline, UnCLIPScheduler)
    from transformers import CLIPImageProcessor

    cpu = torch.device("cpu")
    KandinskyV22PriorPipeline(
        prior=prior.to(cpu), image_encoder=img_enc.to(cpu), text_encoder=text_enc.to(cpu), tokenizer=tok,
        scheduler=UnCLIPScheduler.from_config(PRIOR_SCHEDULER),
        image_processor=CLIPImageProcessor(crop_size=SIZE, size=SIZE, resample=3),
    ).save_pretrained(out / "prior", safe_serialization=True)
    KandinskyV22Pipeline(unet=unet.to(cpu), scheduler=DDPMScheduler.from_config(DECODER_SCHEDULER),
                         movq=movq.to(cpu)).save_pretrained(out / "decoder", safe_serialization=True)
    inpaint.to(cpu).save_pretrained(out / "decoder-inpaint" / "unet", safe_serialization=True)
    DDPMScheduler.from_config(DECODER_SCHEDULER).save_pretrained(out / "decoder-inpaint" / "scheduler")


if __name__ == "__main__":
    main()
