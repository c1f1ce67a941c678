// View-window tool: drag inside to move the window, drag a corner handle to resize it.

export function windowTool(ed) {
  let drag = null;
  return {
    cursor: "default",
    down(p) {
      const hit = ed.view.hitFrame(p.screen.x, p.screen.y);
      if (hit === null) {
        drag = { pan: p.screen };
        return;
      }
      drag = { hit, start: { ...ed.frame.rect }, from: p.world };
    },
    move(p) {
      if (!drag) {
        const hit = ed.view.hitFrame(p.screen.x, p.screen.y);
        ed.view.canvas.style.cursor = hit === null ? "default" : hit === "inside" ? "move" : (hit % 2 ? "nesw-resize" : "nwse-resize");
        return;
      }
      if (drag.pan) {
        // Dragging the empty area pans, so the window tool never traps the user.
        ed.view.panBy(p.screen.x - drag.pan.x, p.screen.y - drag.pan.y);
        drag.pan = p.screen;
        return;
      }
      if (drag.hit === "inside") {
        ed.frame.moveTo(drag.start.x + p.world.x - drag.from.x, drag.start.y + p.world.y - drag.from.y);
      } else {
        ed.frame.dragCorner(drag.hit, p.world, drag.start);
      }
      ed.frameChanged(false);
    },
    up() {
      if (drag && !drag.pan) {
        const r = ed.frame.rect, s = drag.start;
        if (r.x !== s.x || r.y !== s.y || r.w !== s.w || r.h !== s.h) ed.frameChanged(true);
      }
      drag = null;
    },
    cancel() {
      if (drag && !drag.pan) ed.history.revert();
      drag = null;
    },
  };
}
