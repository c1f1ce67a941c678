// The staging strip: results wait here until the user accepts one (onto the canvas or as a
// new layer) or discards it. The current candidate is shown in place, inside its window.
/* global gettext, interpolate */

export function createStaging(ed) {
  const box = document.getElementById("ed-staging");
  const strip = document.getElementById("ed-staging-strip");
  const count = document.getElementById("ed-stage-count");
  let items = []; // {canvas, rect, url}
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
  });

  return {
    add(candidates) {
      items.push(...candidates);
      index = items.length - candidates.length;
      render();
      box.closest(".ed-panel").scrollTop = 0; // results sit at the top of the panel
    },
    refresh: render,
    get size() {
      return items.length;
    },
  };
}
