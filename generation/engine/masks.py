"""Masks for inpaint/outpaint: reading the inputs, edge-aware infill, padding and the feathered
composite that puts every known pixel back bit-for-bit."""
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageFilter

ALPHA_KNOWN = 128  # alpha ≥ 128 is a known pixel; below is the area to fill
MASK_REPAINT = 128  # mask ≥ 128 (white) is the area to repaint


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def split_rgba(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """RGBA → (RGB uint8 H×W×3, known bool H×W)."""
    rgba = np.array(image.convert("RGBA"))  # a writable copy
    return np.ascontiguousarray(rgba[..., :3]), rgba[..., 3] >= ALPHA_KNOWN


def image_and_mask(image: Image.Image, mask: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """Image + mask (white = repaint, L or RGB) → (RGB, known)."""
    rgb = np.array(image.convert("RGB"))
    return rgb, np.asarray(mask.convert("L")) < MASK_REPAINT


def infill(rgb: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Fill unknown pixels by push-pull: average known colours down an image pyramid, then pull
    the coarse estimates back up only where nothing is known. The hole gets a smooth extension
    of the colours at its border instead of a flat colour, so the seam does not bleed."""
    if known.all():
        return rgb.copy()
    if not known.any():
        return np.full_like(rgb, 127)
    colour = torch.from_numpy(rgb).permute(2, 0, 1)[None].float()
    weight = torch.from_numpy(known)[None, None].float()
    pyramid = [(colour * weight, weight)]
    while min(pyramid[-1][1].shape[-2:]) > 1:
        c, w = pyramid[-1]
        pyramid.append((F.avg_pool2d(c, 2, ceil_mode=True), F.avg_pool2d(w, 2, ceil_mode=True)))
    c, w = pyramid[-1]
    mean = c.sum(dim=(2, 3), keepdim=True) / w.sum(dim=(2, 3), keepdim=True)
    estimate = torch.where(w > 0, c / w.clamp(min=1e-8), mean)
    for c, w in reversed(pyramid[:-1]):
        coarse = F.interpolate(estimate, size=c.shape[-2:], mode="bilinear", align_corners=False)
        estimate = torch.where(w > 0, c / w.clamp(min=1e-8), coarse)
    out = estimate[0].permute(1, 2, 0).round().clamp(0, 255).to(torch.uint8).numpy()
    return np.where(known[..., None], rgb, out)


def pad_to_multiple(rgb: np.ndarray, known: np.ndarray, multiple: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Pad right/bottom with replicated edges up to the decoder's size multiple. The padding
    counts as known context (not repainted) and is cropped off afterwards."""
    h, w = known.shape
    ph, pw = -h % multiple, -w % multiple
    if not (ph or pw):
        return rgb, known
    rgb = np.pad(rgb, ((0, ph), (0, pw), (0, 0)), mode="edge")
    known = np.pad(known, ((0, ph), (0, pw)), mode="constant", constant_values=True)
    return rgb, known


def seam_weights(known: np.ndarray, feather: int) -> np.ndarray:
    """Weight of the generated picture: 0 on known pixels, rising to 1 about `feather` px
    inside the filled area."""
    hole = (~known).astype(np.float32)
    if feather <= 0:
        return hole
    blurred_known = np.asarray(
        Image.fromarray((known * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(feather / 2)),
        dtype=np.float32,
    ) / 255.0
    return hole * np.clip(1.0 - 2.0 * blurred_known, 0.0, 1.0)


def composite(rgb: np.ndarray, known: np.ndarray, generated: np.ndarray, infilled: np.ndarray,
              feather: int) -> np.ndarray:
    """Known pixels exactly as given; the hole blends infill → generated across the seam."""
    w = seam_weights(known, feather)[..., None]
    blend = (w * generated.astype(np.float32) + (1 - w) * infilled.astype(np.float32)).round()
    return np.where(known[..., None], rgb, blend.clip(0, 255).astype(np.uint8))
