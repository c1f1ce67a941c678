"""Cheap live previews: a fixed linear map of the 4 latent channels to RGB (no MoVQ decode)."""
import io

import torch
from PIL import Image

MAX_SIDE = 256
# Rough latent→RGB projection. MoVQ latents are not calibrated like the SD VAE's, so the result
# is stretched to the full range per preview; it shows layout and colour blobs, which is all a
# progress thumbnail needs.
LATENT_TO_RGB = torch.tensor([
    [0.35, 0.25, 0.20],
    [0.20, 0.35, 0.15],
    [-0.15, 0.10, 0.40],
    [-0.25, -0.20, -0.10],
])


def latents_to_jpeg(latents: torch.Tensor, quality: int = 70) -> bytes:
    """latents: (4, h, w) of one image → JPEG bytes, longest side ≤ 256 px."""
    lat = latents[:4].detach().float().cpu()
    rgb = torch.einsum("chw,cr->hwr", lat, LATENT_TO_RGB)
    lo, hi = rgb.amin(dim=(0, 1)), rgb.amax(dim=(0, 1))
    rgb = ((rgb - lo) / (hi - lo).clamp(min=1e-6) * 255).round().clamp(0, 255).to(torch.uint8)
    img = Image.fromarray(rgb.numpy(), "RGB")
    h, w = lat.shape[-2:]
    scale = min(8, MAX_SIDE / max(h, w))  # up to image size, capped at 256 px
    img = img.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
