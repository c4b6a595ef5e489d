// The chip side of a hardware inference run (tutorial Sec. VI.4): which chip, the accuracy on its measured
// conductances, a target-vs-programmed scatter and a programming-error histogram. Drawn as plain SVG (bars and
// points, no line chart), with every axis naming its unit and the numbers also in text for screen readers.

import { h } from '../dom.js';
import { dateTime, duration, percent } from '../format.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 420;
const H = 280;
const M = { left: 52, right: 12, top: 10, bottom: 42 };

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v != null) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Round, readable tick values covering [lo, hi]. */
export function ticks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(6)));
  return out;
}

/** A plot frame: axes with ticks and labels, and scale functions into it. */
function frame(label, xRange, yRange, xLabel, yLabel) {
  const sx = (v) => M.left + ((v - xRange[0]) / (xRange[1] - xRange[0] || 1)) * (W - M.left - M.right);
  const sy = (v) => H - M.bottom - ((v - yRange[0]) / (yRange[1] - yRange[0] || 1)) * (H - M.top - M.bottom);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': label });
  const axes = svg('g', { class: 'axes', stroke: '#1d2733', 'font-size': 11, fill: '#1d2733' });
  axes.append(svg('line', { x1: M.left, y1: H - M.bottom, x2: W - M.right, y2: H - M.bottom }));
  axes.append(svg('line', { x1: M.left, y1: M.top, x2: M.left, y2: H - M.bottom }));
  for (const t of ticks(xRange[0], xRange[1])) {
    axes.append(svg('text', { x: sx(t), y: H - M.bottom + 14, 'text-anchor': 'middle', stroke: 'none' }, String(t)));
  }
  for (const t of ticks(yRange[0], yRange[1])) {
    axes.append(svg('text', { x: M.left - 6, y: sy(t) + 4, 'text-anchor': 'end', stroke: 'none' }, String(t)));
    axes.append(svg('line', { x1: M.left, y1: sy(t), x2: W - M.right, y2: sy(t), stroke: '#e0e0e0' }));
  }
  axes.append(svg('text', { x: (M.left + W - M.right) / 2, y: H - 6, 'text-anchor': 'middle', stroke: 'none' }, xLabel));
  axes.append(svg('text', { x: 12, y: (M.top + H - M.bottom) / 2, 'text-anchor': 'middle', stroke: 'none',
    transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})` }, yLabel));
  root.append(axes);
  return { root, sx, sy };
}

/** Target vs programmed conductance, one point per sampled device, with the ideal diagonal. */
export function scatterChart(hw) {
  const xs = hw.scatter_target_us || [];
  const ys = hw.scatter_programmed_us || [];
  const top = Math.max(hw.g_max_us || 0, ...xs, ...ys.filter((v) => v < 2 * (hw.g_max_us || 40)));
  const { root, sx, sy } = frame(`Target versus programmed conductance of ${xs.length} devices`, [0, top], [0, top],
    'Target conductance (µS)', 'Programmed conductance (µS)');
  root.append(svg('line', { x1: sx(0), y1: sy(0), x2: sx(top), y2: sy(top), stroke: '#da1e28', 'stroke-dasharray': '5 4' }));
  const points = svg('g', { class: 'points', fill: 'rgba(15, 98, 254, 0.45)' });
  xs.forEach((x, i) => {
    const y = Math.min(ys[i], top);
    points.append(svg('circle', { cx: sx(x).toFixed(1), cy: sy(y).toFixed(1), r: 1.8 }));
  });
  root.append(points);
  return h('figure', { class: 'chart', dataset: { chart: 'hardware-scatter', points: String(xs.length) } },
    h('figcaption', {}, 'Target vs programmed conductance'), root);
}

/** Programming error (programmed − target) in equal bins. */
export function histogramChart(hw) {
  const hist = hw.error_histogram || { low_us: 0, high_us: 0, counts: [] };
  const counts = hist.counts || [];
  const width = counts.length ? (hist.high_us - hist.low_us) / counts.length : 0;
  const most = Math.max(1, ...counts);
  const { root, sx, sy } = frame(`Histogram of the programming error over ${counts.reduce((a, b) => a + b, 0)} devices`,
    [hist.low_us, hist.high_us], [0, most], 'Programmed − target (µS)', 'Devices');
  const bars = svg('g', { class: 'bars', fill: '#0f62fe' });
  counts.forEach((c, i) => {
    const x0 = sx(hist.low_us + i * width);
    const x1 = sx(hist.low_us + (i + 1) * width);
    bars.append(svg('rect', { x: x0.toFixed(1), y: sy(c).toFixed(1), width: Math.max(0.5, x1 - x0 - 0.5).toFixed(1),
      height: Math.max(0, sy(0) - sy(c)).toFixed(1) }, svg('title', {}, `${c} devices`)));
  });
  root.append(bars);
  return h('figure', { class: 'chart', dataset: { chart: 'hardware-histogram', bins: String(counts.length) } },
    h('figcaption', {}, 'Programming error'), root);
}

const fixed = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/** The section for a completed hardware inference run, or null when the result has no chip side. */
export function hardwareResult(result) {
  const hw = result?.hardware;
  if (!hw) return null;
  const s = result.summary || {};
  const later = (hw.readbacks || []).filter((r) => r.t_inference > 0);
  const programmings = hw.repetitions || [];
  const first = result.inference?.[0];
  const times = (result.inference || []).map((p) => p.t_inference);
  return h('section', { id: 'hardware-result', 'aria-labelledby': 'hardware-title' },
    h('h2', { id: 'hardware-title' }, 'On the chip'),
    h('dl', { class: 'facts', id: 'hardware-facts' },
      h('dt', {}, 'Chip'), h('dd', { id: 'hardware-chip' }, `${hw.chip_id}${hw.emulated ? ' (emulated)' : ''}`),
      h('dt', {}, 'Programmed'), h('dd', {}, programmings.length > 1
        ? `${programmings.length} times, first at ${dateTime(hw.programmed_at)} (the error, scatter and histogram are the first programming's)`
        : dateTime(hw.programmed_at)),
      s.test_accuracy != null ? [h('dt', {}, 'Accuracy on the chip'), h('dd', { id: 'hardware-accuracy' }, programmings.length > 1 && first
        ? `${percent(s.test_accuracy * 100, 2)} ± ${percent(first.std_accuracy, 2)} over ${programmings.length} programmings`
        : percent(s.test_accuracy * 100, 2))] : null,
      s.uploaded_values != null ? [h('dt', {}, 'Your conductances'), h('dd', { id: 'hardware-uploaded' },
        `${s.uploaded_values.toLocaleString('en')} uploaded values programmed as they are; no accuracy here: download the programmed conductances below and load them into your model (AIHWKit fusion_import)`)] : null,
      s.simulated_test_accuracy != null ? [h('dt', {}, 'Accuracy simulated'), h('dd', {}, percent(s.simulated_test_accuracy * 100, 2))] : null,
      h('dt', {}, 'Devices used'), h('dd', {}, `${hw.devices.toLocaleString('en')} of ${hw.chip_devices.toLocaleString('en')} (${percent(hw.utilisation * 100, 2)}), ${hw.layers} layers`),
      h('dt', {}, 'Failed devices'), h('dd', {}, hw.failed_devices.toLocaleString('en')),
      h('dt', {}, 'Programming error'), h('dd', { id: 'hardware-error' }, `mean ${fixed(hw.mean_error_us, 3)} µS, std ${fixed(hw.std_error_us, 3)} µS (${fixed(hw.normalized_error_std_percent, 2)} % of g_max)`),
      h('dt', {}, 'g_max, reads'), h('dd', {}, `${hw.g_max_us} µS, ${hw.reads} averaged reads`),
      later.length ? [h('dt', {}, 'Drift on the chip'), h('dd', {}, later.map((r) => `×${fixed(r.mean_conductance_ratio, 3)} after ${duration(r.t_inference)}`).join(', '))] : null),
    programmings.length ? h('table', { class: 'list numbers', id: 'hardware-repetitions' },
      h('caption', {}, 'Each programming of the chip'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Programming'),
        times.map((t) => h('th', { scope: 'col' }, `Accuracy after ${duration(t)}`)),
        h('th', { scope: 'col' }, 'Error std'), h('th', { scope: 'col' }, 'Failed devices'))),
      h('tbody', {}, programmings.map((r, i) => h('tr', {}, h('th', { scope: 'row' }, String(i + 1)),
        times.map((_, k) => h('td', {}, r.accuracy[k] != null ? percent(r.accuracy[k], 2) : '—')),
        h('td', {}, `${fixed(r.std_error_us, 3)} µS`), h('td', {}, r.failed_devices.toLocaleString('en')))))) : null,
    h('div', { class: 'charts' }, scatterChart(hw), histogramChart(hw)));
}
