// Two-finger gestures on touch screens: the distance between the fingers zooms about their
// midpoint, and moving the midpoint pans. Pen and mouse pointers are never part of a pinch.

export function createPinch(view) {
  const touches = new Map(); // pointerId → latest {x, y} in view coordinates
  let last = null; // {dist, mid} at the previous step of the gesture

  const measure = () => {
    const [a, b] = [...touches.values()];
    return { dist: Math.hypot(b.x - a.x, b.y - a.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  };

  return {
    get active() {
      return last !== null;
    },
    // True when this pointer starts a pinch (the caller cancels any single-finger stroke).
    down(event) {
      if (event.pointerType !== "touch") return false;
      touches.set(event.pointerId, view.eventPoint(event));
      if (touches.size < 2) return false;
      const starting = !last;
      last = measure(); // a finger back down mid-gesture continues from where it is
      return starting;
    },
    // True when the event belongs to a running pinch (the tools must not see it).
    move(event) {
      if (!touches.has(event.pointerId)) return false;
      touches.set(event.pointerId, view.eventPoint(event));
      if (!last) return false;
      if (touches.size < 2) return true;
      const now = measure();
      if (last.dist > 0 && now.dist > 0) view.zoomTo(view.zoom * (now.dist / last.dist), last.mid.x, last.mid.y);
      view.panBy(now.mid.x - last.mid.x, now.mid.y - last.mid.y);
      last = now;
      return true;
    },
    // True while the finger belonged to a pinch: lifting it ends the gesture, and the other
    // finger stays inert until it is lifted too, so it does not start a stroke mid-way.
    up(event) {
      if (!touches.delete(event.pointerId)) return false;
      if (!last) return false;
      if (touches.size === 0) last = null;
      else if (touches.size >= 2) last = measure();
      return true;
    },
  };
}
