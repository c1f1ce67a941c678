// Human messages, in the page's language, for the page's own codes: network and client-side
// failures, and answers without a JSON body. Server errors carry their translated message.
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
  image_load_failed: () => gettext("The picture could not be read."),
  unsupported_file: () => gettext("Only PNG, JPEG and WebP pictures can be opened."),
  need_images: () => gettext("Pick an image for every slot first."),
  empty_canvas: () => gettext("The canvas is empty."),
  job_lost: () => gettext("The generation was interrupted. Please try again."),
  unauthenticated_socket: () => gettext("Live updates stopped: please log in again."),
};

// The message for an error: the server's (already in the user's language) when it sent one;
// ours only for the codes of this page itself (network, client checks, bodiless answers).
export function messageFor(error) {
  const code = (error && error.code) || "server_error";
  if (error && error.serverMessage) return error.serverMessage;
  if (MESSAGES[code]) return MESSAGES[code]();
  const fromError = error && error.message;
  if (fromError && fromError !== code) return fromError;
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
