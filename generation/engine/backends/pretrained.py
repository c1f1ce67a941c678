"""The real Kandinsky checkpoints, loaded offline with from_pretrained from KANDINSKY_MODELS_DIR
(<dir>/<repo-name>/...) or the local Hugging Face cache. The prior, encoders and MoVQ are loaded
once; the text2img and img2img decoders share one UNet, all decoders share one MoVQ."""
from dataclasses import dataclass
from pathlib import Path

import torch

from ..errors import EngineError
from ..translation import Translator
from .base import Backend, Limits, pick_device

REAL_LIMITS = Limits(
    default_size=768, max_size=1024, default_steps=50, max_steps=150, default_prior_steps=25, max_prior_steps=100
)
TRANSLATOR_REPO = "opus-mt-ru-en"
HUB_IDS = {  # local folder name → Hugging Face repo id (scripts/download_models.py uses these)
    "kandinsky-2-2-prior": "kandinsky-community/kandinsky-2-2-prior",
    "kandinsky-2-2-decoder": "kandinsky-community/kandinsky-2-2-decoder",
    "kandinsky-2-2-decoder-inpaint": "kandinsky-community/kandinsky-2-2-decoder-inpaint",
    "kandinsky-2-1-prior": "kandinsky-community/kandinsky-2-1-prior",
    "kandinsky-2-1": "kandinsky-community/kandinsky-2-1",
    "kandinsky-2-1-inpaint": "kandinsky-community/kandinsky-2-1-inpaint",
    TRANSLATOR_REPO: "Helsinki-NLP/opus-mt-ru-en",
}


@dataclass(frozen=True)
class Family:
    prior_repo: str
    decoder_repo: str
    inpaint_repo: str
    needs_english: bool
    decoder_takes_prompt: bool

    def pipeline_classes(self):
        import diffusers as d

        if self.decoder_takes_prompt:  # 2.1
            return d.KandinskyPriorPipeline, d.KandinskyPipeline, d.KandinskyInpaintPipeline, d.KandinskyImg2ImgPipeline
        return d.KandinskyV22PriorPipeline, d.KandinskyV22Pipeline, d.KandinskyV22InpaintPipeline, d.KandinskyV22Img2ImgPipeline


FAMILIES = {
    "kandinsky-2.2": Family("kandinsky-2-2-prior", "kandinsky-2-2-decoder", "kandinsky-2-2-decoder-inpaint",
                            needs_english=True, decoder_takes_prompt=False),
    # 2.1's decoder reads the prompt through a multilingual (XLM-R) text encoder.
    "kandinsky-2.1": Family("kandinsky-2-1-prior", "kandinsky-2-1", "kandinsky-2-1-inpaint",
                            needs_english=False, decoder_takes_prompt=True),
}


def locate(repo: str, models_dir: str | None) -> Path:
    """The folder holding one checkpoint; never downloads."""
    if models_dir:
        path = Path(models_dir) / repo
        if not (path / "model_index.json").is_file() and not path.is_dir():
            raise EngineError("weights_missing", f"Model weights not found: {path} does not exist. "
                              "Run `make download-models` or set KANDINSKY_MODELS_DIR.", path=str(path))
        return path
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(HUB_IDS[repo], local_files_only=True))
    except Exception as exc:  # not in the cache (LocalEntryNotFoundError and friends)
        raise EngineError("weights_missing", f"Model weights not found: {HUB_IDS[repo]} is not in the Hugging "
                          "Face cache and KANDINSKY_MODELS_DIR is not set. Run `make download-models`.",
                          repo=HUB_IDS[repo]) from exc


def _own_scheduler(scheduler):
    """Each pipeline gets its own scheduler object (they keep per-run timestep state)."""
    return type(scheduler).from_config(scheduler.config)


def _tune_for_cuda(pipes: list) -> None:
    """channels_last convolutions for the UNets and MoVQ; attention already runs through
    PyTorch SDPA (the diffusers default processors on torch ≥ 2)."""
    for pipe in pipes:
        for name in ("unet", "movq"):
            module = getattr(pipe, name, None)
            if module is not None:
                module.to(memory_format=torch.channels_last)


def load_translator(models_dir: str | None, device: torch.device) -> Translator | None:
    try:
        path = locate(TRANSLATOR_REPO, models_dir)
    except EngineError:
        return None  # optional: Cyrillic prompts then get translation_unavailable (2.2) or go native (2.1)
    return Translator(path, device)


def load_pretrained(name: str, models_dir: str | None, device: str | None) -> Backend:
    family = FAMILIES[name]
    dev, dtype = pick_device(device)
    paths = {r: locate(r, models_dir) for r in (family.prior_repo, family.decoder_repo, family.inpaint_repo)}
    prior_cls, decoder_cls, inpaint_cls, img2img_cls = family.pipeline_classes()
    common = dict(torch_dtype=dtype, local_files_only=True)

    from diffusers import UNet2DConditionModel
    from diffusers.schedulers import SchedulerMixin

    prior = prior_cls.from_pretrained(paths[family.prior_repo], **common)
    decoder = decoder_cls.from_pretrained(paths[family.decoder_repo], **common)
    inpaint_dir = paths[family.inpaint_repo]
    # Only the inpaint UNet (and its scheduler config) is read from the inpaint checkpoint;
    # MoVQ and text encoder are the decoder's, so they are in memory once.
    inpaint_unet = UNet2DConditionModel.from_pretrained(inpaint_dir, subfolder="unet", **common)
    inpaint_scheduler = SchedulerMixin.from_pretrained.__func__(
        type(decoder.scheduler), inpaint_dir, subfolder="scheduler", local_files_only=True
    )
    shared = {k: v for k, v in decoder.components.items() if k not in ("unet", "scheduler")}
    inpaint = inpaint_cls(unet=inpaint_unet, scheduler=inpaint_scheduler, **shared)
    img2img = img2img_cls(unet=decoder.unet, scheduler=_own_scheduler(decoder.scheduler), **shared)

    pipes = [prior, decoder, inpaint, img2img]
    for pipe in pipes:
        pipe.to(dev)
        pipe.set_progress_bar_config(disable=True)
    if dev.type == "cuda":
        _tune_for_cuda(pipes)
    return Backend(
        name=name, prior=prior, text2img=decoder, inpaint=inpaint, img2img=img2img, limits=REAL_LIMITS,
        device=dev, dtype=dtype, translator=load_translator(models_dir, dev),
        needs_english=family.needs_english, decoder_takes_prompt=family.decoder_takes_prompt,
        square_img2img=family.decoder_takes_prompt,
        extra={"paths": {k: str(v) for k, v in paths.items()}},
    )
