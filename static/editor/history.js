// Undo/redo over whole-editor snapshots (layers + window), bounded so long sessions stay light.
// Layer pixels are shared between snapshots while a layer does not change (see Doc.snapshot).

export class History {
  constructor(capture, apply, limit = 50) {
    this.capture = capture;
    this.apply = apply;
    this.limit = limit;
    this.listeners = new Set();
    this.reset();
  }

  reset() {
    this.stack = [this.capture()];
    this.index = 0;
    this.notify();
  }

  onChange(listener) {
    this.listeners.add(listener);
  }

  notify() {
    for (const listener of this.listeners) listener(this);
  }

  // Records the state after a change as one undoable step.
  commit() {
    this.stack = this.stack.slice(0, this.index + 1);
    this.stack.push(this.capture());
    if (this.stack.length > this.limit + 1) this.stack.shift();
    this.index = this.stack.length - 1;
    this.notify();
  }

  // Puts back the current step, dropping uncommitted changes (a stroke cut short by a pinch).
  revert() {
    this.apply(this.stack[this.index]);
  }

  get canUndo() {
    return this.index > 0;
  }

  get canRedo() {
    return this.index < this.stack.length - 1;
  }

  undo() {
    if (!this.canUndo) return false;
    this.index--;
    this.apply(this.stack[this.index]);
    this.notify();
    return true;
  }

  redo() {
    if (!this.canRedo) return false;
    this.index++;
    this.apply(this.stack[this.index]);
    this.notify();
    return true;
  }
}
