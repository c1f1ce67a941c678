// Keyboard shortcuts (listed in the help popover). Ignored while typing in a field.

export function attachShortcuts(ed, toggleHelp) {
  window.addEventListener("keydown", (event) => {
    const target = event.target;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) return;
    if (document.querySelector("dialog[open]") && event.key !== "?") return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    let handled = true;
    if (mod && key === "z") event.shiftKey ? ed.history.redo() : ed.history.undo();
    else if (mod && key === "y") ed.history.redo();
    else if (mod) handled = false;
    else if (key === "e") ed.setTool("eraser");
    else if (key === "r") ed.setTool("restore");
    else if (key === "h") ed.setTool("hand");
    else if (key === "v") ed.setTool("window");
    else if (key === "+" || key === "=") ed.view.zoomStep(1);
    else if (key === "-" || key === "_") ed.view.zoomStep(-1);
    else if (key === "0") ed.fitView();
    else if (key === "[") ed.setBrushSize(ed.brushSize - 8);
    else if (key === "]") ed.setBrushSize(ed.brushSize + 8);
    else if (key === "g") ed.generate();
    else if (key === "?") toggleHelp();
    else handled = false;
    if (handled) event.preventDefault();
  });
}
