// The staging strip: results wait here until the user accepts one (onto the canvas or as a
// new layer) or discards it. The current candidate is shown in place, inside its window.
// The strip is part of the autosaved state (result URLs and places), so a reload keeps it.
/* global gettext, interpolate */
import { loadImage, surfaceFromImage } from "../canvas/surface.js";

export function createStaging(ed) {
  const box = document.getElementById("ed-staging");
  const strip = document.getElementById("ed-staging-strip");
  const count = document.getElementById("ed-stage-count");
  let items = []; // {canvas, rect, url, id}
  let index = 0;

  function render() {
    box.hidden = items.length === 0;
    strip.replaceChildren(...items.map((item, i) => {
      const thumb = document.createElement("button");
      thumb.type = "button";
      thumb.className = "ed-thumb" + (i === index ? " is-current" : "");
      thumb.setAttribute("aria-label", interpolate(gettext("Result %s"), [i + 1]));
      const img = document.createElement("img");
      img.src = item.url;
      img.alt = "";
      thumb.append(img);
      thumb.addEventListener("click", () => select(i));
      return thumb;
    }));
    count.textContent = items.length ? interpolate(gettext("%(n)s of %(total)s"), { n: index + 1, total: items.length }, true) : "";
    const current = items[index];
    ed.view.preview = current ? { image: current.canvas, rect: current.rect } : null;
    ed.view.render();
    ed.updateEmptyHint();
  }

  function select(i) {
    if (!items.length) return;
    index = (i + items.length) % items.length;
    render();
  }

  function take() {
    const item = items[index];
    items.splice(index, 1);
    index = Math.min(index, Math.max(0, items.length - 1));
    return item;
  }

  document.getElementById("ed-stage-prev").addEventListener("click", () => select(index - 1));
  document.getElementById("ed-stage-next").addEventListener("click", () => select(index + 1));
  document.getElementById("ed-stage-accept").addEventListener("click", () => {
    const item = take();
    if (!item) return;
    ed.doc.placeOnTop(item.canvas, item.rect);
    items = []; // accepting one result closes the set, as in the reference editors
    render();
    ed.pixelsChanged(true);
  });
  document.getElementById("ed-stage-layer").addEventListener("click", () => {
    const item = take();
    if (!item) return;
    ed.doc.addLayer(item.canvas, item.rect.x, item.rect.y);
    items = [];
    render();
    ed.pixelsChanged(true);
  });
  document.getElementById("ed-stage-discard").addEventListener("click", () => {
    take();
    render();
    ed.settingsChanged();
  });
  for (const id of ["ed-stage-prev", "ed-stage-next"]) {
    document.getElementById(id).addEventListener("click", () => ed.settingsChanged());
  }

  return {
    add(candidates) {
      items.push(...candidates);
      index = items.length - candidates.length;
      render();
      box.closest(".ed-panel").scrollTop = 0; // results sit at the top of the panel
      ed.settingsChanged();
    },
    toJSON() {
      return { index, items: items.map(({ url, rect, id }) => ({ url, rect, id: id || null })) };
    },
    // Puts a saved strip back; results that can no longer be loaded (deleted) are left out.
    async restore(saved) {
      const list = saved && Array.isArray(saved.items) ? saved.items : [];
      const loaded = await Promise.all(list.map(async (item) => {
        try {
          const image = await loadImage(item.url);
          return { ...item, canvas: surfaceFromImage(image, item.rect.w, item.rect.h) };
        } catch {
          return null;
        }
      }));
      items = loaded.filter(Boolean);
      index = Math.min(Math.max(0, Number(saved && saved.index) || 0), Math.max(0, items.length - 1));
      render();
    },
    refresh: render,
    get size() {
      return items.length;
    },
  };
}
