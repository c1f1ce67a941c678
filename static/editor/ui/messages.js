// Human messages, in the page's language, for the machine codes of the API and the socket.
/* global gettext, interpolate */

const MESSAGES = {
  network_error: () => gettext("The server cannot be reached. Check your connection and try again."),
  server_error: () => gettext("The server had a problem. Your canvas is safe; please try again."),
  not_authenticated: () => gettext("Your session has ended. Please log in again."),
  forbidden: () => gettext("You are not allowed to do that."),
  not_found: () => gettext("That item no longer exists."),
  throttled: () => gettext("You have reached your limit for now. Please wait a little."),
  too_large: () => gettext("The file is too large."),
  bad_request: () => gettext("The request was not accepted."),
  prompt_required: () => gettext("Please write a prompt first."),
  invalid_size: () => gettext("The window size is not supported by the model."),
  image_too_large: () => gettext("The picture is too large for the model."),
  mask_size_mismatch: () => gettext("The mask does not match the picture."),
  invalid_steps: () => gettext("The number of steps is out of range."),
  nothing_to_fill: () => gettext("The window has nothing to fill."),
  image_load_failed: () => gettext("The picture could not be read."),
  unsupported_file: () => gettext("Only PNG, JPEG and WebP pictures can be opened."),
  picture_invalid: () => gettext("The picture is not a readable PNG image."),
  picture_too_large: () => gettext("The picture is too large to save."),
  state_too_large: () => gettext("The editor state is too large to save."),
  need_images: () => gettext("Pick an image for every slot first."),
  empty_canvas: () => gettext("The canvas is empty."),
  job_lost: () => gettext("The generation was interrupted. Please try again."),
  unauthenticated_socket: () => gettext("Live updates stopped: please log in again."),
};

// The message for an error: ours for codes we know, the server's (already translated) next.
export function messageFor(error) {
  const code = (error && error.code) || "server_error";
  if (MESSAGES[code]) return MESSAGES[code]();
  const fromServer = error && (error.serverMessage || error.message);
  if (fromServer && fromServer !== code) return fromServer;
  return interpolate(gettext("Something went wrong (%s)."), [code]);
}

export function modeLabel(mode) {
  return {
    text2img: gettext("Generate: a new picture from the prompt"),
    outpaint: gettext("Generate: extend the picture into the empty part of the window"),
    inpaint: gettext("Generate: fill the erased areas in the window"),
    fusion: gettext("Generate: redraw the framed picture with the prompt"),
  }[mode];
}
