// The one place that talks HTTP to api-service: JSON in and out, the CSRF header Spring Security's SPA mode
// expects, and RFC 9457 problem details turned into ApiError with the per-field errors.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem?.title || `HTTP ${status}`;
    this.detail = problem?.detail || '';
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }

  /** A sentence for the user: the detail, or the title when there is none. */
  get plain() {
    return this.detail || this.title;
  }
}

function cookie(name) {
  const prefix = `${name}=`;
  const found = document.cookie.split('; ').find((c) => c.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : null;
}

const listeners = new Set();
/** Called with no arguments whenever the API says the session is gone (401). */
export function onUnauthorized(fn) {
  listeners.add(fn);
}

async function send(method, path, body, contentType) {
  const headers = { Accept: 'application/json, application/schema+json, application/problem+json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (contentType !== undefined) {
    headers['Content-Type'] = contentType; // a file sent as it is (e.g. a Fusion CSV)
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = cookie('XSRF-TOKEN');
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'No connection', detail: 'The composer does not answer; check your connection and try again.' });
  }
  return response;
}

export async function api(method, path, body, contentType) {
  // The XSRF-TOKEN cookie is written by the server on a response; a state-changing call made before any
  // such response (a fresh tab) first makes a harmless GET so the cookie exists.
  if (method !== 'GET' && !cookie('XSRF-TOKEN')) {
    await send('GET', '/api/v1/auth/me');
  }
  let response = await send(method, path, body, contentType);
  if (response.status === 403 && method !== 'GET' && !cookie('XSRF-TOKEN')) {
    response = await send(method, path, body, contentType);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = { title: `HTTP ${response.status}`, detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) listeners.forEach((fn) => fn());
    throw error;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);
/** POSTs a file (a File or Blob) as the raw body; answers the JSON reply. */
export const upload = (path, file, contentType) => api('POST', path, file, contentType || file.type || 'application/octet-stream');

/** Builds a query string from the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// The schema and the catalogue never change while the page is open: fetch each once.
const cache = new Map();
export function cached(path) {
  if (!cache.has(path)) {
    const p = get(path);
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}
