// Undo/redo of the editor: each step holds only what it changed (the layers' tiles it touched
// and their geometry, recorded copy-on-write by the Doc, see canvas/layers.js) and the window
// before and after. Bounded in steps and in bytes: the oldest steps go first.

export const HISTORY_STEPS = 50;
export const HISTORY_BYTES = 256 * 1024 * 1024;

export class History {
  // capture() → the window now; apply(window) puts one back and redraws.
  constructor(doc, capture, apply, { steps = HISTORY_STEPS, bytes = HISTORY_BYTES } = {}) {
    this.doc = doc;
    this.capture = capture;
    this.apply = apply;
    this.limit = steps;
    this.byteLimit = bytes;
    this.listeners = new Set();
    this.reset();
  }

  // Forgets every step; what the canvas shows now is where undo stops.
  reset() {
    this.doc.takeChange();
    this.stack = [];
    this.index = 0; // steps applied: stack[index - 1] is the one undo takes back
    this.frame = this.capture();
    this.notify();
  }

  onChange(listener) {
    this.listeners.add(listener);
  }

  notify() {
    for (const listener of this.listeners) listener(this);
  }

  get bytes() {
    return this.stack.reduce((sum, step) => sum + (step.change ? step.change.bytes : 0), 0);
  }

  // Records the changes since the last step as one undoable step.
  commit() {
    const change = this.doc.takeChange();
    const frame = this.capture();
    this.stack = this.stack.slice(0, this.index);
    this.stack.push({ change, before: this.frame, after: frame });
    this.frame = frame;
    // The newest step stays even when it alone is over the byte budget.
    let bytes = this.bytes;
    while (this.stack.length > 1 && (this.stack.length > this.limit || bytes > this.byteLimit)) {
      const dropped = this.stack.shift();
      if (dropped.change) bytes -= dropped.change.bytes;
    }
    this.index = this.stack.length;
    this.notify();
  }

  // Puts back the current step, dropping uncommitted changes (a stroke cut short by a pinch).
  revert() {
    this.doc.revertChange();
    this.apply(this.frame);
  }

  get canUndo() {
    return this.index > 0;
  }

  get canRedo() {
    return this.index < this.stack.length;
  }

  undo() {
    if (!this.canUndo) return false;
    this.doc.revertChange();
    const step = this.stack[--this.index];
    if (step.change) this.doc.undo(step.change);
    this.frame = step.before;
    this.apply(step.before);
    this.notify();
    return true;
  }

  redo() {
    if (!this.canRedo) return false;
    this.doc.revertChange();
    const step = this.stack[this.index++];
    if (step.change) this.doc.redo(step.change);
    this.frame = step.after;
    this.apply(step.after);
    this.notify();
    return true;
  }
}
