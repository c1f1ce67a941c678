// The on-screen view of the world: pan/zoom transform, rendering of the layers, the view
// window and its live preview. Pixels stay crisp when zoomed in (no smoothing above 100%).

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;
const HANDLE = 6; // screen pixels, half the size of a resize handle

export class View {
  constructor(canvas, doc, frame) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.doc = doc;
    this.frame = frame;
    this.zoom = 1;
    this.panX = 0; // screen position (CSS pixels) of world (0, 0)
    this.panY = 0;
    this.preview = null; // {image, rect}: a live preview or a staged result, drawn in place
    this.cursor = null; // {x, y, radius} brush outline in world coordinates
    this.listeners = new Set();
    this.pending = false;
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
  }

  onChange(listener) {
    this.listeners.add(listener);
  }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    this.canvas.height = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    this.render();
  }

  // The visible area in CSS pixels.
  size() {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  toWorld(sx, sy) {
    return { x: (sx - this.panX) / this.zoom, y: (sy - this.panY) / this.zoom };
  }

  toScreen(wx, wy) {
    return { x: wx * this.zoom + this.panX, y: wy * this.zoom + this.panY };
  }

  eventPoint(event) {
    const box = this.canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  panBy(dx, dy) {
    this.panX += dx;
    this.panY += dy;
    this.changed();
  }

  // Zooms about a screen point so what is under the pointer stays under it.
  zoomTo(zoom, sx = this.canvas.clientWidth / 2, sy = this.canvas.clientHeight / 2) {
    const clamped = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
    const world = this.toWorld(sx, sy);
    this.zoom = clamped;
    this.panX = sx - world.x * clamped;
    this.panY = sy - world.y * clamped;
    this.changed();
  }

  zoomStep(direction, sx, sy) {
    this.zoomTo(this.zoom * (direction > 0 ? 1.25 : 0.8), sx, sy);
  }

  // Fits the picture and the window in the visible area with a margin.
  fit(rect) {
    const width = this.canvas.clientWidth, height = this.canvas.clientHeight;
    if (!rect || !width || !height) return;
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min((width * 0.9) / rect.w, (height * 0.9) / rect.h)));
    this.zoom = zoom;
    this.panX = (width - rect.w * zoom) / 2 - rect.x * zoom;
    this.panY = (height - rect.h * zoom) / 2 - rect.y * zoom;
    this.changed();
  }

  changed() {
    this.render();
    for (const listener of this.listeners) listener(this);
  }

  render() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    const { ctx, canvas, zoom } = this;
    const dpr = canvas.width / Math.max(1, canvas.clientWidth);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * this.panX, dpr * this.panY);
    const bounds = this.doc.bounds();
    if (bounds) {
      ctx.fillStyle = checkerPattern(ctx);
      ctx.fillRect(bounds.x, bounds.y, bounds.w, bounds.h);
    }
    ctx.imageSmoothingEnabled = zoom < 1;
    this.doc.drawTo(ctx);
    const win = this.frame.rect;
    if (this.preview) {
      const r = this.preview.rect || win;
      ctx.drawImage(this.preview.image, r.x, r.y, r.w, r.h);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawFrame(win);
    if (this.cursor) {
      const c = this.toScreen(this.cursor.x, this.cursor.y);
      ctx.beginPath();
      ctx.arc(c.x, c.y, Math.max(1, this.cursor.radius * zoom), 0, Math.PI * 2);
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.strokeStyle = "#000";
      ctx.lineWidth = 0.5;
      ctx.stroke();
    }
  }

  drawFrame(win) {
    const { ctx } = this;
    const a = this.toScreen(win.x, win.y);
    const w = win.w * this.zoom, h = win.h * this.zoom;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.strokeStyle = "#4f7cff";
    ctx.strokeRect(Math.round(a.x) - 1, Math.round(a.y) - 1, Math.round(w) + 2, Math.round(h) + 2);
    ctx.setLineDash([]);
    ctx.fillStyle = "#4f7cff";
    for (const [hx, hy] of this.frame.corners()) {
      const p = this.toScreen(hx, hy);
      ctx.fillRect(p.x - HANDLE, p.y - HANDLE, HANDLE * 2, HANDLE * 2);
    }
    ctx.font = "12px system-ui, sans-serif";
    const label = win.w + " × " + win.h;
    ctx.fillStyle = "rgba(20, 24, 40, 0.8)";
    ctx.fillRect(a.x, a.y - 20, ctx.measureText(label).width + 10, 18);
    ctx.fillStyle = "#fff";
    ctx.fillText(label, a.x + 5, a.y - 7);
  }

  // Which part of the window is under a screen point: a corner index, "inside" or null.
  hitFrame(sx, sy) {
    const corners = this.frame.corners();
    for (let i = 0; i < corners.length; i++) {
      const p = this.toScreen(corners[i][0], corners[i][1]);
      if (Math.abs(p.x - sx) <= HANDLE * 2 && Math.abs(p.y - sy) <= HANDLE * 2) return i;
    }
    const w = this.toWorld(sx, sy), r = this.frame.rect;
    return w.x >= r.x && w.x <= r.x + r.w && w.y >= r.y && w.y <= r.y + r.h ? "inside" : null;
  }
}

let pattern = null;
function checkerPattern(ctx) {
  if (!pattern) {
    const tile = document.createElement("canvas");
    tile.width = tile.height = 16;
    const t = tile.getContext("2d");
    t.fillStyle = "#e6e6ea";
    t.fillRect(0, 0, 16, 16);
    t.fillStyle = "#c9c9d1";
    t.fillRect(0, 0, 8, 8);
    t.fillRect(8, 8, 8, 8);
    pattern = ctx.createPattern(tile, "repeat");
  }
  return pattern;
}
