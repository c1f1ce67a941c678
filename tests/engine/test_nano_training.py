"""scripts/train_nano.py end to end at a few steps per stage: it writes weights the backend loads
and draws with, records what it trained, and continues from shipped weights with --init."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from generation.engine.backends.nano import load_nano
from generation.engine.params import GenerationParams
from generation.engine.runner import run

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_nano.py"
# The shipped totals at --scale 0.001, the scale these tests train at.
SCALED_STEPS = {"clip": 4, "movq": 15, "prior": 24, "decoder": 100, "inpaint": 8}


def train(*args):
    out = subprocess.run([sys.executable, str(SCRIPT), "--threads", "1", *map(str, args)], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def test_a_short_run_writes_loadable_weights_and_a_continued_run_starts_where_they_stopped(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    train("--scale", "0.001", "--work", tmp_path / "work", "--out", first)
    assert json.loads((first / "training.json").read_text()) == {"seed": 10, "steps": SCALED_STEPS}
    picture = run(load_nano(device="cpu", weights=first), "text2img",
                  GenerationParams(prompt="a red circle on a blue background", steps=2, prior_steps=2)).images[0]
    assert picture.size == (64, 64) and np.asarray(picture).std() > 0

    # The from-nothing run's checkpoints must not stand in for the weights of an --init run.
    stale = subprocess.run([sys.executable, str(SCRIPT), "--threads", "1", "--init", str(first), "--work",
                            str(tmp_path / "work"), "--out", str(tmp_path / "never")], capture_output=True, text=True,
                           timeout=600)
    assert stale.returncode == 1 and "belongs to another run" in stale.stderr, stale.stderr[-2000:]
    assert not (tmp_path / "never").exists()

    # Continued: the MoVQ's decoder and the diffusion decoder further, the inpainting UNet anew, and
    # (as a changed tokenizer needs) a new text encoder against the same image encoder, then a new prior.
    train("--scale", "0.001", "--init", first, "--steps", "movq=17", "--steps", "decoder=104", "--retrain", "inpaint",
          "--retrain", "text", "--work", tmp_path / "work2", "--out", second)
    record = json.loads((second / "training.json").read_text())
    assert record["steps"] == {"clip": 4, "movq": 17, "prior": 24, "decoder": 104, "inpaint": 8}
    assert record["init"] == {"from": str(first), "stages": {"decoder": 100, "movq": 15},
                              "retrained": ["inpaint", "text"]}
    logged = {(r["stage"], r["step"]) for r in map(json.loads, (tmp_path / "work2" / "loss.jsonl").open())}
    # every 20th step: prior 0..23 logs 0 and 20, decoder 100..103 logs 100
    assert logged == {("clip", 0), ("prior", 0), ("prior", 20), ("decoder", 100), ("inpaint", 0)}
    a, b = (load_nano(device="cpu", weights=w) for w in (first, second))
    # A continued MoVQ trains its decoder only: the latents the UNets learnt stay as they were.
    movqs = a.text2img.movq, b.text2img.movq
    kept = [(a.prior.image_encoder, b.prior.image_encoder), *(
        (getattr(movqs[0], part), getattr(movqs[1], part)) for part in ("encoder", "quant_conv"))]
    changed = [(movqs[0].decoder, movqs[1].decoder), (a.text2img.unet, b.text2img.unet),
               (a.prior.text_encoder, b.prior.text_encoder),
               (a.prior.prior, b.prior.prior), (a.inpaint.unet, b.inpaint.unet)]
    for pairs, same in ((kept, True), (changed, False)):
        for x, y in pairs:
            equal = all(p.equal(q) for p, q in zip(x.state_dict().values(), y.state_dict().values()))
            assert equal == same, type(x).__name__


def test_retrain_needs_init(tmp_path):
    out = subprocess.run([sys.executable, str(SCRIPT), "--retrain", "inpaint", "--work", tmp_path], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2 and "--retrain goes with --init" in out.stderr


def test_a_stopped_run_resumes_each_stage_from_its_checkpoint(tmp_path):
    import torch

    work = tmp_path / "work"
    # A wall budget far too small stops every stage after its first step, as a killed run would.
    train("--scale", "0.001", "--max-minutes", "0.000001", "--work", work, "--out", tmp_path / "stopped")
    assert json.loads((tmp_path / "stopped" / "training.json").read_text())["steps"] == dict.fromkeys(SCALED_STEPS, 1)
    stopped = torch.load(work / "decoder.pt", weights_only=False)
    assert stopped["step"] == 1 and "opt" in stopped  # a stage under way keeps its optimiser's moments

    train("--scale", "0.001", "--work", work, "--out", tmp_path / "done")
    assert json.loads((tmp_path / "done" / "training.json").read_text())["steps"] == SCALED_STEPS
    logged = [(r["stage"], r["step"]) for r in map(json.loads, (work / "loss.jsonl").open())]
    # Step 0 once per stage: the second run went on from step 1 instead of starting again.
    assert sorted(logged) == sorted([(s, 0) for s in SCALED_STEPS]
                                    + [("prior", 20)] + [("decoder", k) for k in (20, 40, 60, 80)])
    finished = torch.load(work / "decoder.pt", weights_only=False)
    assert finished["step"] == 100 and "opt" not in finished  # a finished stage keeps its weights only
