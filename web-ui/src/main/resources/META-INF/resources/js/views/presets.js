// Preset explorer (tutorial Fig. 15): every named RPU configuration with its documentation — the algorithm
// family, the device model it uses, what it sets — its devices' pulse response computed by the engine (Fig. 15),
// and a shortcut to train a network with it.

import { cached, post } from '../api.js';
import { breakable, debounce, h, replace, toast } from '../dom.js';
import { label } from '../schema.js';
import { SCRATCH } from './gallery.js';
import { driftPreview, responseCurve } from './previews.js';

const FAMILIES = {
  single: 'In-memory SGD, one device per weight', vector: 'Several devices per weight', tiki_taka: 'Tiki-Taka',
  ttv2: 'Tiki-Taka v2 (buffered transfer)', chopped_ttv2: 'Chopped Tiki-Taka v2', agad: 'AGAD (dynamic transfer)',
  mixed_precision: 'Mixed precision', inference: 'Inference and hardware-aware training', floating_point: 'Floating point',
};

// The literature AIHWKit's own documentation cites for its presets (docstrings of aihwkit.simulator.presets,
// .configs.compounds and .inference.noise): the measured device a preset was fitted to, the training algorithm,
// the noise model. Only what AIHWKit cites is listed; a preset it cites nothing for shows nothing.
const PAPERS = {
  gong2018: ['Gong et al., Nat. Commun. 2018', 'https://www.nature.com/articles/s41467-018-04485-1'],
  gongRasch2022: ['Gong, Rasch et al., IEDM 2022', 'https://ieeexplore.ieee.org/document/10019569'],
  li2018: ['Li et al., VLSI 2018', 'https://ieeexplore.ieee.org/abstract/document/8510648'],
  tang2018: ['Tang et al., IEDM 2018', 'https://ieeexplore.ieee.org/document/8614551'],
  kim2019: ['Kim et al., IEDM 2019', 'https://ieeexplore.ieee.org/document/8993463'],
  gokmenVlasov2016: ['Gokmen & Vlasov, Front. Neurosci. 2016', 'https://www.frontiersin.org/articles/10.3389/fnins.2016.00333/full'],
  rasch2019: ['Rasch, Gokmen & Haensch, IEEE Design & Test 2019', 'https://arxiv.org/abs/1906.02698'],
  nandakumar2020: ['Nandakumar et al., Front. Neurosci. 2020', 'https://www.frontiersin.org/articles/10.3389/fnins.2020.00406/full'],
  gokmenHaensch2020: ['Gokmen & Haensch, Front. Neurosci. 2020 (Tiki-Taka)', 'https://www.frontiersin.org/articles/10.3389/fnins.2020.00103/full'],
  gokmen2021: ['Gokmen, Front. Artif. Intell. 2021 (TTv2)', 'https://www.frontiersin.org/articles/10.3389/frai.2021.699148/full'],
  nandakumar2019: ['Nandakumar et al., ICECS 2019 (PCM noise and drift model)', 'https://ieeexplore.ieee.org/document/8964852'],
  rasch2023: ['Rasch et al., arXiv 2023 (hardware-aware training for inference)', 'https://arxiv.org/abs/2302.08469'],
};

/** The references of a preset: its device's, its algorithm's, its noise model's (keys of PAPERS). */
export function presetReferences(preset) {
  const name = preset.name || '';
  const keys = [];
  if (/ReRamArray/.test(name)) keys.push('gongRasch2022');
  else if (/ReRam(ES|SB)/.test(name)) keys.push('gong2018');
  if (/Capacitor/.test(name)) keys.push('li2018');
  if (/EcRamMO/.test(name)) keys.push('kim2019');
  else if (/EcRam/.test(name)) keys.push('tang2018');
  if (/Idealized/.test(name)) keys.push('gokmenVlasov2016', 'rasch2019');
  if (/GokmenVlasov/.test(name)) keys.push('gokmenVlasov2016');
  if (/PCMPreset/.test(name)) keys.push('nandakumar2020');
  const family = { tiki_taka: 'gokmenHaensch2020', ttv2: 'gokmen2021', mixed_precision: 'nandakumar2020' }[preset.family];
  if (family) keys.push(family);
  if (name === 'StandardHWATrainingPreset') keys.push('rasch2023');
  if (preset.rpu_config?.noise_model?.type === 'pcm_like') keys.push('nandakumar2019');
  return [...new Set(keys)].map((k) => PAPERS[k]);
}

/** The device models a preset uses, from its rpu_config (compounds list their unit cells). */
export function deviceTypes(rpuConfig) {
  const found = [];
  const walk = (device) => {
    if (!device || typeof device !== 'object') return;
    if (device.type) found.push(device.type);
    (device.unit_cell_devices || []).forEach(walk);
    walk(device.device);
  };
  walk(rpuConfig?.device);
  if (rpuConfig?.noise_model?.type) found.push(`${rpuConfig.noise_model.type} noise model`);
  return [...new Set(found)];
}

function leaves(value, prefix = '') {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [[prefix, Array.isArray(value) ? JSON.stringify(value) : String(value)]];
  }
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

export async function presetsView(main, ctx) {
  const presets = await cached('/api/v1/presets');
  const search = h('input', { id: 'preset-search', type: 'search', placeholder: 'e.g. ReRAM, PCM, capacitor', autocomplete: 'off' });
  const family = h('select', { id: 'preset-family' }, h('option', { value: '' }, 'Any'),
    [...new Set(presets.map((p) => p.family))].map((f) => h('option', { value: f }, FAMILIES[f] || label(f))));
  const list = h('div', { class: 'gallery', id: 'presets' });
  const count = h('p', { class: 'muted', role: 'status' });

  const train = async (preset, button) => {
    button.disabled = true;
    try {
      const document = { ...structuredClone(SCRATCH), name: `My network on ${preset.name}`, preset: preset.name };
      const experiment = await post('/api/v1/experiments', { name: document.name, document });
      ctx.go(`/experiments/${experiment.id}`);
    } catch (e) {
      button.disabled = false;
      toast(e.plain, 'error');
    }
  };

  // Response curves are computed on demand (one worker request per opened preset), and kept while the list is
  // filtered so an open graph does not flicker.
  const curves = new Map();
  const curveDetails = (p) => {
    if (!p.rpu_config?.device) return null;
    let curve = curves.get(p.name);
    const details = h('details', { class: 'response', open: curve?.shown && curve.open, dataset: { curve: p.name } },
      h('summary', {}, 'Response curve'));
    if (!curve) {
      curve = responseCurve(p.name);
      curves.set(p.name, curve);
    }
    details.append(curve.element);
    details.addEventListener('toggle', () => {
      curve.open = details.open;
      if (details.open && !curve.shown) {
        curve.shown = true;
        curve.show();
      }
    });
    return details;
  };

  // Inference presets: how their devices' programmed conductances drift (the inference setup's graph, reused).
  const drifts = new Map();
  const driftDetails = (p) => {
    if (!(p.kinds || []).includes('inference') || !p.rpu_config?.noise_model) return null;
    const details = h('details', { class: 'response', dataset: { drift: p.name } }, h('summary', {}, 'Drift and noise over time'));
    let drift = drifts.get(p.name);
    if (!drift) {
      drift = driftPreview(`drift-${p.name}`);
      drifts.set(p.name, drift);
    }
    details.append(drift.element);
    details.addEventListener('toggle', () => {
      if (details.open) drift.update({ noise_model: p.rpu_config.noise_model, drift_compensation: p.rpu_config.drift_compensation?.type || 'none' });
    });
    return details;
  };

  const render = () => {
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const shown = presets.filter((p) => (!family.value || p.family === family.value)
      && words.every((w) => `${p.name} ${p.description} ${deviceTypes(p.rpu_config).join(' ')}`.toLowerCase().includes(w)));
    count.textContent = `${shown.length} of ${presets.length} presets`;
    list.replaceChildren(...shown.map((p) => {
      const button = (p.kinds || []).includes('training')
        ? h('button', { type: 'button', 'aria-label': `Train a network with ${p.name}` }, 'Train a network with it') : null;
      button?.addEventListener('click', () => train(p, button));
      return h('article', { class: 'card template', dataset: { preset: p.name } },
        h('h3', {}, breakable(p.name)),
        h('p', {}, p.description),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Algorithm'), h('dd', {}, FAMILIES[p.family] || label(p.family)),
          h('dt', {}, 'Device model'), h('dd', {}, deviceTypes(p.rpu_config).join(', ') || '—'),
          h('dt', {}, 'For'), h('dd', {}, (p.kinds || []).join(', ')),
          h('dt', {}, 'Version'), h('dd', {}, String(p.version)),
          presetReferences(p).length ? [h('dt', {}, 'References'), h('dd', { class: 'references' },
            h('ul', {}, presetReferences(p).map(([text, href]) => h('li', {}, h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, text)))))] : null),
        curveDetails(p),
        driftDetails(p),
        h('details', {}, h('summary', {}, 'Every setting'),
          h('dl', { class: 'settings' }, leaves(p.rpu_config).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
        button ? h('div', { class: 'actions' }, button) : null);
    }));
  };
  search.addEventListener('input', debounce(render, 150));
  family.addEventListener('change', render);
  render();
  replace(main, h('h1', {}, 'Device presets'),
    h('p', { class: 'muted' }, 'Named analog configurations, many calibrated on measured devices: the update algorithm, the device model and all of its parameters.'),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field inline' }, h('label', { for: 'preset-search' }, 'Search'), search),
      h('div', { class: 'field inline' }, h('label', { for: 'preset-family' }, 'Algorithm'), family)),
    count, list);
  return () => {
    curves.forEach((c) => c.destroy());
    drifts.forEach((d) => d.destroy());
  };
}
