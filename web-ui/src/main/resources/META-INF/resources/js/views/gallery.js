// Template gallery (the tutorial's first step, Fig. 12/14/17): training and inference templates with their
// network summary and, where the catalogue states one, the reference accuracy of their pre-trained weights; or a
// network from scratch. Picking one stores a new experiment and opens the editor.

import { cached, get, post } from '../api.js';
import { h, replace, toast } from '../dom.js';
import { KIND_WORDS } from '../format.js';
import { inferShapes, isAnalog, showShape } from '../shapes.js';

/** The smallest sensible training network: the user grows it in the playground. */
export const SCRATCH = {
  schema_version: 1,
  kind: 'training',
  name: 'My network',
  seed: 1,
  dataset: { name: 'fashion-mnist' },
  network: {
    input_shape: [1, 28, 28],
    layers: [{ type: 'flatten' }, { type: 'analog_linear', out_features: 128 }, { type: 'sigmoid' },
      { type: 'analog_linear', out_features: 10 }, { type: 'log_softmax' }],
  },
  preset: 'IdealizedPreset',
  training: { epochs: 10, batch_size: 64, loss: 'nll', optimizer: { type: 'analog_sgd', lr: 0.05 } },
};

export function networkSummary(network) {
  const layers = network?.layers || [];
  const shapes = inferShapes(network?.input_shape, layers);
  const weighted = layers.filter((l) => /linear|conv/.test(l.type));
  const analog = weighted.filter((l) => isAnalog(l.type)).length;
  const out = shapes.length ? shapes[shapes.length - 1].output : null;
  return `${layers.length} layers, ${weighted.length} with weights (${analog} analog, ${weighted.length - analog} digital); `
    + `${showShape(network?.input_shape)} → ${showShape(out)}`;
}

export async function galleryView(main, ctx) {
  // The dataset catalogue is not cached: a dataset installed while the page is open shows up on the next visit.
  const [templates, catalogue, datasetList] = await Promise.all([cached('/api/v1/templates'), cached('/api/v1/catalogue'),
    get('/api/v1/datasets').catch(() => ({ items: [] }))]);
  const weights = new Map((catalogue.weight_templates || []).map((w) => [w.id, w]));
  const datasets = new Map((datasetList.items || []).map((d) => [d.name, d]));
  let shown = ctx.params.get('kind') || 'training';

  const create = async (body, button) => {
    button.disabled = true;
    try {
      const experiment = await post('/api/v1/experiments', body);
      ctx.go(`/experiments/${experiment.id}`);
    } catch (e) {
      button.disabled = false;
      toast(e.plain, 'error');
    }
  };

  const grid = h('div', { class: 'gallery', id: 'templates' });
  const card = (t) => {
    const d = t.document;
    const use = h('button', { type: 'button', class: 'primary', 'aria-label': `Use template ${t.title}` }, 'Use this template');
    use.addEventListener('click', () => create({ template: t.id }, use));
    const weight = d.inference?.weight_template ? weights.get(d.inference.weight_template) : null;
    // A template whose dataset this server lacks would be refused when run: say so here, with what to do.
    const data = datasets.get(d.dataset?.name);
    const missing = data && !data.available;
    return h('article', { class: `card template${missing ? ' unavailable' : ''}`, dataset: { template: t.id, available: String(!missing) } },
      h('h3', {}, t.title, missing ? h('span', { class: 'badge unavailable' }, ' dataset not installed') : null),
      h('p', {}, t.description),
      missing ? h('p', { class: 'unavailable-reason', role: 'note' }, `Cannot run here yet: ${data.reason}`) : null,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Dataset'), h('dd', {}, data ? `${data.title}${missing ? ' (not installed)' : ''}` : (d.dataset?.name || '—')),
        h('dt', {}, 'Network'), h('dd', {}, networkSummary(d.network)),
        h('dt', {}, 'Preset'), h('dd', {}, d.preset || 'defaults'),
        d.training ? [h('dt', {}, 'Training'), h('dd', {}, `${d.training.epochs ?? 30} epochs, batch ${d.training.batch_size ?? 64}, ${d.training.optimizer?.type || 'analog_sgd'} lr ${d.training.optimizer?.lr ?? 0.05}`)] : null,
        weight ? [h('dt', {}, 'Weights'), h('dd', {}, weight.description)] : null,
        // only what the catalogue states (measured on the full test set); no number is shown where it has none
        typeof weight?.reference_accuracy === 'number' ? [h('dt', {}, 'Reference accuracy'),
          h('dd', { class: 'reference-accuracy' }, `${(weight.reference_accuracy * 100).toFixed(1)} % on the ${weight.dataset || d.dataset?.name} test set, without analog noise`)] : null,
        d.inference?.t_inference ? [h('dt', {}, 'Times'), h('dd', {}, `${d.inference.t_inference.length} times, ${d.inference.repetitions ?? 10} repetitions`)] : null),
      h('div', { class: 'actions' }, use));
  };

  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Kind of experiment' });
  const render = () => {
    tabs.replaceChildren(...['training', 'inference'].map((kind) => h('button', {
      type: 'button', role: 'tab', id: `tab-${kind}`, 'aria-selected': String(kind === shown), 'aria-controls': 'templates',
      onclick: () => { shown = kind; render(); },
    }, kind === 'training' ? 'Training' : 'Inference')));
    grid.setAttribute('aria-labelledby', `tab-${shown}`);
    grid.replaceChildren(...templates.filter((t) => (t.document.kind === 'training') === (shown === 'training')).map(card));
    if (shown === 'training') {
      const scratch = h('button', { type: 'button' }, 'Start from scratch');
      scratch.addEventListener('click', () => create({ name: SCRATCH.name, document: SCRATCH }, scratch));
      grid.append(h('article', { class: 'card template scratch' },
        h('h3', {}, 'From scratch'),
        h('p', {}, 'A small analog network on Fashion-MNIST to build on: add, remove and resize layers, then pick a device preset.'),
        h('div', { class: 'actions' }, scratch)));
    }
  };
  tabs.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      shown = shown === 'training' ? 'inference' : 'training';
      render();
      tabs.querySelector('[aria-selected="true"]').focus();
    }
  });
  render();
  replace(main, h('h1', {}, 'New experiment'),
    h('p', { class: 'muted' }, `${KIND_WORDS.training}: train a network in memory on simulated devices. ${KIND_WORDS.inference}: program trained weights on PCM-like devices and watch accuracy drift over time.`),
    tabs, grid);
  return null;
}
