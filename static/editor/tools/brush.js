// Eraser (to transparency) and restore brush (erased pixels back). A stroke is one undo step.

export function brushTool(ed, kind) {
  let last = null;
  const radius = () => ed.brushSize / 2;

  function dabLine(from, to) {
    // Dabs spaced by a quarter of the radius give a continuous stroke at any speed.
    const dist = Math.hypot(to.x - from.x, to.y - from.y);
    const steps = Math.max(1, Math.ceil(dist / Math.max(1, radius() / 4)));
    for (let i = 1; i <= steps; i++) {
      ed.doc.dab(kind, from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps, radius());
    }
  }

  return {
    cursor: "none",
    down(p) {
      if (ed.doc.isEmpty) return;
      last = p.world;
      ed.doc.dab(kind, p.world.x, p.world.y, radius());
      ed.view.render();
    },
    move(p) {
      ed.view.cursor = { x: p.world.x, y: p.world.y, radius: radius() };
      if (last) dabLine(last, p.world);
      if (last) last = p.world;
      ed.view.render();
      if (last) ed.pixelsChanged(false);
    },
    up() {
      if (!last) return;
      last = null;
      ed.pixelsChanged(true);
    },
    cancel() {
      if (!last) return;
      last = null;
      ed.history.revert();
    },
    leave() {
      ed.view.cursor = null;
      ed.view.render();
    },
  };
}
