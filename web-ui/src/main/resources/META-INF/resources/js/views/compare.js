// Compare 2–6 finished runs: their curves overlaid and the settings in which their documents differ.

import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { colour, lineChart } from '../charts.js';

/** A run's colour, lighter: its band and band edges. */
function fade(i, alpha) {
  const hex = colour(i).slice(1);
  const [r, g, b] = [0, 2, 4].map((k) => parseInt(hex.slice(k, k + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
import { dateTime } from '../format.js';
import { epochSeries, inferenceSeries } from './run.js';
import { tradeoffTable } from './estimate.js';

/** "a.b.c" → value for every leaf of a document. */
export function leaves(value, prefix = '', out = new Map()) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    value.forEach((v, i) => leaves(v, `${prefix}[${i}]`, out));
  } else {
    out.set(prefix, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return out;
}

/** Rows [path, values per document] where at least two documents differ. */
export function differences(docs) {
  const maps = docs.map((d) => leaves(d || {}));
  const paths = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
  return paths.map((p) => [p, maps.map((m) => m.get(p) ?? '—')]).filter(([, vals]) => new Set(vals).size > 1);
}

export async function compareView(main, ctx) {
  const chosen = (ctx.params.get('runs') || '').split(',').filter(Boolean);
  const [runs, experiments] = await Promise.all([
    get('/api/v1/runs?status=completed&limit=50'), get('/api/v1/experiments?limit=100')]);
  const names = new Map(experiments.items.map((e) => [e.id, e]));
  const label = (r) => `${names.get(r.experiment_id)?.name || r.experiment_id.slice(0, 8)} · ${dateTime(r.finished_at)}`;

  const picker = h('fieldset', { class: 'run-picker' }, h('legend', {}, 'Completed runs (choose 2 to 6)'),
    runs.items.length ? runs.items.map((r) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: r.id, checked: chosen.includes(r.id), name: 'run' }), ' ', label(r)))
      : h('p', { class: 'empty' }, 'No completed runs yet.'));
  const pickError = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { id: 'compare-form' }, picker, pickError, h('button', { type: 'submit', class: 'primary' }, 'Compare'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ids = [...form.querySelectorAll('input[name=run]:checked')].map((i) => i.value);
    if (ids.length < 2 || ids.length > 6) {
      pickError.textContent = `Choose between 2 and 6 runs (you chose ${ids.length}).`;
      pickError.hidden = false;
      return;
    }
    ctx.go(`/compare?runs=${ids.join(',')}`);
  });
  const output = h('div', { id: 'comparison' });
  replace(main, h('h1', {}, 'Compare runs'), form, output);
  if (chosen.length === 1) {
    // One run is not a comparison: say what to do, and where that run's own charts are.
    replace(output, h('p', { class: 'notice', id: 'compare-hint', role: 'status' },
      'Choose at least one more run above to compare them. ', h('a', { href: `#/runs/${chosen[0]}` }, 'Open this run'), ' for its own charts.'));
    return null;
  }
  if (chosen.length < 2) return null;

  const loaded = await Promise.all(chosen.slice(0, 6).map(async (id) => {
    const run = await get(`/api/v1/runs/${id}`);
    const [result, doc, metrics] = await Promise.all([
      get(`/api/v1/runs/${id}/result`).catch(() => null),
      get(`/api/v1/runs/${id}/artifacts/submitted.json`).catch(() => null),
      get(`/api/v1/runs/${id}/metrics`)]);
    return { run, result, doc, steps: metrics.steps || [], name: label(run) };
  }));
  const training = loaded.filter((l) => (l.doc?.kind || l.result?.kind) === 'training');
  const inference = loaded.filter((l) => !training.includes(l));
  const charts = [];
  const mergeX = (series) => [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  if (training.length) {
    const per = training.map((l) => {
      const s = epochSeries(l.result?.epochs?.length ? l.result.epochs.map((e) => ({ kind: 'epoch', step: e.epoch, metrics: e.metrics })) : l.steps);
      return { x: s.epochs, acc: s.accuracy, loss: s.trainLoss };
    });
    const xs = mergeX(per);
    const align = (p, key) => xs.map((x) => { const i = p.x.indexOf(x); return i < 0 ? null : p[key][i]; });
    const acc = lineChart({ id: 'compare-accuracy', title: 'Accuracy per epoch', xLabel: 'Epoch', yLabel: 'Accuracy (%)', series: training.map((l) => ({ label: l.name })) });
    const loss = lineChart({ id: 'compare-loss', title: 'Training loss per epoch', xLabel: 'Epoch', yLabel: 'Loss', series: training.map((l) => ({ label: l.name })) });
    charts.push([acc, [xs, ...per.map((p) => align(p, 'acc'))]], [loss, [xs, ...per.map((p) => align(p, 'loss'))]]);
  }
  if (inference.length) {
    const per = inference.map((l) => {
      const s = inferenceSeries(l.result, l.steps);
      return { x: s.columns[0], mean: s.columns[1], upper: s.columns[2], lower: s.columns[3] };
    });
    const xs = mergeX(per);
    const align = (p, key) => xs.map((x) => { const i = p.x.indexOf(x); return i < 0 ? null : p[key][i]; });
    // Each run's mean with its ±1 std band, in the run's colour (the band's edges have no legend rows of their own).
    const series = inference.flatMap((l, i) => [{ label: l.name, stroke: colour(i) },
      { label: `${l.name} +1 std`, stroke: fade(i, 0.45), width: 1, points: false, class: 'spread' },
      { label: `${l.name} −1 std`, stroke: fade(i, 0.45), width: 1, points: false, class: 'spread' }]);
    const bands = inference.map((l, i) => [3 * i + 2, 3 * i + 3, fade(i, 0.14)]);
    const chart = lineChart({ id: 'compare-time', title: 'Accuracy over time after programming (mean ± 1 std)', xLabel: 'Time after programming (s, log scale)', yLabel: 'Accuracy (%)', logX: true, series, bands });
    charts.push([chart, [xs, ...per.flatMap((p) => [align(p, 'mean'), align(p, 'upper'), align(p, 'lower')])]]);
  }
  const diff = differences(loaded.map((l) => l.doc));
  replace(output,
    h('div', { class: 'charts' }, charts.map(([c]) => c.element)),
    tradeoffTable(loaded),
    h('h2', {}, 'Settings that differ'),
    diff.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'list', id: 'settings-diff' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Setting'), loaded.map((l) => h('th', { scope: 'col' }, h('a', { href: `#/runs/${l.run.id}` }, l.name))))),
      h('tbody', {}, diff.map(([path, vals]) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, path)), vals.map((v) => h('td', {}, v)))))))
      : h('p', { class: 'empty' }, 'The documents of these runs are identical.'));
  charts.forEach(([c, data]) => c.set(data));
  return () => charts.forEach(([c]) => c.destroy());
}
