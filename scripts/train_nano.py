"""Train the nano Kandinsky from nothing on the procedural dataset (generation/engine/nano).

Stages: clip (contrastive text+vision, each scene beside a variant with one thing changed), movq (autoencoder), prior (x0 on normalised CLIP image
embeddings), decoder (epsilon UNet on MoVQ latents, conditioned on CLIP image embeddings, 10 %
of them replaced by the zero-picture embedding the pipelines use as negative), inpaint (the
decoder UNet widened to 9 input channels). Seeded, each stage drawing its own scenes; the
learning rate decays linearly over each stage's last fifth. Each stage checkpoints into var/nano/ and a
rerun resumes where it stopped. The finished pipelines go to weights/nano/ (save_pretrained,
safetensors). --device cuda trains on a GPU.
"""
import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generation.engine.backends.tiny import DECODER_SCHEDULER, PRIOR_SCHEDULER  # noqa: E402
from generation.engine.nano import models  # noqa: E402
from generation.engine.nano.dataset import SIZE, caption, random_scene, render, variant  # noqa: E402

CLIP_MEAN = torch.tensor(models.CLIP_MEAN).view(1, 3, 1, 1)
CLIP_STD = torch.tensor(models.CLIP_STD).view(1, 3, 1, 1)
STAGES = ("clip", "movq", "prior", "decoder", "inpaint")


class Data:
    """A stage's own stream of scenes (so one stage's length never changes another's data)."""

    def __init__(self, seed, stage, tokenizer):
        self.rng = random.Random(f"{seed}-{stage}")
        self.tok = tokenizer

    def batch(self, n, twins=False):
        """n pictures and captions; twins: n/2 scenes, each followed by a variant of it."""
        if twins:
            scenes = [s for _ in range(n // 2) for s in (lambda s: (s, variant(s, self.rng)))(random_scene(self.rng))]
        else:
            scenes = [random_scene(self.rng) for _ in range(n)]
        imgs = torch.from_numpy(np.stack([render(s) for s in scenes])).permute(0, 3, 1, 2).float() / 255
        texts = [caption(s, self.rng.choice(["en", "ru"]), self.rng) for s in scenes]
        return imgs, texts

    def tokens(self, texts):
        t = self.tok(texts, padding="max_length", max_length=models.MAX_TOKENS, truncation=True, return_tensors="pt")
        return t.input_ids, t.attention_mask


def clip_pixels(imgs):
    return (imgs - CLIP_MEAN.to(imgs.device)) / CLIP_STD.to(imgs.device)


def run_stage(name, args, params, step_fn, steps, log):
    """A resumable loop: checkpoint every 100 steps into var/nano/<name>.pt."""
    ckpt = args.work / f"{name}.pt"
    base_lr = args.lr[name]
    opt = torch.optim.AdamW(params, lr=base_lr, weight_decay=0.0)
    start = 0
    state_modules = step_fn.modules
    if ckpt.exists():
        state = torch.load(ckpt, map_location=args.device)
        for m, sd in zip(state_modules, state["modules"]):
            m.load_state_dict(sd)
        opt.load_state_dict(state["opt"])
        start = state["step"]
        torch.set_rng_state(state["rng"])
    deadline = time.time() + args.max_seconds[name]
    bar = tqdm(range(start, steps), desc=name, initial=start, total=steps, mininterval=5)
    step = start
    for step in bar:
        for group in opt.param_groups:  # from the step alone, so a resumed run decays the same
            group["lr"] = base_lr * min(1.0, (steps - step) / (0.2 * steps))
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
            torch.save({"modules": [m.state_dict() for m in state_modules], "opt": opt.state_dict(),
                        "step": step + 1, "rng": torch.get_rng_state()}, ckpt)
        if time.time() > deadline:
            print(f"{name}: time budget reached at step {step + 1}/{steps}", flush=True)
            break
    return step + 1


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
                   help="one stage's step count (e.g. decoder=6000): train it further on resume")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    dev = args.device = torch.device(args.device)
    steps = {k: int(v * args.scale) for k, v in dict(clip=2000, movq=3000, prior=3000, decoder=8000, inpaint=2500).items()}
    for item in args.steps:
        stage, _, count = item.partition("=")
        if stage not in steps or not count.isdigit():
            p.error(f"--steps {item}: expected one of {', '.join(STAGES)}=N")
        steps[stage] = int(count)
    bs = dict(clip=128, movq=16, prior=32, decoder=32, inpaint=32)
    args.lr = dict(clip=1e-3, movq=1e-3, prior=5e-4, decoder=5e-4, inpaint=3e-4)
    budget = dict(clip=1.5, movq=4, prior=1, decoder=8.5, inpaint=2.5)  # shares of --max-minutes
    args.max_seconds = {k: args.max_minutes * 60 * budget[k] / sum(budget.values()) if args.max_minutes else 1e9
                        for k in STAGES}
    log = open(args.work / "loss.jsonl", "a")
    tok = models.tokenizer()
    data = {stage: Data(args.seed, stage, tok) for stage in STAGES}
    from diffusers import DDPMScheduler, UnCLIPScheduler

    text_enc, img_enc = models.text_encoder(len(tok)).to(dev), models.image_encoder().to(dev)
    logit_scale = torch.nn.Parameter(torch.tensor(2.6, device=dev))

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
    run_stage("clip", args, list(text_enc.parameters()) + list(img_enc.parameters()) + [logit_scale], clip_step,
              steps["clip"], log)
    text_enc.eval().requires_grad_(False)
    img_enc.eval().requires_grad_(False)

    movq = models.movq().to(dev)

    def movq_step(step):
        imgs, _ = data["movq"].batch(bs["movq"])
        x = imgs.to(dev) * 2 - 1
        h = movq.encode(x).latents
        rec = movq.decode(h, force_not_quantize=True).sample
        # The objects are a small share of the pixels: weigh them 5x, or a small one is blurred
        # into the ground (the corner pixel is always ground).
        w = 1 + 4 * (x != x[:, :, :1, :1]).any(1, keepdim=True).float()
        err = rec - x
        return (w * (err.pow(2) + err.abs())).mean() + 1e-4 * h.pow(2).mean()

    movq_step.modules = [movq]
    run_stage("movq", args, list(movq.parameters()), movq_step, steps["movq"], log)
    movq.eval().requires_grad_(False)
    # Fold a latent normalisation into quant_conv/post_quant_conv: the Kandinsky pipelines do not
    # scale latents, and the diffusion UNet wants roughly zero-mean unit-variance ones.
    with torch.no_grad():
        imgs, _ = data["movq"].batch(256)
        h = movq.encode(imgs.to(dev) * 2 - 1).latents
        if abs(h.std().item() - 1) > 1e-3:
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
        imgs, texts = data["prior"].batch(bs["prior"])
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
              prior_step, steps["prior"], log)
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

    def decoder_step(step):
        imgs, _ = data["decoder"].batch(bs["decoder"])
        with torch.no_grad():
            lat = movq.encode(imgs.to(dev) * 2 - 1).latents
            emb = cond(imgs)
        xt, noise, t = noisy(lat)
        pred = unet(xt, t, encoder_hidden_states=None, added_cond_kwargs={"image_embeds": emb}).sample[:, :4]
        return F.mse_loss(pred, noise)

    decoder_step.modules = [unet]
    run_stage("decoder", args, list(unet.parameters()), decoder_step, steps["decoder"], log)
    unet.eval().requires_grad_(False)

    inpaint = models.unet(9).to(dev)
    with torch.no_grad():  # start from the decoder; the extra input channels start at zero
        sd = {k: v for k, v in unet.state_dict().items() if k != "conv_in.weight"}
        inpaint.load_state_dict(sd, strict=False)
        inpaint.conv_in.weight.zero_()
        inpaint.conv_in.weight[:, :4] = unet.conv_in.weight
    from diffusers.pipelines.kandinsky2_2.pipeline_kandinsky2_2_inpainting import prepare_mask

    def random_keep(n, side):
        """1 = keep, 0 = repaint (the pipeline's convention after it inverts the user mask)."""
        keep = torch.ones(n, 1, side, side)
        for k in range(n):
            if random.random() < 0.2:  # all of it: the embedding alone must say what to draw
                keep[k] = 0
                continue
            w, h = random.randint(3, side - 2), random.randint(3, side - 2)
            x, y = random.randint(0, side - w), random.randint(0, side - h)
            keep[k, :, y:y + h, x:x + w] = 0
            if random.random() < 0.3:
                keep[k] = 1 - keep[k]  # outpainting: keep the middle, repaint the border
        return prepare_mask(keep)

    def inpaint_step(step):
        imgs, _ = data["inpaint"].batch(bs["inpaint"])
        with torch.no_grad():
            lat = movq.encode(imgs.to(dev) * 2 - 1).latents
            emb = cond(imgs)
        keep = random_keep(lat.shape[0], lat.shape[-1]).to(dev)
        xt, noise, t = noisy(lat)
        inp = torch.cat([xt, lat * keep, keep], dim=1)
        pred = inpaint(inp, t, encoder_hidden_states=None, added_cond_kwargs={"image_embeds": emb}).sample[:, :4]
        return F.mse_loss(pred, noise)

    inpaint_step.modules = [inpaint]
    run_stage("inpaint", args, list(inpaint.parameters()), inpaint_step, steps["inpaint"], log)
    save(args.out, tok, text_enc, img_enc, prior, movq, unet, inpaint.eval())
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
