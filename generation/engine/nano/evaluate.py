"""Structured prompts from EN/RU text, and a judge of a picture against one by plain image analysis:
nearest reference colour per pixel, the ground from the border, each object's largest component
for presence, position and a rough shape class."""
import re
from collections import deque

import numpy as np

from .dataset import COLOURS, POSITIONS, RU_COLOUR, RU_SHAPE, SIZE, Obj, Scene

_PALETTE = np.array(list(COLOURS.values()), np.float32)
_NAMES = list(COLOURS)
WORDS = {}  # normalised word (ё→е) → (kind, value)
for _c in COLOURS:
    WORDS[_c] = ("colour", _c)
    WORDS[RU_COLOUR[_c][0].replace("ё", "е")] = ("colour", _c)  # a stem; endings are stripped below
for _s, _ru in RU_SHAPE.items():
    WORDS[_s] = ("shape", _s)
    WORDS[_ru[:-1] if _ru[-1] in "аяо" else _ru] = ("shape", _s)  # линия/кольцо by stem
WORDS.update({"big": ("size", "big"), "large": ("size", "big"), "small": ("size", "small"),
              "больш": ("size", "big"), "маленьк": ("size", "small"),
              "left": ("position", "left"), "right": ("position", "right"), "top": ("position", "top"),
              "bottom": ("position", "bottom"), "centre": ("position", "centre"), "center": ("position", "centre"),
              "слева": ("position", "left"), "справа": ("position", "right"), "сверху": ("position", "top"),
              "вверху": ("position", "top"), "снизу": ("position", "bottom"), "внизу": ("position", "bottom"),
              "центре": ("position", "centre"), "посередине": ("position", "centre"),
              "background": ("ground", None), "фон": ("ground", None), "фоне": ("ground", None)})
_STEMS = sorted((w for w in WORDS if not w.isascii()), key=len, reverse=True)


def _lookup(word: str):
    if word in WORDS:
        return WORDS[word]
    for stem in _STEMS:  # Russian: the longest known stem the word starts with
        if word.startswith(stem) and len(word) - len(stem) <= 3:
            return WORDS[stem]
    return None


def parse(text: str) -> Scene | None:
    """'a big red circle on the left and a ring on a blue background' → Scene; None if no ground."""
    words = re.findall(r"[a-zа-яё]+", text.lower().replace("ё", "е"))
    ground, objs, cur = None, [], {}
    pending_colour = None
    for i, w in enumerate(words):
        hit = _lookup(w)
        if hit is None:
            continue
        kind, value = hit
        if kind == "ground":
            if pending_colour:
                ground, pending_colour = pending_colour, None
            elif i + 1 < len(words) and (nxt := _lookup(words[i + 1])) and nxt[0] == "colour":
                ground = nxt[1]  # "фон синий"
            continue
        if kind == "colour":
            if pending_colour:
                cur["colour"] = pending_colour
            pending_colour = value
        elif kind == "size":
            cur["size"] = value
        elif kind == "shape":
            if pending_colour:
                cur["colour"], pending_colour = pending_colour, None
            cur["shape"] = value
            objs.append(cur)
            cur = {}
        elif kind == "position" and objs:
            objs[-1]["position"] = value
    if ground is None or not objs or any("colour" not in o for o in objs):
        return None
    return Scene(ground, tuple(Obj(o["colour"], o["shape"], o.get("size", "big"), o.get("position", "centre"))
                               for o in objs))


def classify(img) -> np.ndarray:
    """HxW indices into the reference colours (nearest in RGB), after resizing to the native size."""
    from PIL import Image

    pic = img if isinstance(img, Image.Image) else Image.fromarray(np.asarray(img, np.uint8))
    arr = np.asarray(pic.convert("RGB").resize((SIZE, SIZE), Image.BILINEAR), np.float32)
    d = ((arr[:, :, None, :] - _PALETTE[None, None]) ** 2).sum(-1)
    return d.argmin(-1)


def _largest_component(mask: np.ndarray) -> np.ndarray:
    seen = np.zeros_like(mask, bool)
    best: list = []
    h, w = mask.shape
    for y, x in zip(*np.nonzero(mask)):
        if seen[y, x]:
            continue
        comp, q = [], deque([(y, x)])
        seen[y, x] = True
        while q:
            cy, cx = q.popleft()
            comp.append((cy, cx))
            for ny, nx in ((cy + 1, cx), (cy - 1, cx), (cy, cx + 1), (cy, cx - 1)):
                if 0 <= ny < h and 0 <= nx < w and mask[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    q.append((ny, nx))
        if len(comp) > len(best):
            best = comp
    out = np.zeros_like(mask, bool)
    if best:
        ys, xs = zip(*best)
        out[list(ys), list(xs)] = True
    return out


def shape_of(comp: np.ndarray) -> str:
    ys, xs = np.nonzero(comp)
    h, w = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    if max(h, w) / min(h, w) > 2.2:
        return "line"
    box = comp[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    inner = box[h // 3: h - h // 3, w // 3: w - w // 3]
    if inner.size and inner.mean() < 0.4:
        return "ring"
    fill = box.mean()
    if fill > 0.9:
        return "square"
    return "circle" if fill > 0.64 else "triangle"


def position_of(comp: np.ndarray) -> str:
    ys, xs = np.nonzero(comp)
    cx, cy = (xs.mean() + 0.5) / comp.shape[1], (ys.mean() + 0.5) / comp.shape[0]
    return min(POSITIONS, key=lambda p: (POSITIONS[p][0] - cx) ** 2 + (POSITIONS[p][1] - cy) ** 2)


def judge(img, scene: Scene, min_pixels: int = 12) -> dict:
    """Scores 0/1: ground, and per object colour (present), position and shape (of its colour's
    largest component); an object whose colour is missing fails all three."""
    lab = classify(img)
    border = np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]])
    ground = _NAMES[np.bincount(border, minlength=len(_NAMES)).argmax()]
    out = {"ground": float(ground == scene.ground), "colour": [], "position": [], "shape": []}
    for o in scene.objects:
        comp = _largest_component(lab == _NAMES.index(o.colour))
        ok = comp.sum() >= min_pixels and o.colour != ground
        out["colour"].append(float(ok))
        out["position"].append(float(ok and position_of(comp) == o.position))
        out["shape"].append(float(ok and shape_of(comp) == o.shape))
    return out
