// Graphs computed by the simulator engine while the user edits (through a worker: POST /api/v1/previews/drift,
// GET /api/v1/presets/{name}/response-curve). Requests are debounced and only the newest answer is drawn.
//  - drift preview (tutorial Fig. 18, inference setup): conductances of devices programmed to several targets,
//    mean ± std over the devices, on a log-time axis; with drift compensation also as the compensated read-out.
//  - response curve (Fig. 15, preset explorer): a device's weight after N up then N down pulses, mean ± std.

import { ApiError, get, post, query } from '../api.js';
import { debounce, h, replace } from '../dom.js';
import { colour, lineChart } from '../charts.js';

function fill(i, alpha = 0.12) {
  const hex = colour(i).slice(1);
  const [r, g, b] = [0, 2, 4].map((k) => parseInt(hex.slice(k, k + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The sentence for a failed preview: what to change, or why nothing can be drawn now. */
function explain(e) {
  if (!(e instanceof ApiError)) return String(e);
  if (e.status === 503) return 'No simulator worker is running right now, so the graph cannot be computed. It appears once a CPU worker is up.';
  if (e.errors.length) return e.errors.map((x) => `${x.pointer || '/'}: ${x.message}${x.allowed ? ` (allowed: ${x.allowed})` : ''}`).join('; ');
  return e.plain;
}

/**
 * A series per curve (mean, mean + std, mean − std) with the spread shaded; returns chart options and columns.
 * curves: [{label, mean: [], std: []}]
 */
function spreadSeries(curves, extra = []) {
  const series = [];
  const bands = [];
  const columns = [];
  curves.forEach((c, i) => {
    const base = series.length + 1;
    series.push({ label: c.label, stroke: colour(i), width: 2 },
      { label: `${c.label} +1σ`, stroke: fill(i, 0.5), width: 1, dash: [3, 3], points: false, class: 'spread' },
      { label: `${c.label} −1σ`, stroke: fill(i, 0.5), width: 1, dash: [3, 3], points: false, class: 'spread' });
    bands.push([base + 1, base + 2, fill(i)]);
    columns.push(c.mean, c.mean.map((m, k) => m + c.std[k]), c.mean.map((m, k) => m - c.std[k]));
  });
  extra.forEach((c) => {
    series.push({ label: c.label, stroke: colour(c.colour), width: 2, dash: [8, 4], points: false });
    columns.push(c.values);
  });
  return { series, bands, columns };
}

/** A graph whose chart is rebuilt for every answer (the number of curves may change) and a status line. */
function previewFrame(id, title, help) {
  const holder = h('div', { class: 'preview-chart' });
  const status = h('p', { class: 'muted preview-status', role: 'status', 'aria-live': 'polite' });
  const element = h('section', { class: 'preview', id, dataset: { state: 'idle' }, 'aria-label': title },
    h('h3', {}, title), help ? h('p', { class: 'help' }, help) : null, holder, status);
  let chart = null;
  return {
    element,
    status(text, state) {
      status.textContent = text;
      element.dataset.state = state;
      holder.hidden = state === 'error' && !chart;
    },
    draw(opts, columns) {
      chart?.destroy();
      chart = lineChart(opts);
      replace(holder, chart.element);
      holder.hidden = false;
      chart.set(columns);
      chart.mount();
    },
    destroy() {
      chart?.destroy();
    },
  };
}

/**
 * The drift preview of the inference setup. update({noise_model, drift_compensation}) asks for a new graph (after
 * a pause in the edits); the same settings are not asked twice in a row.
 */
export function driftPreview(id = 'drift-preview') {
  const frame = previewFrame(id, 'How programmed conductances drift',
    'Devices programmed to six target conductances from 0 to g_max, read from 1 second to 1 year after programming: mean ± one standard deviation over 1000 devices per level.');
  let lastKey = null;
  let generation = 0;

  async function draw(settings) {
    const body = { noise_model: settings.noise_model || { type: 'pcm_like' }, drift_compensation: settings.drift_compensation || 'none' };
    const key = JSON.stringify(body);
    if (key === lastKey) return;
    lastKey = key;
    const mine = ++generation;
    frame.status('Computing the drift of the devices…', 'loading');
    let answer;
    try {
      answer = await post('/api/v1/previews/drift', body);
    } catch (e) {
      if (mine !== generation) return;
      lastKey = null; // a retry after fixing the cause must ask again
      frame.status(`No drift graph: ${explain(e)}`, 'error');
      return;
    }
    if (mine !== generation) return;
    const levels = answer.levels;
    const curves = levels.map((l) => ({
      label: `${Number(l.g_target.toPrecision(3))} µS`,
      mean: l.over_time.map((s) => s.mean), std: l.over_time.map((s) => s.std),
    }));
    const compensated = levels.filter((l) => l.compensated.length).map((l, i) => ({
      label: `${Number(l.g_target.toPrecision(3))} µS compensated`, colour: i, values: l.compensated.map((s) => s.mean),
    }));
    const { series, bands, columns } = spreadSeries(curves, compensated);
    frame.draw({ id: 'drift', title: `${answer.noise_model_type} devices, drift compensation: ${answer.drift_compensation}`,
      xLabel: 'Time after programming', yLabel: 'Conductance (µS)', logX: true, series, bands }, [answer.times, ...columns]);
    const top = levels[levels.length - 1].over_time;
    frame.element.dataset.topFinal = top[top.length - 1].mean.toFixed(4);
    frame.status(`Target g_max = ${Number(levels[levels.length - 1].g_target.toPrecision(3))} µS reads ${top[top.length - 1].mean.toFixed(2)} µS after one year (mean of ${answer.samples} devices)`
      + (compensated.length ? '; dashed: what the drift-compensated read-out sees.' : '.'), 'drawn');
  }
  const drawSoon = debounce((s) => draw(s).catch(() => {}), 300);
  return {
    element: frame.element,
    update: (settings) => drawSoon(settings),
    destroy() {
      drawSoon.cancel();
      frame.destroy();
    },
  };
}

/** The response curve of a preset's devices, with a pulse-count field; drawn when first shown. */
export function responseCurve(presetName) {
  const id = `pulses-${presetName}`;
  const pulses = h('input', { id, type: 'number', min: 1, max: 2000, step: 1, value: 200, class: 'pulses' });
  const frame = previewFrame(`curve-${presetName}`, `Pulse response of ${presetName}`, null);
  frame.element.append(h('div', { class: 'field inline' }, h('label', { for: id }, 'Pulses up, then as many down'), pulses));
  let generation = 0;

  async function draw() {
    const mine = ++generation;
    frame.status('Pulsing 100 simulated devices…', 'loading');
    let answer;
    try {
      answer = await get(`/api/v1/presets/${encodeURIComponent(presetName)}/response-curve${query({ pulses: pulses.value })}`);
    } catch (e) {
      if (mine !== generation) return;
      frame.status(`No response curve: ${explain(e)}`, 'error');
      return;
    }
    if (mine !== generation) return;
    if (!answer.curves.length) {
      frame.status('This preset has no pulsed device (it is for inference: its devices are described by a noise model), so it has no pulse response.', 'empty');
      return;
    }
    const curves = answer.curves.map((c) => ({ label: `${c.type} ${c.device}`, mean: c.mean, std: c.std }));
    const { series, bands, columns } = spreadSeries(curves);
    frame.draw({ id: 'response-curve', title: `${answer.pulses} up then ${answer.pulses} down pulses`,
      xLabel: 'Pulse number', yLabel: 'Weight (normalised)', series, bands },
    [answer.curves[0].mean.map((_, k) => k), ...columns]);
    frame.status(`Mean ± one standard deviation over ${answer.devices} devices drawn from the preset's device-to-device variations.`, 'drawn');
  }
  const drawSoon = debounce(() => draw().catch(() => {}), 300);
  pulses.addEventListener('input', () => {
    if (pulses.checkValidity() && pulses.value) drawSoon();
  });
  return { element: frame.element, show: () => draw().catch(() => {}), destroy: () => { drawSoon.cancel(); frame.destroy(); } };
}
