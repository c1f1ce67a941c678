// The picture being edited: a stack of positioned layers on an unbounded world plane.
// Each layer keeps the pictures it was made from ("sources": the upload, then each accepted
// result, in world coordinates) so the restore brush can bring back what the eraser took; the
// sources are kept once, never copied per undo step.
//
// Undo history is copy-on-write in 256² world-aligned tiles: before a change first touches a
// tile of a layer in the current step, that tile is copied once (willPaint). The step then
// holds only those tiles plus each touched layer's geometry; undo and redo swap the stored
// tiles with the layer's current ones (see history.js).
import { cloneSurface, createSurface } from "./surface.js";

export const TILE = 256;
export const TILE_BYTES = TILE * TILE * 4;

let nextId = 1;

class Layer {
  constructor(canvas, x, y, sources) {
    this.id = nextId++;
    this.canvas = canvas;
    this.x = Math.round(x);
    this.y = Math.round(y);
    this.sources = sources;
    this.version = 0;
  }

  get rect() {
    return { x: this.x, y: this.y, w: this.canvas.width, h: this.canvas.height };
  }

  get bytes() {
    return this.canvas.width * this.canvas.height * 4;
  }

  geometry() {
    return { x: this.x, y: this.y, w: this.canvas.width, h: this.canvas.height, sources: this.sources };
  }

  // Moves the layer's edges to g (old pixels keep their world place, what falls outside goes).
  setGeometry(g) {
    this.sources = g.sources;
    if (g.x === this.x && g.y === this.y && g.w === this.canvas.width && g.h === this.canvas.height) return;
    const canvas = createSurface(g.w, g.h);
    canvas.getContext("2d").drawImage(this.canvas, this.x - g.x, this.y - g.y);
    this.canvas = canvas;
    this.x = g.x;
    this.y = g.y;
  }

  // Grows the layer so it covers rect.
  growTo(rect) {
    const x0 = Math.min(this.x, rect.x), y0 = Math.min(this.y, rect.y);
    const x1 = Math.max(this.x + this.canvas.width, rect.x + rect.w);
    const y1 = Math.max(this.y + this.canvas.height, rect.y + rect.h);
    this.setGeometry({ x: x0, y: y0, w: x1 - x0, h: y1 - y0, sources: this.sources });
  }

  // A copy of world tile (tx, ty) of this layer; transparent where the layer does not reach.
  // Pixels are read out (getImageData), not drawn from the canvas: drawing would snapshot the
  // whole layer and make its next dab copy all of it.
  copyTile(tx, ty) {
    return this.canvas.getContext("2d").getImageData(tx * TILE - this.x, ty * TILE - this.y, TILE, TILE);
  }

  putTile(tx, ty, tile) {
    this.canvas.getContext("2d").putImageData(tile, tx * TILE - this.x, ty * TILE - this.y);
  }
}

export function unionRect(a, b) {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export class Doc {
  constructor() {
    this.layers = [];
    this.version = 0; // bumped on every pixel change; autosave sends the picture only then
    this.change = null; // what the uncommitted step changed, saved before it changed
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

  // --- copy-on-write recording of the current step ---

  begin() {
    if (!this.change) this.change = { layers: this.layers.slice(), geometry: new Map(), tiles: new Map() };
    return this.change;
  }

  keepGeometry(layer) {
    const change = this.begin();
    if (!change.geometry.has(layer)) change.geometry.set(layer, layer.geometry());
  }

  // Saves the tiles of layer under world rect that this step has not saved yet.
  willPaint(layer, rect) {
    this.keepGeometry(layer);
    const change = this.change;
    let tiles = change.tiles.get(layer);
    if (!tiles) change.tiles.set(layer, (tiles = new Map()));
    const x0 = Math.max(rect.x, layer.x), y0 = Math.max(rect.y, layer.y);
    const x1 = Math.min(rect.x + rect.w, layer.x + layer.canvas.width);
    const y1 = Math.min(rect.y + rect.h, layer.y + layer.canvas.height);
    if (x1 <= x0 || y1 <= y0) return;
    for (let ty = Math.floor(y0 / TILE); ty * TILE < y1; ty++) {
      for (let tx = Math.floor(x0 / TILE); tx * TILE < x1; tx++) {
        const key = tx + "," + ty;
        if (!tiles.has(key)) tiles.set(key, { tx, ty, pixels: layer.copyTile(tx, ty) });
      }
    }
  }

  // The finished step (null when nothing changed): before and after of everything it touched.
  takeChange() {
    const change = this.change;
    this.change = null;
    if (!change) return null;
    const after = this.layers.slice();
    const geometry = new Map();
    for (const [layer, before] of change.geometry) geometry.set(layer, { before, after: layer.geometry() });
    let bytes = 0;
    for (const tiles of change.tiles.values()) bytes += tiles.size * TILE_BYTES;
    // Layers added or removed by the step live on in it (their pixels are not copied).
    for (const layer of new Set([...change.layers, ...after])) {
      if (!change.layers.includes(layer) || !after.includes(layer)) bytes += layer.bytes;
    }
    return { before: change.layers, after, geometry, tiles: change.tiles, bytes };
  }

  // Drops what the uncommitted step did (a stroke cut short by a pinch).
  revertChange() {
    const change = this.change;
    this.change = null;
    if (!change) return;
    for (const [layer, tiles] of change.tiles) for (const t of tiles.values()) layer.putTile(t.tx, t.ty, t.pixels);
    for (const [layer, before] of change.geometry) layer.setGeometry(before);
    this.layers = change.layers.slice();
    this.touch();
  }

  // Undo and redo of a step: the stored tiles and the layer's current ones change places, so a
  // step keeps one copy of each tile whichever way it was applied last.
  swapTiles(step) {
    for (const [layer, tiles] of step.tiles) {
      for (const t of tiles.values()) {
        const current = layer.copyTile(t.tx, t.ty);
        layer.putTile(t.tx, t.ty, t.pixels);
        t.pixels = current;
      }
    }
  }

  undo(step) {
    this.swapTiles(step);
    for (const [layer, g] of step.geometry) layer.setGeometry(g.before);
    this.layers = step.before.slice();
    this.touch();
  }

  redo(step) {
    for (const [layer, g] of step.geometry) layer.setGeometry(g.after);
    this.swapTiles(step);
    this.layers = step.after.slice();
    this.touch();
  }

  // --- changes ---

  addLayer(canvas, x, y) {
    this.begin();
    // The picture itself is the restore brush's source; the layer paints on a copy of it.
    const layer = new Layer(cloneSurface(canvas), x, y, [{ canvas, x: Math.round(x), y: Math.round(y), w: canvas.width, h: canvas.height }]);
    this.layers.push(layer);
    this.touch(layer);
    return layer;
  }

  clear() {
    this.begin();
    this.layers = [];
    this.touch();
  }

  // Draws the result into the top layer at rect (growing it), keeping it restorable.
  placeOnTop(canvas, rect) {
    if (this.isEmpty) return this.addLayer(canvas, rect.x, rect.y);
    const layer = this.layers[this.layers.length - 1];
    this.keepGeometry(layer);
    layer.growTo(rect);
    this.willPaint(layer, rect);
    const ctx = layer.canvas.getContext("2d");
    ctx.clearRect(rect.x - layer.x, rect.y - layer.y, rect.w, rect.h);
    ctx.drawImage(canvas, rect.x - layer.x, rect.y - layer.y, rect.w, rect.h);
    layer.sources = [...layer.sources, { canvas, x: rect.x, y: rect.y, w: rect.w, h: rect.h }];
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

  // One dab of the eraser (destination-out) or the restore brush (the sources' pixels back).
  dab(kind, x, y, radius) {
    // A pixel of margin: antialiasing reaches just past the circle.
    const box = { x: Math.floor(x - radius) - 1, y: Math.floor(y - radius) - 1, w: Math.ceil(radius * 2) + 3, h: Math.ceil(radius * 2) + 3 };
    for (const layer of this.layers) {
      if (!overlaps(box, layer.rect)) continue;
      this.willPaint(layer, box);
      const lx = x - layer.x, ly = y - layer.y;
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
        // Later sources cover earlier ones where they overlap, as accepting did.
        for (const s of layer.sources) {
          if (!overlaps(box, s)) continue;
          ctx.clearRect(s.x - layer.x, s.y - layer.y, s.w, s.h);
          ctx.drawImage(s.canvas, s.x - layer.x, s.y - layer.y, s.w, s.h);
        }
      }
      ctx.restore();
      this.touch(layer);
    }
  }
}
