// Template gallery (the tutorial's first step, Fig. 12/14/17): training and inference templates with their
// network summary and, where the catalogue states one, the reference accuracy of their pre-trained weights; or a
// network from scratch. Picking one stores a new experiment and opens the editor.

import { cached, get, post } from '../api.js';
import { breakable, dialog, h, replace, toast } from '../dom.js';
import { KIND_WORDS } from '../format.js';
import { chipDevices, chipName, firmwareWords, liveChip } from './chip-status.js';
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

  // Nothing is stored before the user has named the experiment (a template's title is only the suggestion).
  const create = async (body, button, suggested) => {
    const input = h('input', { id: 'new-experiment-name', value: suggested, required: true, maxlength: 200, 'aria-describedby': 'new-experiment-name-help' });
    const answer = await dialog({
      title: 'Name your experiment',
      body: h('div', { class: 'field' }, h('label', { for: 'new-experiment-name' }, 'Experiment name'), input,
        h('small', { class: 'help', id: 'new-experiment-name-help' }, 'Shown in your list of experiments; up to 200 characters. You can rename it later.')),
      actions: [{ label: 'Cancel', value: 'cancel' }, { label: 'Create experiment', value: 'ok', class: 'primary' }],
    });
    if (answer !== 'ok') {
      button.focus();
      return;
    }
    const name = input.value.trim() || suggested;
    button.disabled = true;
    try {
      const experiment = await post('/api/v1/experiments', body.document ? { ...body, name, document: { ...body.document, name } } : { ...body, name });
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
    use.addEventListener('click', () => create({ template: t.id }, use, t.title));
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
        h('dt', {}, 'Preset'), h('dd', {}, d.preset ? breakable(d.preset) : 'defaults'),
        d.training ? [h('dt', {}, 'Training'), h('dd', {}, `${d.training.epochs ?? 30} epochs, batch ${d.training.batch_size ?? 64}, ${d.training.optimizer?.type || 'analog_sgd'} lr ${d.training.optimizer?.lr ?? 0.05}`)] : null,
        weight ? [h('dt', {}, 'Weights'), h('dd', {}, weight.description)] : null,
        // only what the catalogue states (measured on the full test set); no number is shown where it has none
        typeof weight?.reference_accuracy === 'number' ? [h('dt', {}, 'Reference accuracy'),
          h('dd', { class: 'reference-accuracy' }, `${(weight.reference_accuracy * 100).toFixed(1)} % on the ${weight.dataset || d.dataset?.name} test set, without analog noise`)] : null,
        d.inference?.t_inference ? [h('dt', {}, 'Times'), h('dd', {}, `${d.inference.t_inference.length} times, ${d.inference.repetitions ?? 10} repetitions`)] : null),
      h('div', { class: 'actions' }, use));
  };

  const TABS = [['training', 'Training'], ['inference', 'Inference'], ['hardware_inference', 'Hardware (PCM chip)']];
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Kind of experiment' });
  if (!TABS.some(([k]) => k === shown)) shown = 'training';
  const render = () => {
    tabs.replaceChildren(...TABS.map(([kind, title]) => h('button', {
      type: 'button', role: 'tab', id: `tab-${kind}`, 'aria-selected': String(kind === shown), 'aria-controls': 'templates',
      tabindex: kind === shown ? '0' : '-1', onclick: () => { shown = kind; render(); },
    }, title)));
    grid.setAttribute('aria-labelledby', `tab-${shown}`);
    grid.replaceChildren(...templates.filter((t) => (t.document.kind || 'training') === shown).map(card));
    if (shown === 'training') {
      const scratch = h('button', { type: 'button' }, 'Start from scratch');
      scratch.addEventListener('click', () => create({ document: SCRATCH }, scratch, SCRATCH.name));
      grid.append(h('article', { class: 'card template scratch' },
        h('h3', {}, 'From scratch'),
        h('p', {}, 'A small analog network on Fashion-MNIST to build on: add, remove and resize layers, then pick a device preset.'),
        h('div', { class: 'actions' }, scratch)));
    }
    if (shown === 'hardware_inference') {
      // Your own model's conductances (AIHWKit fusion_export): the chip is programmed with the file as it is.
      const base = templates.find((t) => t.document.kind === 'hardware_inference');
      if (base) {
        const own = h('button', { type: 'button', id: 'bring-your-own' }, 'Bring your own Fusion CSV');
        const doc = structuredClone(base.document);
        delete doc.inference.weight_template;
        doc.name = 'My conductances on the PCM chip';
        own.addEventListener('click', () => create({ document: doc }, own, doc.name));
        grid.append(h('article', { class: 'card template scratch', dataset: { template: 'own-conductances' } },
          h('h3', {}, 'Your own conductances'),
          h('p', {}, 'Program the conductances of your own model, exported with AIHWKit’s fusion_export as a Fusion CSV, on the chip and read them back. Upload the file in the setup’s Inference tab; the run returns the programmed conductances.'),
          h('div', { class: 'actions' }, own)));
      }
    }
    chipNote.hidden = shown !== 'hardware_inference';
  };
  // What the chip is and whether a worker drives it now (GET /api/v1/backends), before anything is created.
  const chipNote = h('p', { class: 'notice', id: 'chip-status', role: 'status' }, 'Checking the chip…');
  const hw = (catalogue.backends || []).find((b) => b.backend === 'hardware');
  get('/api/v1/backends').then((answer) => {
    const live = (answer.backends || []).find((b) => b.backend === 'hardware');
    // the chip's own identity and size once its worker reported them, else the catalogue's Fusion chip
    const c = liveChip(live);
    const size = c?.chip_id
      ? `${chipDevices(c).toLocaleString()} PCM devices, one per analog weight: ${c.word_lines} word lines × ${c.bit_lines} bit lines`
      : hw?.chip_rows ? `${(hw.chip_rows * hw.chip_columns).toLocaleString()} PCM devices, one per analog weight: ${hw.chip_rows} word lines × ${hw.chip_columns} bit lines` : 'a PCM chip';
    const workers = `${live?.workers} hardware worker${live?.workers === 1 ? '' : 's'} live`;
    chipNote.textContent = !live?.live
      ? `The chip has ${size}. No hardware worker is live right now: experiments can be designed and saved, and their runs wait for a worker.`
      : c?.chip_id && c.online ? `The chip is ready: ${chipName(c)}, ${firmwareWords(c)}, ${size}. ${workers}.`
        : `The chip has ${size}. ${workers}, but the chip does not answer${c?.detail ? ` (${c.detail})` : ''}: runs wait for it.`;
    chipNote.dataset.live = String(Boolean(live?.live && c?.online));
  }).catch(() => { chipNote.textContent = 'Whether the chip is live could not be read.'; });
  tabs.addEventListener('keydown', (e) => {
    const i = TABS.findIndex(([k]) => k === shown);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      shown = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
      render();
      tabs.querySelector('[aria-selected="true"]').focus();
    }
  });
  render();
  replace(main, h('h1', {}, 'New experiment'),
    h('p', { class: 'muted' }, `${KIND_WORDS.training}: train a network in memory on simulated devices. ${KIND_WORDS.inference}: program trained weights on simulated PCM-like devices and watch accuracy drift over time. ${KIND_WORDS.hardware_inference}: program them on the PCM chip itself.`),
    tabs, chipNote, grid);
  return null;
}
