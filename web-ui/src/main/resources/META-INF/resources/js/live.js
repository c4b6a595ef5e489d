// Follows runs over Server-Sent Events (/api/v1/runs/<id>/events): `status` and `metric` events until the run
// ends, when the server closes the stream. EventSource would reconnect after the server closes it, so a
// stream is closed here as soon as a terminal status arrives.

import { TERMINAL } from './format.js';

/**
 * @param runId the run
 * @param handlers {status(data), metric(data), error(), open()}; `open` is called on each connection's first
 *   event, when the server has registered this follower: metrics read from then on miss nothing that a page
 *   read before the stream opened
 * @returns a function that stops following
 */
export function follow(runId, handlers) {
  const source = new EventSource(`/api/v1/runs/${encodeURIComponent(runId)}/events`);
  let closed = false;
  let connected = false;
  const close = () => {
    closed = true;
    source.close();
  };
  source.addEventListener('status', (event) => {
    const data = JSON.parse(event.data);
    if (!connected) {
      connected = true;
      handlers.open?.();
    }
    handlers.status?.(data);
    if (TERMINAL.has(data.status)) close();
  });
  source.addEventListener('metric', (event) => handlers.metric?.(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    // The browser retries on its own; tell the page so it can re-read the run (it may have ended meanwhile).
    connected = false;
    if (!closed) handlers.error?.();
  });
  return close;
}

/** Follows several runs at once; returns one stop function. At most `limit` streams stay open. */
export function followMany(runIds, handlers, limit = 8) {
  const stops = runIds.slice(0, limit).map((id) => follow(id, {
    status: (data) => handlers.status?.(id, data),
    metric: (data) => handlers.metric?.(id, data),
    error: () => handlers.error?.(id),
  }));
  return () => stops.forEach((stop) => stop());
}
