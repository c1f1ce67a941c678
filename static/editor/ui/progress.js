// The progress block: bar, step count or queue position, and the Cancel button.
/* global gettext, interpolate */

export function createProgress(onCancel) {
  const box = document.getElementById("ed-progress");
  const fill = document.getElementById("ed-progress-fill");
  const text = document.getElementById("ed-progress-text");
  const cancel = document.getElementById("ed-cancel");
  cancel.addEventListener("click", () => {
    cancel.disabled = true;
    onCancel();
  });

  return {
    // At once on Generate, before the server has answered: the first job can take seconds.
    submitting() {
      box.hidden = false;
      box.dataset.status = "submitting";
      cancel.disabled = true; // nothing to cancel until the job exists
      fill.style.width = ""; // the stylesheet's moving bar
      text.textContent = gettext("Sending the job to the server…");
    },
    show(job) {
      box.hidden = false; // in the action bar, which is always in sight
      box.dataset.status = job.status;
      cancel.disabled = !!job.cancelRequested;
      const total = job.total_steps || 0;
      const step = job.step || 0;
      fill.style.width = Math.round((job.progress || (total ? step / total : 0)) * 100) + "%";
      if (job.status === "queued") {
        text.textContent = job.queue_position
          ? interpolate(gettext("Waiting in the queue: position %s"), [job.queue_position])
          : gettext("Waiting in the queue…");
      } else if (total) {
        text.textContent = interpolate(gettext("Step %(step)s of %(total)s"), { step, total }, true);
      } else {
        text.textContent = gettext("Starting…");
      }
    },
    hide() {
      box.hidden = true;
      cancel.disabled = false;
      delete box.dataset.status;
    },
  };
}
