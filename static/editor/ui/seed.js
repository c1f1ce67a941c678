// The seed: empty means a new random one per job. A seed the user types is pinned (every job
// uses it); one a remix brought along is used by the next job only, then it is random again,
// unless the user pins it. The note under the settings always says which.
/* global gettext, interpolate */

export function createSeed(ed) {
  const input = document.getElementById("ed-seed");
  const pin = document.getElementById("ed-seed-pin");
  const note = document.getElementById("ed-seed-note");

  function show() {
    const seed = input.value.trim();
    pin.disabled = !seed;
    if (!seed) pin.checked = false;
    note.dataset.seed = !seed ? "random" : pin.checked ? "pinned" : "once";
    // A chosen seed shows itself: the settings open, so it does not act unseen.
    if (seed) note.closest("details").open = true;
    note.textContent = !seed
      ? gettext("Seed: random for every job.")
      : pin.checked
        ? interpolate(gettext("Seed %s is kept for every job."), [seed])
        : interpolate(gettext("Seed %s is used by the next job only, then it is random again."), [seed]);
  }

  input.addEventListener("input", () => {
    pin.checked = !!input.value.trim();
    show();
  });
  pin.addEventListener("change", show);
  show();

  return {
    show,
    get pinned() {
      return pin.checked;
    },
    // A seed from elsewhere (a remix): for one job, visible, not pinned.
    setOnce(seed) {
      input.value = seed === undefined || seed === null ? "" : String(seed);
      pin.checked = false;
      show();
    },
    setPinned(pinned) {
      pin.checked = !!pinned;
      show();
    },
    // A job was submitted with the current seed.
    used() {
      if (pin.checked || !input.value) return;
      input.value = "";
      show();
      ed.settingsChanged();
    },
  };
}
