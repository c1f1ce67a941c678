// The "changed in another tab" choice: load the version saved elsewhere, or keep this tab's
// canvas and save it over that one. Autosave stays paused while the bar is shown.

export function attachConflict(ed) {
  const box = document.getElementById("ed-conflict");
  const load = document.getElementById("ed-conflict-load");
  const keep = document.getElementById("ed-conflict-keep");

  function choose(action) {
    box.hidden = true;
    return action().catch((error) => ed.fail(error));
  }

  load.addEventListener("click", () => choose(() => ed.reloadCanvas()));
  keep.addEventListener("click", () => choose(async () => ed.autosave.keepMine()));
  ed.autosave.onConflict = () => {
    box.hidden = false;
    load.focus();
  };
  // Coming back to a tab that another tab saved over: say so before the user edits.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && box.hidden) ed.autosave.check().catch(() => {});
  });
}
