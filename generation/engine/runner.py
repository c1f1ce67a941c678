"""run(): the single entry point the Celery task calls."""
import torch

from .backends.base import Backend
from .context import make_context
from .ops import OPERATIONS
from .params import GenerationParams, Result
from .progress import ProgressFn, StepTracker
from .validation import validate


def run(backend: Backend, kind: str, params: GenerationParams, images=(), progress: ProgressFn | None = None,
        should_stop=None, *, progress_interval: float = 0.25) -> Result:
    images = list(images)
    validate(backend, kind, params, images)
    op = OPERATIONS[kind]
    ctx = make_context(backend, params)
    ctx.tracker = StepTracker(op.plan(ctx, images), progress, should_stop, progress_interval)
    ctx.tracker.check_stop()
    ctx.metadata["kind"] = kind
    with torch.inference_mode():
        out = op.execute(ctx, images)
    ctx.metadata["total_steps"] = ctx.tracker.total
    return Result(images=out, metadata=ctx.metadata)
