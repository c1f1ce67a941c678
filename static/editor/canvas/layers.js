// The picture being edited: a stack of positioned layers on an unbounded world plane.
// Each layer keeps a "pristine" copy of its content so the restore brush can bring back
// what the eraser took; only uploads and accepted results change the pristine copy.
import { cloneSurface, createSurface } from "./surface.js";

let nextId = 1;

class Layer {
  constructor(canvas, x, y, pristine = cloneSurface(canvas)) {
    this.id = nextId++;
    this.canvas = canvas;
    this.pristine = pristine;
    this.x = Math.round(x);
    this.y = Math.round(y);
    this.version = 0;
  }

  get rect() {
    return { x: this.x, y: this.y, w: this.canvas.width, h: this.canvas.height };
  }

  // Grows the layer (and its pristine copy) so it covers rect; old pixels keep their place.
  growTo(rect) {
    const x0 = Math.min(this.x, rect.x), y0 = Math.min(this.y, rect.y);
    const x1 = Math.max(this.x + this.canvas.width, rect.x + rect.w);
    const y1 = Math.max(this.y + this.canvas.height, rect.y + rect.h);
    if (x0 === this.x && y0 === this.y && x1 - x0 === this.canvas.width && y1 - y0 === this.canvas.height) return;
    const grow = (source) => {
      const bigger = createSurface(x1 - x0, y1 - y0);
      bigger.getContext("2d").drawImage(source, this.x - x0, this.y - y0);
      return bigger;
    };
    this.canvas = grow(this.canvas);
    this.pristine = grow(this.pristine);
    this.x = x0;
    this.y = y0;
  }
}

export function unionRect(a, b) {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

export class Doc {
  constructor() {
    this.layers = [];
    this.version = 0; // bumped on every pixel change; autosave sends the picture only then
  }

  touch(layer) {
    if (layer) layer.version++;
    this.version++;
  }

  get isEmpty() {
    return this.layers.length === 0;
  }

  bounds() {
    return this.layers.reduce((acc, layer) => unionRect(acc, layer.rect), null);
  }

  addLayer(canvas, x, y) {
    const layer = new Layer(canvas, x, y);
    this.layers.push(layer);
    this.touch(layer);
    return layer;
  }

  clear() {
    this.layers = [];
    this.touch();
  }

  // Draws the result into the top layer at rect (growing it), keeping it restorable.
  placeOnTop(canvas, rect) {
    if (this.isEmpty) return this.addLayer(canvas, rect.x, rect.y);
    const layer = this.layers[this.layers.length - 1];
    layer.growTo(rect);
    layer.pristine = cloneSurface(layer.pristine); // history snapshots share the old one
    for (const target of [layer.canvas, layer.pristine]) {
      const ctx = target.getContext("2d");
      ctx.clearRect(rect.x - layer.x, rect.y - layer.y, rect.w, rect.h);
      ctx.drawImage(canvas, rect.x - layer.x, rect.y - layer.y, rect.w, rect.h);
    }
    this.touch(layer);
    return layer;
  }

  drawTo(ctx) {
    for (const layer of this.layers) ctx.drawImage(layer.canvas, layer.x, layer.y);
  }

  // The composite of all layers inside rect (world pixels); transparent where nothing is.
  crop(rect) {
    const out = createSurface(rect.w, rect.h);
    const ctx = out.getContext("2d");
    ctx.translate(-rect.x, -rect.y);
    this.drawTo(ctx);
    return out;
  }

  flatten() {
    const rect = this.bounds();
    return rect ? { canvas: this.crop(rect), x: rect.x, y: rect.y } : null;
  }

  // One dab of the eraser (destination-out) or the restore brush (pristine pixels back).
  dab(kind, x, y, radius) {
    for (const layer of this.layers) {
      const lx = x - layer.x, ly = y - layer.y;
      if (lx + radius < 0 || ly + radius < 0 || lx - radius > layer.canvas.width || ly - radius > layer.canvas.height) continue;
      const ctx = layer.canvas.getContext("2d");
      ctx.save();
      ctx.beginPath();
      ctx.arc(lx, ly, radius, 0, Math.PI * 2);
      if (kind === "eraser") {
        ctx.globalCompositeOperation = "destination-out";
        ctx.fill();
      } else {
        ctx.clip();
        ctx.clearRect(lx - radius, ly - radius, radius * 2, radius * 2);
        ctx.drawImage(layer.pristine, 0, 0);
      }
      ctx.restore();
      this.touch(layer);
    }
  }

  // History support: a snapshot shares clones between steps when a layer did not change.
  snapshot() {
    return this.layers.map((layer) => {
      if (!layer.snap || layer.snap.version !== layer.version) {
        layer.snap = { version: layer.version, canvas: cloneSurface(layer.canvas) };
      }
      return { id: layer.id, x: layer.x, y: layer.y, canvas: layer.snap.canvas, pristine: layer.pristine, version: layer.version };
    });
  }

  restore(snapshot) {
    this.layers = snapshot.map((item) => {
      const layer = new Layer(cloneSurface(item.canvas), item.x, item.y, item.pristine);
      layer.id = item.id;
      layer.version = item.version;
      layer.snap = { version: item.version, canvas: item.canvas };
      return layer;
    });
    this.touch();
  }
}
