// Routes pointer events on the view to the active tool. Pointer events cover mouse, pen and
// touch alike. Space held or the middle button pans whatever tool is active; two fingers
// pinch-zoom and pan (see pinch.js).
import { handTool } from "./hand.js";
import { createPinch } from "./pinch.js";

export function attachPointer(ed, canvas) {
  const hand = handTool(ed);
  let spaceDown = false;
  let active = null; // the tool that owns the current drag

  const point = (event) => {
    const screen = ed.view.eventPoint(event);
    return { screen, world: ed.view.toWorld(screen.x, screen.y) };
  };

  const pinch = createPinch(ed.view);

  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 && event.button !== 1) return;
    canvas.focus({ preventScroll: true });
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
    if (pinch.down(event)) {
      // A second finger means a gesture, not a stroke: undo what the first finger started
      // without recording a history step.
      if (active) {
        if (active.cancel) active.cancel();
        active = null;
      }
      return;
    }
    if (pinch.active) return;
    active = event.button === 1 || spaceDown ? hand : ed.tool;
    active.down(point(event), event);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (pinch.move(event)) return;
    (active || ed.tool).move(point(event), event);
  });
  const finish = (event) => {
    if (pinch.up(event)) return;
    if (!active) return;
    active.up(point(event), event);
    active = null;
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  canvas.addEventListener("pointerleave", () => ed.tool.leave && ed.tool.leave());
  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    const p = ed.view.eventPoint(event);
    if (event.ctrlKey || Math.abs(event.deltaY) >= Math.abs(event.deltaX)) {
      ed.view.zoomTo(ed.view.zoom * Math.exp(-event.deltaY * 0.0015), p.x, p.y);
    } else {
      ed.view.panBy(-event.deltaX, -event.deltaY);
    }
  }, { passive: false });
  canvas.addEventListener("auxclick", (event) => event.preventDefault());

  const typing = (event) => /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
  window.addEventListener("keydown", (event) => {
    if (event.code === "Space" && !typing(event)) {
      spaceDown = true;
      canvas.style.cursor = "grab";
      event.preventDefault();
    }
  });
  window.addEventListener("keyup", (event) => {
    if (event.code === "Space") {
      spaceDown = false;
      canvas.style.cursor = ed.tool.cursor;
    }
  });
}
