// Sweeps in the browser, as `aimc sweep` makes them: one or two fields of an experiment and a list of values each;
// one experiment (tagged sweep-<time>, the point in its name and notes) and one run per combination. The sweep's
// page (#/sweeps/<tag>) follows the runs and shows the outcome as one chart (accuracy against the swept value) or,
// for two fields, as a heat map, with a link to every run.

import { get, post, query } from '../api.js';
import { dialog, h, replace, toast } from '../dom.js';
import { lineChart } from '../charts.js';
import { TERMINAL, percent } from '../format.js';
import { getAt, setAt } from '../pointer.js';
import { chip } from './chips.js';

export const MAX_SWEEP_RUNS = 50;

/** "1, 2, 3" → [1, 2, 3]; null when a value is not a number (the message says which). */
export function parseValues(text) {
  const parts = String(text || '').split(/[\s,;]+/).filter(Boolean);
  const values = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(values[i]));
  return bad !== undefined ? { error: `'${bad}' is not a number` } : { values: [...new Set(values)] };
}

/** Every combination of the axes' values: [[v1], [v2]] or [[v1, w1], [v1, w2], ...]. */
export function combinations(axes) {
  return axes.reduce((acc, axis) => acc.flatMap((combo) => axis.values.map((v) => [...combo, v])), [[]]);
}

/** A pointer as the CLI writes a path: /training/optimizer/lr → training.optimizer.lr. */
export function dotted(pointer) {
  return pointer.slice(1).replace(/\//g, '.');
}

/**
 * Asks for the fields and values, then creates and submits the grid. fields: [{pointer, label}] the numeric fields
 * the form shows. Resolves with the tag, or null when cancelled.
 */
export async function launchSweep({ doc, name, backend, fields }) {
  const options = fields.map((f) => h('option', { value: f.pointer }, `${f.label} (${dotted(f.pointer)})`));
  const field1 = h('select', { id: 'sweep-field-1' }, options);
  const values1 = h('input', { id: 'sweep-values-1', placeholder: 'e.g. 1, 2, 5', 'aria-describedby': 'sweep-help' });
  const field2 = h('select', { id: 'sweep-field-2' }, h('option', { value: '' }, '— none: one field —'), options.map((o) => o.cloneNode(true)));
  const values2 = h('input', { id: 'sweep-values-2', placeholder: 'e.g. 0.01, 0.1', 'aria-describedby': 'sweep-help' });
  const error = h('p', { class: 'field-error', id: 'sweep-error', role: 'alert', hidden: true });
  [values1, values2, field1, field2].forEach((el) => el.addEventListener('input', () => { error.hidden = true; }));
  for (;;) {
    const answer = await dialog({
      title: 'Sweep fields of this experiment',
      body: h('div', {},
        h('div', { class: 'field' }, h('label', { for: 'sweep-field-1' }, 'Field'), field1),
        h('div', { class: 'field' }, h('label', { for: 'sweep-values-1' }, 'Values'), values1),
        h('div', { class: 'field' }, h('label', { for: 'sweep-field-2' }, 'Second field (optional, for a heat map)'), field2),
        h('div', { class: 'field' }, h('label', { for: 'sweep-values-2' }, 'Its values'), values2),
        h('small', { class: 'help', id: 'sweep-help' }, `Numbers separated by commas. One experiment and one run per combination, at most ${MAX_SWEEP_RUNS}; they are tagged so the sweep’s page finds them.`),
        error),
      actions: [{ label: 'Cancel', value: 'cancel' }, { label: 'Launch the sweep', value: 'ok', class: 'primary' }],
    });
    if (answer !== 'ok') return null;
    const axes = [{ pointer: field1.value, ...parseValues(values1.value) }];
    if (field2.value) axes.push({ pointer: field2.value, ...parseValues(values2.value) });
    const problem = axes.find((a) => a.error || !a.values?.length);
    const count = combinations(axes.map((a) => ({ values: a.values || [] }))).length;
    let message = null;
    if (problem) message = problem.error ? `${dotted(problem.pointer)}: ${problem.error}.` : `Give at least one value for ${dotted(problem.pointer)}.`;
    else if (axes.length === 2 && axes[0].pointer === axes[1].pointer) message = 'Choose two different fields.';
    else if (count > MAX_SWEEP_RUNS) message = `${count} combinations; at most ${MAX_SWEEP_RUNS} runs per sweep.`;
    if (message) {
      // the dialog is asked again with the same entries and the reason
      error.textContent = message;
      error.hidden = false;
      continue;
    }
    return submitGrid({ doc, name, backend, axes });
  }
}

async function submitGrid({ doc, name, backend, axes }) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const tag = `sweep-${stamp}`;
  const combos = combinations(axes);
  let submitted = 0;
  for (const combo of combos) {
    const point = combo.map((v, i) => `${dotted(axes[i].pointer)}=${v}`).join(', ');
    const document = structuredClone(doc);
    combo.forEach((v, i) => setAt(document, axes[i].pointer, v));
    const full = `${name} [${point}]`;
    try {
      const experiment = await post('/api/v1/experiments', {
        name: full.length > 200 ? full.slice(0, 200) : full, document, tags: [tag], notes: `sweep ${tag}: ${point}`,
      });
      await post(`/api/v1/experiments/${experiment.id}/runs`, { backend: backend || 'auto' });
      submitted += 1;
    } catch (e) {
      toast(`Sweep stopped after ${submitted} of ${combos.length} runs: ${e.plain}`, 'error');
      break;
    }
  }
  return { tag, fields: axes.map((a) => a.pointer) };
}

/** The accuracy (percent) a run ended with: the test accuracy, else the last inference time's, else the last epoch's. */
export function finalAccuracy(result) {
  if (!result) return null;
  const test = result.summary?.test_accuracy;
  if (Number.isFinite(test)) return test * 100;
  const times = result.inference || [];
  if (times.length) return times[times.length - 1].avg_accuracy;
  const epochs = result.epochs || [];
  const last = epochs[epochs.length - 1]?.metrics?.accuracy;
  return Number.isFinite(last) ? last * 100 : null;
}

/** Heat-map colour for a value between lo and hi: pale to strong blue, dark enough text on every shade. */
function shade(v, lo, hi) {
  const f = hi > lo ? (v - lo) / (hi - lo) : 1;
  return `rgba(15, 98, 254, ${(0.1 + 0.5 * f).toFixed(3)})`;
}

export async function sweepView(main, ctx, tag) {
  const fromAddress = (ctx.params.get('fields') || '').split(',').filter(Boolean);
  const table = h('div', { class: 'table-wrap', id: 'sweep-points' });
  const summary = h('p', { class: 'muted', id: 'sweep-summary', role: 'status' });
  const figure = h('div', { id: 'sweep-chart' });
  let chart = null;
  let timer = null;
  let fields = fromAddress;

  async function load() {
    const page = await get(`/api/v1/experiments${query({ tag, limit: 200 })}`);
    const points = await Promise.all(page.items.map(async (e) => {
      const [experiment, runs] = await Promise.all([get(`/api/v1/experiments/${e.id}`),
        get(`/api/v1/experiments/${e.id}/runs?limit=1`)]);
      const run = runs.items[0] || null;
      const result = run?.status === 'completed' ? await get(`/api/v1/runs/${run.id}/result`).catch(() => null) : null;
      return { experiment, run, accuracy: finalAccuracy(result) };
    }));
    if (!fields.length && points.length) {
      // a sweep made by the CLI: its fields are in the notes ("sweep <tag>: a.b=1, c=2")
      const notes = points[0].experiment.notes || '';
      fields = (notes.split(': ')[1] || '').split(', ').map((p) => `/${p.split('=')[0].replace(/\./g, '/')}`).filter((p) => p.length > 1);
    }
    for (const p of points) p.values = fields.map((f) => getAt(p.experiment.document, f));
    return points;
  }

  function render(points) {
    const done = points.filter((p) => p.run && TERMINAL.has(p.run.status)).length;
    summary.textContent = `${points.length} runs, ${done} finished${done < points.length ? ' — this page follows the rest' : ''}.`;
    const sorted = [...points].sort((a, b) => a.values.reduce((c, v, i) => c || (v - b.values[i]), 0));
    replace(table, h('table', { class: 'list' },
      h('caption', { class: 'sr-only' }, 'Runs of the sweep'),
      h('thead', {}, h('tr', {}, fields.map((f) => h('th', { scope: 'col' }, dotted(f))), ['Status', 'Accuracy', 'Run'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, sorted.map((p) => h('tr', { dataset: { experiment: p.experiment.id } },
        p.values.map((v) => h('td', {}, String(v))),
        h('td', {}, chip(p.run?.status)),
        h('td', { class: 'accuracy' }, percent(p.accuracy, 2)),
        h('td', {}, p.run ? h('a', { href: `#/runs/${p.run.id}`, dataset: { run: p.run.id } }, 'Open run') : '—'))))));
    if (fields.length === 1) {
      const xs = sorted.map((p) => p.values[0]);
      const data = [xs, sorted.map((p) => p.accuracy)];
      if (!chart) {
        // whole-number fields (epochs, sizes) get whole-number ticks
        chart = lineChart({ id: 'sweep', title: `Accuracy against ${dotted(fields[0])}`, xLabel: dotted(fields[0]), yLabel: 'Accuracy (%)', series: [{ label: 'Final accuracy (%)' }], anyX: !xs.every(Number.isInteger) });
        replace(figure, chart.element);
        chart.mount();
      }
      chart.set(data);
      chart.element.dataset.points = String(sorted.filter((p) => p.accuracy != null).length);
    } else if (fields.length === 2) {
      const rows = [...new Set(points.map((p) => p.values[0]))].sort((a, b) => a - b);
      const cols = [...new Set(points.map((p) => p.values[1]))].sort((a, b) => a - b);
      const found = points.map((p) => p.accuracy).filter((a) => a != null);
      const [lo, hi] = [Math.min(...found), Math.max(...found)];
      const at = (r, c) => points.find((p) => p.values[0] === r && p.values[1] === c);
      replace(figure, h('figure', { class: 'chart heatmap', dataset: { chart: 'sweep-heatmap', points: String(found.length) } },
        h('figcaption', {}, `Accuracy (%) over ${dotted(fields[0])} (rows) and ${dotted(fields[1])} (columns)`),
        h('table', { class: 'list heat' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `${dotted(fields[0])} \\ ${dotted(fields[1])}`), cols.map((c) => h('th', { scope: 'col' }, String(c))))),
          h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, String(r)), cols.map((c) => {
            const p = at(r, c);
            const cell = h('td', {}, p?.run ? h('a', { href: `#/runs/${p.run.id}` }, p.accuracy != null ? p.accuracy.toFixed(2) : p.run.status) : '—');
            // through the CSSOM: the Content-Security-Policy allows no inline style attributes
            if (p?.accuracy != null) cell.style.background = shade(p.accuracy, lo, hi);
            return cell;
          })))))));
    }
    return done === points.length;
  }

  const first = await load();
  replace(main, h('h1', {}, 'Sweep ', h('code', {}, tag)),
    h('p', { class: 'muted' }, fields.length ? `Varying ${fields.map(dotted).join(' and ')}.` : 'The varied fields are not known for this tag.'),
    summary, figure, h('h2', {}, 'Runs'), table);
  let finished = render(first);
  // Runs finish over minutes: look again every few seconds until all have ended.
  timer = setInterval(async () => {
    if (finished) return clearInterval(timer);
    try {
      finished = render(await load());
    } catch (e) {
      // a failed look is retried at the next tick
    }
    return null;
  }, 2500);
  return () => {
    clearInterval(timer);
    chart?.destroy();
  };
}
