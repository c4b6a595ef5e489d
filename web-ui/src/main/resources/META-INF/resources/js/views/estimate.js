// The chip cost of one inference (issue 27): tiles, MVMs, energy and latency per layer and in total for the
// document being edited, from the server's cost model (POST /api/v1/estimate), with the figures' sources.
// Self-contained: the editor only places the panel and hands it each valid document.

import { post, query } from '../api.js';
import { h, replace } from '../dom.js';

const SETS = [
  ['', 'As the document says (default: HERMES-like 14 nm PCM)'],
  ['hermes_pcm_14nm', 'HERMES-like 14 nm PCM chip (Le Gallo et al. 2023)'],
  ['aon_cim_pcm_14nm', 'AON-CiM-like 14 nm PCM accelerator (Zhou et al. 2021)'],
];

const count = (n) => Number(n).toLocaleString('en-US');
const sig = (v) => (v === 0 ? '0' : Number(v).toPrecision(3));

/** The panel: an element to place, and update(doc) to call with each valid document. */
export function estimatePanel() {
  const select = h('select', { id: 'estimate-set' }, SETS.map(([value, text]) => h('option', { value }, text)));
  const body = h('div', { id: 'estimate-body', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Shown once the experiment is valid.'));
  let last = null;
  let generation = 0;

  async function update(doc) {
    last = doc;
    const mine = ++generation;
    try {
      const set = select.value;
      const estimate = await post(`/api/v1/estimate${set ? query({ parameter_set: set }) : ''}`, doc);
      if (mine === generation) replace(body, render(estimate));
    } catch (e) {
      if (mine === generation) replace(body, h('p', { class: 'muted' }, `No estimate: ${e.plain}`));
    }
  }
  select.addEventListener('change', () => last && update(last));

  const element = h('div', { class: 'estimate', id: 'estimate' },
    h('p', { class: 'muted' }, 'What one inference of this network would cost on an analog chip (a model, not a measurement).'),
    h('div', { class: 'field' }, h('label', { for: 'estimate-set' }, 'Hardware parameters'), select),
    body);
  return { element, update };
}

function render(e) {
  const t = e.totals;
  const rows = e.layers.map((l) => h('tr', {},
    h('td', {}, l.index), h('td', {}, l.type), h('td', {}, l.analog ? `${l.tile_rows}×${l.tile_cols}` : 'digital'),
    h('td', {}, count(l.tiles)), h('td', {}, count(l.mvms)), h('td', {}, sig(l.energy_pj / 1e3)),
    h('td', {}, sig(l.latency_ns / 1e3))));
  rows.push(h('tr', { class: 'total' }, h('th', { scope: 'row', colspan: 3 }, 'Total'), h('td', {}, count(t.tiles)),
    h('td', {}, count(t.mvms)), h('td', {}, sig(t.energy_pj / 1e3)), h('td', {}, sig(t.latency_ns / 1e3))));
  return [
    h('p', { id: 'estimate-totals' },
      `${count(t.tiles)} tiles (chip: ${count(t.chip_tiles)}${t.fits ? ', fits' : ', does not fit'}), `
      + `${count(t.weights)} weights, ${count(t.mvms)} MVMs, ${sig(t.energy_pj / 1e3)} nJ and `
      + `${sig(t.latency_ns / 1e3)} µs per inference (${sig(t.tops_per_watt)} TOPS/W).`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'list numbers', id: 'estimate-layers' },
      h('thead', {}, h('tr', {}, ['#', 'Layer', 'Tile', 'Tiles', 'MVMs', 'Energy nJ', 'Latency µs'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows))),
    e.notes.length ? h('ul', { class: 'estimate-notes' }, e.notes.map((n) => h('li', {}, n))) : null,
    h('details', {}, h('summary', {}, `Figures of ${e.title}`),
      h('ul', {}, e.figures.map((f) => h('li', {}, `${f.name} = ${f.value} ${f.unit} — ${f.basis}, ${f.source}: ${f.note}`))),
      h('ul', {}, e.references.map((r) => h('li', {}, `[${r.id}] ${r.citation} `, h('a', { href: r.url, rel: 'noopener' }, r.url))))),
  ];
}

/**
 * The accuracy–energy trade-off of compared runs: each run's accuracy (the last inference time's mean, else the
 * test accuracy) beside the chip estimate of one inference its result carries.
 */
export function tradeoffTable(loaded) {
  const rows = loaded.filter((l) => l.result?.cost_estimate).map((l) => {
    const r = l.result;
    const t = r.cost_estimate.totals;
    const last = Array.isArray(r.inference) && r.inference.length ? r.inference[r.inference.length - 1] : null;
    const epoch = Array.isArray(r.epochs) && r.epochs.length ? r.epochs[r.epochs.length - 1].metrics?.accuracy : undefined;
    const fraction = typeof r.summary?.test_accuracy === 'number' ? r.summary.test_accuracy : epoch;
    const accuracy = last ? `${last.avg_accuracy.toFixed(2)} % (t = ${last.t_inference} s)`
      : typeof fraction === 'number' ? `${(fraction * 100).toFixed(2)} %` : '—';
    return h('tr', {}, h('td', {}, l.name), h('td', {}, accuracy), h('td', {}, count(t.tiles)), h('td', {}, count(t.mvms)),
      h('td', {}, sig(t.energy_pj / 1e3)), h('td', {}, sig(t.latency_ns / 1e3)), h('td', {}, r.cost_estimate.parameter_set));
  });
  if (!rows.length) return null;
  return h('section', { id: 'tradeoff' }, h('h2', {}, 'Accuracy and chip cost per inference'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ['Run', 'Accuracy', 'Tiles', 'MVMs', 'Energy nJ', 'Latency µs', 'Hardware'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows))));
}
