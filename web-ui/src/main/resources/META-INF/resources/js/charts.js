// Line charts over uPlot (vendored from its webjar): per-epoch curves and accuracy over inference time on a
// log axis with a mean ± std band. Every axis names its unit; colours are dark enough on white.

import uPlot from '/vendor/uplot/uPlot.esm.js';
import { h } from './dom.js';
import { duration } from './format.js';

const COLOURS = ['#0f62fe', '#da1e28', '#198038', '#8a3ffc', '#b28600', '#005d5d'];

// The times people think in: first the units (1 s, 1 min, 1 h, 1 day, 1 year), then the ones between, each kept only
// where its label does not run into a neighbour's.
const MAIN_TIME_TICKS = [1e-3, 1, 60, 3600, 86400, 31536000, 3153600000];
const MORE_TIME_TICKS = [1e-2, 0.1, 10, 600, 36000, 864000, 2592000, 315360000];
const MIN_LABEL_GAP_PX = 64;

/** Ticks on a log time axis between min and max, at least `gap` CSS pixels apart over `width` pixels. */
export function timeTicks(min, max, width, gap = MIN_LABEL_GAP_PX) {
  if (!(min > 0) || !(max > min)) return MAIN_TIME_TICKS.filter((t) => t >= min * 0.999 && t <= max * 1.001);
  const span = Math.log10(max) - Math.log10(min);
  const at = (t) => ((Math.log10(t) - Math.log10(min)) / span) * width;
  const inside = (t) => t >= min * 0.999 && t <= max * 1.001;
  const kept = [];
  for (const t of [...MAIN_TIME_TICKS, ...MORE_TIME_TICKS]) {
    if (inside(t) && kept.every((k) => Math.abs(at(k) - at(t)) >= gap)) kept.push(t);
  }
  return kept.sort((a, b) => a - b);
}

export function colour(i) {
  return COLOURS[i % COLOURS.length];
}

/**
 * A chart that keeps its data and redraws on new points or a new width.
 * @param opts {title, xLabel, yLabel, series: [{label}], logX, anyX (x is not a whole number of epochs), band: [upperIndex, lowerIndex] (1-based series),
 *   bands: [[upperIndex, lowerIndex, fill], ...]}
 */
export function lineChart(opts) {
  const figure = h('figure', { class: 'chart', dataset: { chart: opts.id || '' } },
    h('figcaption', {}, opts.title));
  const holder = h('div', { class: 'chart-canvas', role: 'img', 'aria-label': opts.title });
  figure.append(holder);
  let plot = null;
  let data = [[], ...opts.series.map(() => [])];

  const build = () => {
    const width = Math.max(280, holder.clientWidth || 600);
    const series = [{ label: opts.xLabel, value: opts.logX ? (u, v) => (v == null ? '—' : duration(v)) : undefined }];
    opts.series.forEach((s, i) => series.push({
      label: s.label, stroke: s.stroke || colour(i), width: s.width ?? 2, dash: s.dash,
      points: { show: s.points !== false, size: 6 }, spanGaps: true, show: s.show !== false, class: s.class,
      value: (u, v) => (v == null ? '—' : Number(v.toPrecision(4))),
    }));
    const options = {
      width, height: 260, series,
      scales: { x: opts.logX ? { time: false, distr: 3, log: 10 } : { time: false } },
      axes: [
        { label: opts.xLabel, stroke: '#1d2733', grid: { stroke: '#e0e0e0' },
          // On the time axis, ticks at the times people think in (1 s, 1 min, 1 h, 1 day, 30 days, 1 year …).
          // Ticks too close for their labels are left out, units first (no "10 days30 days"); uPlot's own
          // log-axis filter, which would blank every tick that is not a power of ten, is bypassed.
          splits: opts.logX ? (u, i, min, max) => timeTicks(min, max, u.bbox?.width ? u.bbox.width / (window.devicePixelRatio || 1) : u.width - 80) : undefined,
          filter: opts.logX ? (u, splits) => splits : undefined,
          values: opts.logX ? (u, ticks) => ticks.map((t) => duration(t)) : undefined,
          // Epochs are whole numbers: no 1.5th epoch on the axis.
          incrs: opts.logX || opts.anyX ? undefined : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
        { label: opts.yLabel, stroke: '#1d2733', grid: { stroke: '#e0e0e0' }, size: 60 },
      ],
      legend: { live: true },
    };
    if (opts.band) options.bands = [{ series: opts.band, fill: 'rgba(15, 98, 254, 0.15)' }];
    // Several shaded spreads (e.g. mean ± std of each level): [[upper, lower, colour], ...], 1-based series.
    if (opts.bands) options.bands = opts.bands.map(([upper, lower, fill]) => ({ series: [upper, lower], fill }));
    if (plot) plot.destroy();
    holder.replaceChildren();
    plot = new uPlot(options, data, holder);
  };

  const observer = new ResizeObserver(() => {
    if (!figure.isConnected) return;
    const width = Math.max(280, holder.clientWidth);
    if (plot && Math.abs(plot.width - width) > 4) plot.setSize({ width, height: 260 });
  });

  return {
    element: figure,
    /** Replaces the data: columns [xs, ys1, ys2, ...]. */
    set(columns) {
      data = columns;
      figure.dataset.points = String(columns[0].length);
      if (!plot && figure.isConnected) {
        build();
        observer.observe(holder);
      } else if (plot) {
        plot.setData(data);
      }
    },
    /** Draws once the figure is in the page (uPlot needs its width). */
    mount() {
      if (!plot) {
        build();
        observer.observe(holder);
      }
    },
    destroy() {
      observer.disconnect();
      if (plot) plot.destroy();
    },
  };
}
