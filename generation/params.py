"""Job.params → the engine's GenerationParams. The worker's side of the mapping (next to
generation.tasks, which runs it); the web's pre-check (generation.job_request) uses it too, so
what is checked before queueing is exactly what runs."""

# Fields passed through to GenerationParams as they are.
ENGINE_FIELDS = (
    "width", "height", "aspect_ratio", "steps", "guidance_scale", "seed", "num_images", "strength",
    "weights", "prompts",
)


def to_generation_params(params):
    from generation.engine import GenerationParams

    negative = ", ".join(t for t in (params.get("negative_prompt", ""), params.get("style_negative", "")) if t)
    return GenerationParams(
        prompt=params.get("prompt", ""), negative_prompt=negative,
        style_template=params.get("style_template") or "{prompt}",
        **{name: params[name] for name in ENGINE_FIELDS if params.get(name) is not None},
    )
