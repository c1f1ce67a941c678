// Hand tool: drag to pan. Also used for space+drag and the middle mouse button.

export function handTool(ed) {
  let last = null;
  return {
    cursor: "grab",
    down(p) {
      last = p.screen;
    },
    move(p) {
      if (!last) return;
      ed.view.panBy(p.screen.x - last.x, p.screen.y - last.y);
      last = p.screen;
    },
    up() {
      last = null;
    },
    cancel() {
      last = null;
    },
  };
}
