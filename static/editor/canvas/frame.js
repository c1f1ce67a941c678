// The view window: the rectangle the next generation fills. Sizes snap to what the
// backend accepts (multiples of size_multiple between min_size and max_size).

export const ASPECTS = ["1:1", "16:9", "9:16", "3:2", "2:3"];

const FALLBACK_LIMITS = {
  size_multiple: 64,
  min_size: 64,
  max_size: 1024,
  default_size: 512,
  aspect_ratios: {},
};

export class Frame {
  constructor() {
    this.limits = { ...FALLBACK_LIMITS };
    this.rect = { x: 0, y: 0, w: 512, h: 512 };
    this.aspect = "1:1";
  }

  setLimits(info) {
    for (const key of Object.keys(FALLBACK_LIMITS)) {
      if (info && info[key] !== undefined && info[key] !== null) this.limits[key] = info[key];
    }
  }

  snap(value) {
    const { size_multiple: m, min_size: lo, max_size: hi } = this.limits;
    return Math.min(hi, Math.max(lo, Math.round(value / m) * m));
  }

  // The backend's own size for an aspect preset, else the default size shaped to the ratio.
  sizeFor(aspect) {
    const known = this.limits.aspect_ratios && this.limits.aspect_ratios[aspect];
    if (Array.isArray(known) && known.length === 2) return { w: known[0], h: known[1] };
    const [a, b] = aspect.split(":").map(Number);
    const base = this.limits.default_size;
    const scale = Math.sqrt((base * base) / (a * b));
    return { w: this.snap(a * scale), h: this.snap(b * scale) };
  }

  // Applies a preset keeping the window's centre where it was.
  setAspect(aspect) {
    const size = this.sizeFor(aspect);
    const cx = this.rect.x + this.rect.w / 2, cy = this.rect.y + this.rect.h / 2;
    this.aspect = aspect;
    this.rect = { x: Math.round(cx - size.w / 2), y: Math.round(cy - size.h / 2), w: size.w, h: size.h };
  }

  // Into this model's limits: a preset window takes the preset's size (a window keeps its
  // preset only until dragged), a free one snaps. For a window saved under another model, or
  // placed before the model's limits arrived.
  fitLimits() {
    if (ASPECTS.includes(this.aspect)) this.setAspect(this.aspect);
    else this.set(this.rect, this.aspect);
  }

  set(rect, aspect = this.aspect) {
    this.rect = {
      x: Math.round(rect.x), y: Math.round(rect.y), w: this.snap(rect.w), h: this.snap(rect.h),
    };
    this.aspect = aspect;
  }

  moveTo(x, y) {
    this.rect = { ...this.rect, x: Math.round(x), y: Math.round(y) };
  }

  corners() {
    const { x, y, w, h } = this.rect;
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
  }

  // Drags corner `index` to a world point; the opposite corner stays put. Free aspect.
  dragCorner(index, point, start) {
    const opposite = [[start.x + start.w, start.y + start.h], [start.x, start.y + start.h], [start.x, start.y], [start.x + start.w, start.y]][index];
    const w = this.snap(Math.abs(point.x - opposite[0]));
    const h = this.snap(Math.abs(point.y - opposite[1]));
    const x = point.x < opposite[0] ? opposite[0] - w : opposite[0];
    const y = point.y < opposite[1] ? opposite[1] - h : opposite[1];
    this.rect = { x: Math.round(x), y: Math.round(y), w, h };
    this.aspect = "";
  }

  toJSON() {
    return { ...this.rect, aspect: this.aspect };
  }
}
