// HTTP client for the v1 API (session cookie + CSRF header). Every failure becomes an
// ApiError with a stable code, so the UI can show it in the user's language.

export class ApiError extends Error {
  constructor(status, code, message = "", fields = null, details = null) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.serverMessage = message;
    this.fields = fields;
    this.details = details || {}; // the whole error object (a conflict's current revision, say)
  }
}

const ROOT = document.getElementById("editor")?.dataset.apiRoot || "/api/v1/";

function csrfToken() {
  const input = document.querySelector("#editor [name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy page, an HTML error): fall back to the status code.
  }
  const error = body && body.error;
  if (error && error.code) return new ApiError(response.status, error.code, error.message, error.fields, error);
  const fallback = { 401: "not_authenticated", 403: "forbidden", 404: "not_found", 413: "too_large", 429: "throttled" };
  const code = (body && body.code) || fallback[response.status] || (response.status >= 500 ? "server_error" : "bad_request");
  return new ApiError(response.status, code, (body && body.detail) || "");
}

export async function request(method, path, body = undefined) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path.startsWith("/") ? path : ROOT + path, {
      method, headers, body: payload, credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network_error");
  }
  if (!response.ok) throw await errorFrom(response);
  return response.status === 204 ? null : response.json();
}

const listOf = (data) => (Array.isArray(data) ? data : (data && data.results) || []);

export function formData(fields) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      for (const item of value) form.append(key, item instanceof Blob ? item : String(item), item instanceof Blob ? key + ".png" : undefined);
    } else if (value instanceof Blob) {
      form.append(key, value, key + ".png");
    } else {
      form.append(key, String(value));
    }
  }
  return form;
}

export const api = {
  models: () => request("GET", "models/"),
  styles: async () => listOf(await request("GET", "styles/")),
  submitJob: (fields) => request("POST", "jobs/", formData(fields)),
  job: (id) => request("GET", "jobs/" + id + "/"),
  activeJobs: async () => listOf(await request("GET", "jobs/")).filter((job) => job.status === "queued" || job.status === "running"),
  cancelJob: (id) => request("POST", "jobs/" + id + "/cancel/"),
  saveImage: (blob, title, visibility, kind = "upload") =>
    request("POST", "images/", formData({ file: blob, title, visibility, kind })),
  images: async () => listOf(await request("GET", "images/")),
  image: (id) => request("GET", "images/" + id + "/"),
  // A job's results are its history until kept (My gallery); Discard deletes one never kept.
  keepImage: (id) => request("POST", "images/" + id + "/keep/"),
  discardImage: (id) => request("POST", "images/" + id + "/discard/"),
  // Any image the user may see (theirs, or public and approved): remix reads its params here.
  galleryImage: (id) => request("GET", "gallery/" + id + "/"),
  canvas: () => request("GET", "canvas/"),
  saveCanvas: (fields) => request("PUT", "canvas/", fields),
  clearCanvas: () => request("DELETE", "canvas/"),
};
