// The playground (tutorial Fig. 13–15, 17–18): the network in the middle as layers with their shapes, tabs
// for training hyper-parameters, the analog configuration (preset or every RPUConfig field, with help from
// the schema), inference device/noise/drift settings and the data; every edit is validated by the server's
// validator and its errors are shown at the fields they concern. "Save" and "Save and run".

import { cached, get, patch, post, query, upload } from '../api.js';
import { append, breakable, clearToasts, debounce, h, replace, toast, uid } from '../dom.js';
import { field, objectSection } from '../form.js';
import { KIND_WORDS, TERMINAL, bitsToRes, dateTime, resToBits } from '../format.js';
import { getAt, placeErrors, removeAt, setAt } from '../pointer.js';
import { Schema, label } from '../schema.js';
import { ANALOG_TWIN, inferShapes, isAnalog, showShape, weightCount } from '../shapes.js';
import { chip } from './chips.js';
import { chipDevices, chipLine, chipName, crossbarWords, liveChip } from './chip-status.js';
import { driftPreview } from './previews.js';
import { launchSweep } from './sweep.js';
import { estimatePanel } from './estimate.js';

const HEADINGS = { training: 'Training playground', inference: 'Inference setup', hardware_inference: 'Hardware inference setup' };

/** Fields shown on a layer's card; the rest are in its settings panel. */
const CARD_FIELDS = {
  linear: ['out_features'], analog_linear: ['out_features'],
  conv1d: ['out_channels', 'kernel_size', 'stride', 'padding'], analog_conv1d: ['out_channels', 'kernel_size', 'stride', 'padding'],
  conv2d: ['out_channels', 'kernel_size', 'stride', 'padding'], analog_conv2d: ['out_channels', 'kernel_size', 'stride', 'padding'],
  conv_transpose2d: ['out_channels', 'kernel_size', 'stride', 'padding'],
  max_pool2d: ['kernel_size', 'stride'], avg_pool2d: ['kernel_size', 'stride'],
  dropout: ['p'], leaky_relu: ['negative_slope'],
};

/** The MVM non-idealities of Fig. 18, first among the forward pass's IOParameters. */
const MVM_FIELDS = ['out_noise', 'w_noise', 'w_noise_type', 'ir_drop', 'inp_bound', 'out_bound', 'bound_management',
  'noise_management', 'out_nonlinearity', 'inp_res', 'out_res'];

/**
 * The schema with the dataset chooser's choices: the catalogue's names (the schema allows them or user:<id>) and the
 * user's uploaded datasets, shown by their titles. The cached schema itself is left as it is.
 */
function withDatasetChoices(json, items) {
  const def = json.$defs?.Dataset;
  const prop = def?.properties?.name;
  if (!prop) return json;
  const names = [...(prop.enum || prop.anyOf?.find((b) => Array.isArray(b.enum))?.enum || [])];
  const labels = {};
  for (const d of items.filter((x) => x.kind === 'uploaded')) {
    names.push(d.name);
    labels[d.name] = `${d.title} (uploaded, ${(d.input_shape || []).join('×')}, ${d.classes} classes)`;
  }
  const name = { ...prop, enum: names, 'x-labels': labels };
  return { ...json, $defs: { ...json.$defs, Dataset: { ...def, properties: { ...def.properties, name } } } };
}

export async function editorView(main, ctx, id) {
  const [experiment, schemaJson, catalogue, presets, datasetItems] = await Promise.all([
    get(`/api/v1/experiments/${id}`), cached('/api/v1/schema'), cached('/api/v1/catalogue'), cached('/api/v1/presets'),
    get('/api/v1/datasets').then((r) => r.items || [], () => null)]);
  const schema = new Schema(withDatasetChoices(schemaJson, datasetItems || []));
  const doc = structuredClone(experiment.document);
  let name = experiment.name || doc.name || '';
  let dirty = false;
  let docView = null; // the Document tab, kept in step with the form (see documentPanel)
  let result = null; // last validation answer
  let selected = null; // index of the layer whose settings are open
  const kind = doc.kind || 'training';
  const training = kind === 'training';

  const fctx = { schema, doc, onChange, onRetype };

  // ---- header ----------------------------------------------------------------------------------------------
  const nameInput = h('input', { id: 'experiment-name', value: name, required: true, maxlength: 200, 'aria-describedby': 'name-help' });
  nameInput.addEventListener('input', () => {
    name = nameInput.value;
    if (name.trim()) doc.name = name.trim();
    changed('/name');
  });
  const dirtyMark = h('span', { class: 'dirty', id: 'dirty', hidden: true }, 'Unsaved changes');
  const validity = h('p', { class: 'validity', id: 'validity', role: 'status', 'aria-live': 'polite' }, 'Checking…');
  const backendSelect = h('select', { id: 'backend' },
    h('option', { value: 'auto' }, 'Automatic'),
    (catalogue.backends || []).filter((b) => (b.kinds || []).includes(kind))
      .map((b) => h('option', { value: b.backend, title: b.description }, b.backend.toUpperCase())));
  if (doc.backend) backendSelect.value = doc.backend;
  const saveButton = h('button', { type: 'button', id: 'save' }, 'Save');
  const runButton = h('button', { type: 'button', class: 'primary', id: 'save-and-run' }, 'Save and run');
  const sweepButton = h('button', { type: 'button', id: 'sweep' }, 'Sweep…');
  const problems = h('section', { class: 'problems', id: 'problems', hidden: true, 'aria-labelledby': 'problems-title', tabindex: '-1' });

  // ---- tabs ------------------------------------------------------------------------------------------------
  const tabs = [];
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Settings' });
  const panels = h('div', { class: 'panels' });
  function addTab(key, title, build) {
    const tabId = `tab-${key}`;
    const panelId = `panel-${key}`;
    const tab = h('button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'aria-selected': 'false', tabindex: '-1' }, title);
    const panel = h('div', { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, hidden: true, class: 'panel' });
    panel.build = () => replace(panel, build());
    panel.build();
    tab.addEventListener('click', () => selectTab(key));
    tabs.push({ key, tab, panel });
    tablist.append(tab);
    panels.append(panel);
  }
  function selectTab(key, focus = false) {
    for (const t of tabs) {
      const on = t.key === key;
      t.tab.setAttribute('aria-selected', String(on));
      t.tab.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
      if (on && t.key === 'document') docView?.sync();
      if (on && focus) t.tab.focus();
    }
  }
  tablist.addEventListener('keydown', (e) => {
    const i = tabs.findIndex((t) => t.tab === document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') selectTab(tabs[(i + 1) % tabs.length].key, true);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') selectTab(tabs[(i - 1 + tabs.length) % tabs.length].key, true);
    else return;
    e.preventDefault();
  });

  const section = (def, pointer, title, opts = {}) => objectSection(fctx, { def, pointer, title, open: true, ...opts });
  // The drift graph of Fig. 18, redrawn from the resolved settings after each validation.
  const drift = training ? null : driftPreview();
  function updateDrift() {
    if (!drift) return;
    const rpu = result?.resolved?.rpu_config || doc.rpu_config || {};
    drift.update({ noise_model: rpu.noise_model || { type: 'pcm_like' }, drift_compensation: rpu.drift_compensation?.type || 'none' });
  }

  // The chip of a hardware experiment: which chip the live hardware worker drives (its own identity, from the
  // worker's announcements), whether it answers now, and how much of it this network takes (one device per analog
  // weight, as the validator counts them). Also one line beside the backend choice, where a run is launched.
  const chipPanel = h('section', { class: 'chip-panel', id: 'chip-panel', 'aria-label': 'PCM chip' });
  const backendChip = h('p', { class: 'backend-chip', id: 'backend-chip', role: 'status', hidden: kind !== 'hardware_inference' });
  const hardwareInfo = (catalogue.backends || []).find((b) => b.backend === 'hardware');
  let hardwareLive = null;
  function refreshChip() {
    if (kind !== 'hardware_inference') return;
    const found = liveChip(hardwareLive);
    const known = found?.chip_id ? found : null;
    // the chip's own size once a worker reported it, else the catalogue's (the Fusion chip's)
    const devices = known ? chipDevices(known) : (hardwareInfo?.chip_rows || 0) * (hardwareInfo?.chip_columns || 0);
    const layers = doc.network?.layers || [];
    const shapes = inferShapes(doc.network?.input_shape, layers);
    const used = layers.reduce((sum, l, i) => sum + (isAnalog(l.type) ? weightCount(l, shapes[i]?.input) || 0 : 0), 0);
    const workers = hardwareLive?.live
      ? `${hardwareLive.workers} hardware worker${hardwareLive.workers === 1 ? '' : 's'} live, ${hardwareLive.busy} of ${hardwareLive.capacity} busy` : '';
    backendChip.textContent = chipLine(hardwareLive);
    backendChip.dataset.online = String(Boolean(hardwareLive?.live && found?.online));
    replace(chipPanel, h('h3', {}, 'PCM chip'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Chip'), h('dd', { id: 'chip-identity' }, known ? chipName(known)
          : hardwareLive?.live ? 'not reached yet by the hardware worker' : hardwareLive ? 'No hardware worker is live: a run waits for one.' : 'Checking…'),
        known ? [h('dt', {}, known.emulated ? 'Emulator' : 'Firmware'), h('dd', { id: 'chip-firmware' }, known.firmware_version || 'unknown'),
          h('dt', {}, 'Crossbar'), h('dd', { id: 'chip-crossbar' }, crossbarWords(known))] : null,
        h('dt', {}, 'Status'), h('dd', { id: 'chip-online', dataset: { online: String(Boolean(hardwareLive?.live && found?.online)) } },
          !hardwareLive ? 'Checking…'
            : !hardwareLive.live ? 'offline: no hardware worker is live'
              : found?.online ? `online${found.detail ? ` (${found.detail})` : ''} — ${workers}`
                : `offline${found?.detail ? ` (${found.detail})` : ''} — ${workers}`),
        h('dt', {}, 'Capacity'), h('dd', { id: 'chip-capacity' }, devices
          ? `${devices.toLocaleString()} devices (${known ? `${known.word_lines} word lines × ${known.bit_lines} bit lines` : `${hardwareInfo.chip_rows} word lines × ${hardwareInfo.chip_columns} bit lines`})` : '—'),
        h('dt', {}, 'This network'), h('dd', { id: 'chip-usage', dataset: { over: String(devices > 0 && used > devices) } },
          devices ? `${used.toLocaleString()} analog weights: ${(100 * used / devices).toFixed(1)} % of the chip${used > devices ? ' — too large for the chip' : ''}` : `${used.toLocaleString()} analog weights`)));
  }
  let liveBackends = [];
  function readBackends() {
    return get('/api/v1/backends').then((answer) => {
      liveBackends = answer.backends || [];
      hardwareLive = liveBackends.find((b) => b.backend === 'hardware') || { live: false };
      refreshChip();
      // The backend list says which backends have a worker now.
      for (const option of backendSelect.options) {
        const b = liveBackends.find((x) => x.backend === option.value);
        if (b) option.textContent = `${option.value.toUpperCase()}${b.live ? '' : ' (no worker now)'}`;
      }
    }).catch(() => {});
  }
  readBackends();
  // a chip (or its worker) that goes away or comes back shows while the page is open
  const backendsTimer = kind === 'hardware_inference' ? setInterval(readBackends, 10000) : null;

  // Whether this server has the chosen dataset, before a run (the validator refuses a run without it).
  const datasetNote = h('p', { class: 'dataset-status', id: 'dataset-status', role: 'status' });
  let datasetList = datasetItems;
  async function refreshDataset() {
    try {
      datasetList = datasetList || (await get('/api/v1/datasets')).items || [];
    } catch {
      datasetNote.textContent = '';
      return;
    }
    const d = datasetList.find((x) => x.name === doc.dataset?.name);
    datasetNote.dataset.state = d ? (d.available ? 'available' : 'unavailable') : '';
    if (!d) datasetNote.textContent = '';
    else if (!d.available) datasetNote.textContent = `${d.title} is not available on this server. ${d.reason}`;
    else if (d.location === 'generated') datasetNote.textContent = `${d.title}: generated from the seed, always available.`;
    else if (d.kind === 'uploaded') datasetNote.textContent = `${d.title}: your upload, ${(d.input_shape || []).join('×')} images in ${d.classes} classes (${(d.train_samples ?? 0).toLocaleString()} training and ${(d.test_samples ?? 0).toLocaleString()} test); it travels with each run.`;
    else datasetNote.textContent = `${d.title}: installed (${(d.train_samples ?? 0).toLocaleString()} training and ${(d.test_samples ?? 0).toLocaleString()} test images, ${(d.size_bytes / 1e6).toFixed(1)} MB in ${d.location}).`;
  }
  refreshDataset();

  if (training) {
    addTab('training', 'Training', () => [
      section('Training', '/training', 'Training hyper-parameters', { exclude: ['optimizer', 'lr_schedule'] }),
      section('Optimizer', '/training/optimizer', 'Optimizer and learning rate'),
      section('LrSchedule', '/training/lr_schedule', 'Learning-rate schedule', { open: false }),
    ]);
  } else {
    addTab('inference', 'Inference', () => [
      weightTemplateHelp(),
      kind === 'hardware_inference' ? chipPanel : null,
      kind === 'hardware_inference' ? conductancePanel() : null,
      section('Inference', '/inference', 'Times and repetitions', { exclude: ['target_conductances'] }),
      kind === 'hardware_inference' ? h('p', { class: 'help' }, 'Each repetition programs the chip anew and reads it back at every time: the mean and spread are over these programmings.') : null,
    ]);
    // Train, then program and watch the drift: without pre-trained weights the network is trained first with
    // these settings (epochs, learning rate …), which the run page shows epoch by epoch.
    addTab('training', 'Training', () => [
      h('p', { class: 'muted', id: 'training-when' }, getAt(doc, '/inference/weight_template')
        ? 'Pre-trained weights are chosen in the Inference tab, so these settings are not used; remove the weights there to train first.'
        : 'No pre-trained weights are chosen: the network is trained first with these settings, then programmed.'),
      section('Training', '/training', 'Training hyper-parameters', { exclude: ['optimizer', 'lr_schedule'] }),
      section('Optimizer', '/training/optimizer', 'Optimizer and learning rate'),
      section('LrSchedule', '/training/lr_schedule', 'Learning-rate schedule', { open: false }),
    ]);
    addTab('device', 'Device & noise', () => [
      section('NoiseModel', '/rpu_config/noise_model', 'Device (noise and drift model)', { exclude: ['g_converter'] }),
      section('DriftCompensation', '/rpu_config/drift_compensation', 'Drift compensation'),
      drift.element,
      converters(),
      section('IOParameters', '/rpu_config/forward', 'MVM non-idealities (forward pass)', { only: MVM_FIELDS }),
    ]);
  }
  addTab('analog', training ? 'Analog' : 'Analog (all)', () => analogPanel());
  addTab('data', 'Data', () => [
    h('div', { class: 'fields' },
      field(fctx, schema.prop('Network', 'input_shape'), { pointer: '/network/input_shape', name: 'input_shape', labelText: 'Input shape' }),
      field(fctx, schema.prop('ExperimentSpec', 'seed'), { pointer: '/seed', name: 'seed' })),
    section('Dataset', '/dataset', 'Dataset'),
    datasetNote,
  ]);
  addTab('document', 'Document', () => documentPanel());
  selectTab(tabs[0].key);

  // ---- analog configuration --------------------------------------------------------------------------------
  function presetPicker(pointer, forKind) {
    const current = getAt(doc, pointer);
    const wanted = presets.filter((p) => (p.kinds || []).includes(forKind));
    const families = [...new Set(wanted.map((p) => p.family))];
    const selectId = uid('preset');
    const about = h('p', { class: 'help', id: `${selectId}-about` });
    const details = h('div', { class: 'preset-settings' });
    const select = h('select', { id: selectId, 'aria-describedby': `${selectId}-about`, dataset: { pointer } },
      h('option', { value: '' }, '— none (built-in defaults) —'),
      families.map((f) => h('optgroup', { label: label(f) },
        wanted.filter((p) => p.family === f).map((p) => h('option', { value: p.name, selected: p.name === current }, p.name)))));
    const describe = () => {
      const p = presets.find((x) => x.name === select.value);
      about.textContent = p ? p.description : 'No preset: the configuration is the built-in defaults plus the fields below.';
      details.replaceChildren();
      if (p) {
        details.append(h('details', {}, h('summary', {}, `What ${p.name} sets`),
          h('dl', { class: 'settings' }, flatten(p.rpu_config).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))));
      }
    };
    select.addEventListener('change', () => {
      onChange(pointer, select.value || undefined);
      describe();
    });
    describe();
    return h('div', { class: 'field', dataset: { pointer } },
      h('label', { for: selectId }, 'Analog device preset'), select, about,
      h('p', { class: 'field-error server', hidden: true }), details);
  }

  function analogPanel() {
    const rpu = schema.properties('RPUConfig');
    const parts = [presetPicker('/preset', kind),
      h('p', { class: 'muted' }, 'Fields left empty take the preset’s value (or the default shown). Fields you set override the preset.'),
      h('div', { class: 'fields' }, field(fctx, rpu.type, { pointer: '/rpu_config/type', name: 'type', labelText: 'Configuration type' }))];
    for (const [fieldName, prop] of Object.entries(rpu)) {
      const ref = schema.refDef(prop);
      if (!ref) continue;
      const applies = prop['x-applies-to'];
      const rpuType = getAt(doc, '/rpu_config/type');
      if (rpuType && applies && !applies.includes(rpuType)) continue;
      parts.push(section(ref, `/rpu_config/${fieldName}`, label(fieldName), { open: false }));
    }
    return parts;
  }

  function weightTemplateHelp() {
    const wt = getAt(doc, '/inference/weight_template');
    const info = (catalogue.weight_templates || []).find((w) => w.id === wt);
    return h('p', { class: 'muted' }, info
      ? `Pre-trained weights: ${info.description}`
      : 'No pre-trained weights chosen: the network is trained first with the training settings of the document.');
  }

  // "Bring your own conductances" (tutorial Sec. VI.4): a Fusion CSV exported with AIHWKit's fusion_export is
  // uploaded, chosen here, and programmed on the chip as it is; the run returns the programmed file.
  function conductancePanel() {
    const pointer = '/inference/target_conductances';
    const select = h('select', { id: 'conductance-file-select', dataset: { pointer } },
      h('option', { value: '' }, '— none: program the trained or template weights —'));
    const about = h('p', { class: 'help', id: 'conductance-file-about' });
    const error = h('p', { class: 'field-error', id: 'conductance-file-error', role: 'alert', hidden: true });
    const input = h('input', { type: 'file', id: 'conductance-file-input', accept: '.csv,text/csv', 'aria-describedby': 'conductance-file-error' });
    let files = [];
    const describe = () => {
      const f = files.find((x) => x.id === select.value);
      about.textContent = f
        ? `${f.name}: ${f.total_values.toLocaleString()} conductances in ${f.layers.length} layers (${f.layers
          .map((l) => `${l.name} ${l.height}×${l.width}`).join(', ')}). The chip is programmed with them as they are: nothing is trained or evaluated; download the programmed file from the run.`
        : 'Upload a Fusion CSV of target conductances (AIHWKit fusion_export) to program your own model’s conductances on the chip.';
    };
    const fill = (chosen) => {
      select.replaceChildren(select.firstChild, ...files.map((f) => h('option', { value: f.id, selected: f.id === chosen }, `${f.name} (${f.total_values.toLocaleString()} values)`)));
      select.value = chosen || '';
      describe();
    };
    get('/api/v1/conductance-files').then((list) => {
      files = list.items || [];
      fill(getAt(doc, pointer));
    }).catch((e) => { error.textContent = e.plain; error.hidden = false; });
    select.addEventListener('change', () => {
      onChange(pointer, select.value || undefined);
      describe();
    });
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      error.hidden = true;
      try {
        const created = await upload(`/api/v1/conductance-files${query({ name: file.name })}`, file, 'text/csv');
        files = [created, ...files];
        fill(created.id);
        onChange(pointer, created.id);
        toast(`Uploaded ${created.name}: ${created.total_values.toLocaleString()} conductances`);
      } catch (e) {
        error.textContent = e.plain;
        error.hidden = false;
      }
      input.value = '';
    });
    return h('div', { class: 'field conductances', dataset: { pointer } },
      h('label', { for: 'conductance-file-select' }, 'Target conductances (bring your own)'), select, about,
      h('label', { for: 'conductance-file-input' }, 'Upload a Fusion CSV'), input, error,
      h('p', { class: 'field-error server', hidden: true }));
  }

  // DAC/ADC resolution in bits, written as AIHWKit's inp_res/out_res.
  function converters() {
    const make = (resField, title) => {
      const pointer = `/rpu_config/forward/${resField}`;
      const inputId = uid('bits');
      const current = getAt(doc, pointer);
      const input = h('input', { id: inputId, type: 'number', min: 2, max: 16, step: 1, value: current > 0 ? resToBits(current) ?? '' : '', placeholder: 'preset' });
      input.addEventListener('input', () => {
        const bits = Number(input.value);
        const value = input.value === '' ? undefined : Number.isInteger(bits) && bits >= 2 ? bitsToRes(bits) : undefined;
        onChange(pointer, value);
        document.querySelectorAll(`input[data-pointer="${pointer}"]`).forEach((el) => { el.value = value ?? ''; });
      });
      return h('div', { class: 'field' }, h('label', { for: inputId }, title), input,
        h('small', { class: 'help' }, `Sets ${resField} = 1 / (2^bits − 2); the web preset uses ${resField === 'inp_res' ? '7' : '9'} bits.`));
    };
    return h('div', { class: 'fields converters' }, make('inp_res', 'DAC resolution (bits)'), make('out_res', 'ADC resolution (bits)'));
  }

  // The Document tab and the form are one state: the text follows every form edit, except while the user has
  // typed in it and not applied yet (then it says so, and "Discard" brings the form's state back).
  function documentPanel() {
    const area = h('textarea', { id: 'document-json', rows: 24, spellcheck: 'false', 'aria-describedby': 'document-help document-error document-state' });
    let edited = false;
    const state = h('p', { class: 'help', id: 'document-state', role: 'status' });
    const error = h('p', { class: 'field-error', id: 'document-error', hidden: true });
    const apply = h('button', { type: 'button', id: 'apply-document' }, 'Apply document');
    const discard = h('button', { type: 'button', id: 'discard-document', hidden: true }, 'Discard my JSON edits');
    const sync = (force = false) => {
      if (edited && !force) {
        state.textContent = 'You have edited this text and not applied it: Apply replaces the form with it, Discard shows the form’s current state.';
        return;
      }
      edited = false;
      area.value = JSON.stringify(doc, null, 2);
      state.textContent = dirty ? 'Shows your unsaved changes.' : 'Shows the saved experiment.';
      discard.hidden = true;
      error.hidden = true;
    };
    area.addEventListener('input', () => {
      edited = true;
      discard.hidden = false;
      sync();
    });
    discard.addEventListener('click', () => sync(true));
    apply.addEventListener('click', async () => {
      let parsed;
      try {
        parsed = JSON.parse(area.value);
      } catch (e) {
        error.textContent = `Not valid JSON: ${e.message}`;
        error.hidden = false;
        return;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        error.textContent = 'The document must be a JSON object.';
        error.hidden = false;
        return;
      }
      if (parsed.kind !== kind) {
        // Another kind has other tabs: the experiment is saved with the new document and opened again.
        const known = Object.keys(HEADINGS);
        if (!known.includes(parsed.kind)) {
          error.textContent = `"kind" must be one of ${known.join(', ')}.`;
          error.hidden = false;
          return;
        }
        if (!window.confirm(`Change this experiment from ${KIND_WORDS[kind] || kind} to ${KIND_WORDS[parsed.kind]}? It is saved and opened again.`)) return;
        try {
          await patch(`/api/v1/experiments/${id}`, { name: (name || parsed.name || '').trim() || undefined, document: parsed });
          dirty = false;
          ctx.go(`/experiments/${id}`);
        } catch (e) {
          error.textContent = `Not saved: ${e.plain}`;
          error.hidden = false;
        }
        return;
      }
      error.hidden = true;
      edited = false;
      Object.keys(doc).forEach((k) => delete doc[k]);
      Object.assign(doc, parsed);
      rebuildAll();
      changed('/network');
      toast('Document applied.');
    });
    const panel = h('div', {},
      h('label', { for: 'document-json' }, 'Experiment document (JSON)'),
      h('p', { class: 'help', id: 'document-help' }, 'The whole experiment as JSON, in the format scripts and the aimc command line use: the same state as the form, unsaved changes included. Edit it here for settings the forms do not show, then apply.'),
      state, area, error, h('div', { class: 'actions' }, apply, discard));
    docView = { sync };
    sync(true);
    return panel;
  }

  // ---- network ---------------------------------------------------------------------------------------------
  const layersList = h('ol', { class: 'layers', id: 'layers', 'aria-label': 'Layers' });
  const inputLine = h('p', { class: 'input-shape' });
  const addType = h('select', { id: 'add-layer-type', 'aria-label': 'Type of the new layer' },
    schema.types('Layer').map((t) => h('option', { value: t, selected: t === 'analog_linear' }, t)));
  const addButton = h('button', { type: 'button', id: 'add-layer' }, 'Add layer');
  addButton.addEventListener('click', () => {
    const layers = doc.network.layers;
    const at = selected == null ? layers.length : selected + 1;
    layers.splice(at, 0, newLayer(addType.value, layers, at));
    selected = at;
    renderLayers();
    changed('/network/layers');
    layersList.children[at]?.querySelector('select, input')?.focus();
  });
  const settings = h('aside', { class: 'layer-settings', id: 'layer-settings', 'aria-live': 'polite' });

  function newLayer(type, layers, at) {
    const layer = { type };
    for (const req of schema.requiredFor('Layer', type)) {
      if (req === 'out_features') layer.out_features = 10;
      if (req === 'out_channels') layer.out_channels = 16;
      if (req === 'kernel_size') layer.kernel_size = /pool/.test(type) ? 2 : 3;
    }
    void layers;
    void at;
    return layer;
  }

  function renderLayers() {
    if (!doc.network) doc.network = { layers: [] };
    if (!Array.isArray(doc.network.layers)) doc.network.layers = [];
    const layers = doc.network.layers;
    if (selected != null && selected >= layers.length) selected = layers.length ? layers.length - 1 : null;
    layersList.replaceChildren(...layers.map((layer, i) => layerCard(layer, i, layers.length)));
    refreshShapes();
    renderSettings();
  }

  function layerCard(layer, i, count) {
    const pointer = `/network/layers/${i}`;
    const typeSelect = h('select', { 'aria-label': `Type of layer ${i + 1}`, dataset: { pointer: `${pointer}/type` }, class: 'layer-type' },
      schema.types('Layer').map((t) => h('option', { value: t, selected: t === layer.type }, t)));
    typeSelect.addEventListener('change', () => retypeLayer(i, typeSelect.value));
    const twin = ANALOG_TWIN[layer.type];
    const analogId = uid('analog');
    const analogSwitch = twin ? h('span', { class: 'switch' },
      h('input', { type: 'checkbox', id: analogId, checked: isAnalog(layer.type), onchange: () => retypeLayer(i, twin, true) }),
      h('label', { for: analogId }, 'Analog')) : null;
    const fields = (CARD_FIELDS[layer.type] || []).filter((f) => schema.fieldsFor('Layer', layer.type).includes(f))
      .map((f) => field(fctx, schema.prop('Layer', f), {
        pointer: `${pointer}/${f}`, name: f, type: layer.type,
        // A pooling window moves by its own size unless told otherwise (PyTorch, and the validator's shapes).
        defaultText: f === 'stride' && /pool/.test(layer.type) ? 'kernel size' : undefined,
        required: schema.requiredFor('Layer', layer.type).includes(f),
      }));
    const tool = (text, title, fn, disabled) => h('button', { type: 'button', class: 'tool', 'aria-label': `${title} (layer ${i + 1})`, title, disabled: disabled || null, onclick: fn }, text);
    const card = h('li', {
      class: `layer ${isAnalog(layer.type) ? 'analog' : ''} ${selected === i ? 'selected' : ''}`,
      dataset: { pointer, index: String(i) }, 'aria-current': selected === i ? 'true' : null,
    },
      h('div', { class: 'layer-head' }, h('span', { class: 'index', 'aria-hidden': 'true' }, String(i + 1)), typeSelect, analogSwitch),
      fields.length ? h('div', { class: 'layer-fields' }, fields) : null,
      h('p', { class: 'layer-shape', dataset: { shape: String(i) } }),
      isAnalog(layer.type) ? h('p', { class: 'layer-preset', dataset: { presetOf: String(i) } }, presetLine(layer)) : null,
      h('p', { class: 'layer-errors', hidden: true }),
      h('div', { class: 'layer-tools' },
        tool('Settings', 'Open settings', () => { selected = i; renderLayers(); settings.querySelector('input, select')?.focus(); }),
        tool('↑', 'Move up', () => moveLayer(i, -1), i === 0),
        tool('↓', 'Move down', () => moveLayer(i, 1), i === count - 1),
        tool('✕', 'Remove', () => removeLayer(i))));
    return card;
  }

  /** Which analog configuration a layer uses: its own preset or settings, else the experiment's. */
  function presetLine(layer) {
    if (layer.preset) return ['Preset ', h('strong', {}, breakable(layer.preset)), ' (this layer)', layer.rpu_config ? ' + own settings' : ''];
    const global = doc.preset;
    return [global ? ['Preset ', breakable(global)] : 'No preset', ' (experiment)', layer.rpu_config ? ' + own settings' : ''];
  }

  function refreshPresets() {
    const layers = doc.network?.layers || [];
    layersList.querySelectorAll('[data-preset-of]').forEach((el) => {
      const layer = layers[Number(el.dataset.presetOf)];
      if (layer) replace(el, presetLine(layer));
    });
    const note = main.querySelector('#training-when');
    if (note) {
      note.textContent = getAt(doc, '/inference/weight_template')
        ? 'Pre-trained weights are chosen in the Inference tab, so these settings are not used; remove the weights there to train first.'
        : 'No pre-trained weights are chosen: the network is trained first with these settings, then programmed.';
    }
  }

  function retypeLayer(i, type, keepFocusOnSwitch = false) {
    const old = doc.network.layers[i];
    const allowed = new Set(schema.fieldsFor('Layer', type));
    const layer = { type };
    for (const [k, v] of Object.entries(old)) if (k !== 'type' && allowed.has(k)) layer[k] = v;
    Object.assign(layer, Object.fromEntries(Object.entries(newLayer(type)).filter(([k]) => !(k in layer))));
    doc.network.layers[i] = layer;
    renderLayers();
    changed('/network/layers');
    const card = layersList.children[i];
    (keepFocusOnSwitch ? card?.querySelector('input[type=checkbox]') : card?.querySelector('.layer-type'))?.focus();
  }

  function moveLayer(i, delta) {
    const layers = doc.network.layers;
    const j = i + delta;
    [layers[i], layers[j]] = [layers[j], layers[i]];
    if (selected === i) selected = j;
    renderLayers();
    changed('/network/layers');
    const button = layersList.children[j]?.querySelector(`button[title="${delta < 0 ? 'Move up' : 'Move down'}"]`);
    (button && !button.disabled ? button : layersList.children[j]?.querySelector('.layer-type'))?.focus();
  }

  function removeLayer(i) {
    doc.network.layers.splice(i, 1);
    if (selected === i) selected = null;
    else if (selected > i) selected -= 1;
    renderLayers();
    changed('/network/layers');
    (layersList.children[Math.min(i, layersList.children.length - 1)]?.querySelector('.layer-type') || addButton).focus();
  }

  function refreshShapes() {
    const layers = doc.network?.layers || [];
    const shapes = inferShapes(doc.network?.input_shape, layers);
    inputLine.textContent = `Input ${showShape(doc.network?.input_shape)} from ${doc.dataset?.name || 'the dataset'}`;
    let total = 0;
    shapes.forEach((s, i) => {
      const el = layersList.querySelector(`[data-shape="${i}"]`);
      const weights = weightCount(layers[i], s.input);
      if (weights) total += weights;
      if (el) el.textContent = `${showShape(s.input)} → ${showShape(s.output)}${weights ? ` · ${weights.toLocaleString()} weights` : ''}`;
    });
    summary.textContent = `${layers.length} layers · ${total.toLocaleString()} weights`;
  }
  const summary = h('p', { class: 'muted', id: 'network-summary' });

  function renderSettings() {
    settings.replaceChildren();
    if (selected == null) {
      settings.append(h('h2', {}, 'Layer settings'), h('p', { class: 'muted' }, 'Choose “Settings” on a layer to see all of its fields.'));
      return;
    }
    const layer = doc.network.layers[selected];
    const pointer = `/network/layers/${selected}`;
    const names = schema.fieldsFor('Layer', layer.type).filter((f) => f !== 'type');
    const required = schema.requiredFor('Layer', layer.type);
    const plain = [];
    let perLayer = null;
    for (const n of names) {
      const prop = schema.prop('Layer', n);
      if (n === 'preset') {
        plain.push(presetPicker(`${pointer}/preset`, kind));
      } else if (schema.refDef(prop)) {
        perLayer = objectSection(fctx, { def: schema.refDef(prop), pointer: `${pointer}/${n}`, title: 'This layer’s RPU configuration (overrides)', depth: 1 });
      } else {
        plain.push(field(fctx, prop, {
          pointer: `${pointer}/${n}`, name: n, type: layer.type, required: required.includes(n),
          defaultText: n === 'stride' && /pool/.test(layer.type) ? 'kernel size' : undefined,
        }));
      }
    }
    // (append skips a missing section; Element.append would write "null")
    append(settings, [h('h2', {}, `Layer ${selected + 1}: ${layer.type}`),
      h('div', { class: 'fields' }, plain.filter(Boolean)), perLayer,
      h('button', { type: 'button', class: 'link', onclick: () => { const back = selected; selected = null; renderLayers(); layersList.children[back]?.querySelector('.layer-type')?.focus(); } }, 'Close settings')]);
    showErrors();
  }

  // ---- changes and validation ------------------------------------------------------------------------------
  function onChange(pointer, value) {
    if (value === undefined) removeAt(doc, pointer);
    else setAt(doc, pointer, value);
    changed(pointer);
  }

  function onRetype(pointer, type) {
    if (type) setAt(doc, pointer, { type });
    else removeAt(doc, pointer);
    document.querySelectorAll(`details.section[data-pointer="${pointer}"]`).forEach((s) => s.rerender?.());
    if (pointer === '/rpu_config') tabs.find((t) => t.key === 'analog')?.panel.build();
    changed(pointer);
    document.querySelector(`select[data-pointer="${pointer}/type"]`)?.focus();
  }

  function changed(pointer) {
    dirty = true;
    dirtyMark.hidden = false;
    docView?.sync();
    if (!pointer || pointer.startsWith('/network') || pointer.startsWith('/dataset')) refreshShapes();
    refreshChip();
    refreshPresets();
    if (!pointer || pointer.startsWith('/dataset')) refreshDataset();
    validity.textContent = 'Checking…';
    validity.dataset.state = 'checking';
    validateSoon();
  }

  let generation = 0;
  async function validate() {
    const mine = ++generation;
    try {
      const answer = await post('/api/v1/validate', doc);
      if (mine !== generation) return;
      result = answer;
    } catch (e) {
      if (mine !== generation) return;
      result = null;
      validity.textContent = `Could not check the experiment: ${e.plain}`;
      validity.dataset.state = 'unknown';
      updateDrift();
      return;
    }
    showErrors();
    updateDrift();
    if (result?.valid) estimate.update(doc);
  }
  const validateSoon = debounce(validate, 350);
  const estimate = estimatePanel();

  /**
   * An empty field shows what applies instead: the value of the resolved document (the chosen preset's, or the
   * size the shapes give), not only the schema's generic default.
   */
  function updatePlaceholders() {
    const resolved = result?.resolved;
    if (!resolved) return;
    main.querySelectorAll('input[data-pointer]').forEach((el) => {
      if (el.dataset.schemaPlaceholder === undefined) el.dataset.schemaPlaceholder = el.placeholder || '';
      // a value the user set is in the box; the placeholder is what clearing it gives (shown after the next check)
      const v = getAt(doc, el.dataset.pointer) === undefined ? getAt(resolved, el.dataset.pointer) : undefined;
      const shown = typeof v === 'number' ? String(Number(v.toPrecision(6)))
        : Array.isArray(v) && v.every((x) => typeof x === 'number') ? v.join(', ')
          : typeof v === 'string' || typeof v === 'boolean' ? String(v) : null;
      el.placeholder = shown ?? el.dataset.schemaPlaceholder;
    });
  }

  function showErrors() {
    if (!result) return;
    main.querySelectorAll('.field-error.server, .layer-errors, .section-errors').forEach((el) => {
      el.hidden = true;
      el.textContent = '';
    });
    main.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
    main.querySelectorAll('.has-error').forEach((el) => el.classList.remove('has-error'));
    const places = new Set([...main.querySelectorAll('.field[data-pointer], .layer[data-pointer], details.section[data-pointer]')].map((el) => el.dataset.pointer));
    const { placed } = placeErrors(result.errors, places);
    for (const [pointer, errors] of placed) {
      const text = errors.map((e) => humanize(e.message) + (e.allowed ? ` (allowed: ${e.allowed})` : '')).join(' ');
      main.querySelectorAll(`[data-pointer="${CSS.escape(pointer)}"]`).forEach((el) => {
        if (el.classList.contains('field')) {
          const box = el.querySelector(':scope > .field-error.server');
          box.textContent = text;
          box.hidden = false;
          el.classList.add('has-error');
          el.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
        } else if (el.classList.contains('layer')) {
          const box = el.querySelector(':scope > .layer-errors');
          box.textContent = text;
          box.hidden = false;
          el.classList.add('has-error');
        } else if (el.matches('details.section')) {
          let box = el.querySelector(':scope > .section-errors');
          if (!box) {
            box = h('p', { class: 'section-errors field-error' });
            el.querySelector(':scope > summary').after(box);
          }
          box.textContent = text;
          box.hidden = false;
          el.classList.add('has-error');
        }
      });
    }
    const n = result.errors.length;
    validity.dataset.state = n ? 'invalid' : 'valid';
    validity.textContent = n
      ? `${n} problem${n === 1 ? '' : 's'} to fix before running`
      : `Valid — runs on ${result.backend ? result.backend.toUpperCase() : 'the chosen backend'}${result.warnings.length ? `, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}` : ''}`;
    renderProblems(placed);
    updatePlaceholders();
  }

  function renderProblems() {
    const { errors, warnings } = result;
    problems.replaceChildren();
    problems.hidden = errors.length === 0 && warnings.length === 0;
    if (problems.hidden) return;
    const item = (issue, kindWord) => h('li', { class: kindWord },
      h('button', { type: 'button', class: 'link', onclick: () => reveal(issue.pointer) }, where(issue.pointer)),
      ': ', humanize(issue.message), issue.allowed ? ` (allowed: ${issue.allowed})` : '');
    problems.append(h('h2', { id: 'problems-title' }, errors.length ? 'Problems' : 'Warnings'),
      h('ul', {}, errors.map((e) => item(e, 'error')), warnings.map((w) => item(w, 'warning'))));
  }

  /** "Layer 3 · Out features" for /network/layers/2/out_features, "Training › Epochs" for /training/epochs. */
  function where(pointer) {
    return pointer ? fieldPath(pointer.slice(1).split('/')) : 'Experiment';
  }

  /** Brings the field of an error into view: its tab, its closed sections, its layer's settings. */
  function reveal(pointer) {
    const m = /^\/network\/layers\/(\d+)\/(.+)$/.exec(pointer || '');
    if (m && !main.querySelector(`.layer .field[data-pointer="${CSS.escape(pointer)}"]`)) {
      selected = Number(m[1]);
      renderLayers();
    }
    const places = new Set([...main.querySelectorAll('.field[data-pointer], .layer[data-pointer], details.section[data-pointer]')].map((el) => el.dataset.pointer));
    const { placed } = placeErrors([{ pointer }], places);
    const target = [...placed.keys()][0];
    if (!target) return;
    const el = main.querySelector(`[data-pointer="${CSS.escape(target)}"]`);
    const panel = el.closest('[role=tabpanel]');
    if (panel) selectTab(tabs.find((t) => t.panel === panel).key);
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    (el.querySelector('input, select, textarea') || el.querySelector('button') || el).focus();
    el.scrollIntoView({ block: 'center' });
  }

  function rebuildAll() {
    tabs.forEach((t) => t.panel.build());
    nameInput.value = doc.name || name;
    renderLayers();
  }

  // ---- saving and running ----------------------------------------------------------------------------------
  async function save() {
    if (!name.trim()) {
      nameInput.focus();
      toast('Give the experiment a name.', 'error');
      return false;
    }
    const body = { name: name.trim(), document: doc };
    try {
      await patch(`/api/v1/experiments/${id}`, body);
      dirty = false;
      dirtyMark.hidden = true;
      clearToasts('error'); // an earlier "give it a name" is answered
      docView?.sync();
      return true;
    } catch (e) {
      if (e.errors?.length) {
        result = { errors: e.errors, warnings: [] };
        showErrors();
      }
      toast(`Not saved: ${e.plain}`, 'error');
      return false;
    }
  }
  saveButton.addEventListener('click', async () => {
    saveButton.disabled = true;
    if (await save()) toast('Saved.');
    saveButton.disabled = false;
  });
  runButton.addEventListener('click', async () => {
    validateSoon.cancel();
    await validate();
    if (result && result.errors.length) {
      toast(`Fix the ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'} before running.`, 'error');
      problems.focus();
      return;
    }
    runButton.disabled = true;
    try {
      if (!(await save())) return;
      const run = await post(`/api/v1/experiments/${id}/runs`, { backend: backendSelect.value });
      ctx.go(`/runs/${run.id}`);
    } catch (e) {
      toast(`Not started: ${e.plain}`, 'error');
    } finally {
      runButton.disabled = false;
    }
  });
  // A grid of runs over one or two numeric fields of this (valid, saved) experiment.
  sweepButton.addEventListener('click', async () => {
    validateSoon.cancel();
    await validate();
    if (result && result.errors.length) {
      toast(`Fix the ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'} before a sweep.`, 'error');
      return;
    }
    if (dirty && !(await save())) return;
    const seen = new Set();
    const fields = [...main.querySelectorAll('input[type=number][data-pointer]')].filter((el) => {
      const p = el.dataset.pointer;
      if (seen.has(p)) return false;
      seen.add(p);
      return true;
    }).map((el) => ({ pointer: el.dataset.pointer, label: (el.labels?.[0]?.textContent || el.name).replace(/\s*\*$/, '') }));
    sweepButton.disabled = true;
    try {
      const launched = await launchSweep({ doc, name: name.trim(), backend: backendSelect.value, fields });
      if (launched) ctx.go(`/sweeps/${launched.tag}?fields=${launched.fields.join(',')}`);
    } finally {
      sweepButton.disabled = false;
    }
  });
  backendSelect.addEventListener('change', () => {
    onChange('/backend', backendSelect.value === 'auto' ? undefined : backendSelect.value);
  });

  const beforeUnload = (e) => {
    if (dirty) e.preventDefault();
  };
  window.addEventListener('beforeunload', beforeUnload);
  ctx.guardLeaving(() => !dirty || window.confirm('Leave without saving? Your changes to this experiment will be lost.'));

  // ---- runs of this experiment -----------------------------------------------------------------------------
  const runsList = h('ul', { class: 'runs-mini', id: 'experiment-runs' });
  get(`/api/v1/experiments/${id}/runs?limit=5`).then((page) => {
    runsList.replaceChildren(...(page.items.length ? page.items.map((r) => h('li', {},
      h('a', { href: `#/runs/${r.id}` }, dateTime(r.created_at)), ' ', chip(r.status),
      TERMINAL.has(r.status) ? null : ' (in progress)')) : [h('li', { class: 'muted' }, 'Not run yet.')]));
  }).catch(() => runsList.replaceChildren(h('li', { class: 'muted' }, 'Runs could not be loaded.')));

  // ---- page ------------------------------------------------------------------------------------------------
  replace(main,
    h('div', { class: 'page-head editor-head' },
      h('div', {}, h('h1', {}, HEADINGS[kind] || 'Experiment'), h('p', { class: 'muted' }, experiment.template_id ? `From template ${experiment.template_id}` : 'Your own design')),
      h('div', { class: 'field name-field' }, h('label', { for: 'experiment-name' }, 'Experiment name'), nameInput,
        h('small', { class: 'help', id: 'name-help' }, 'Shown in your list of experiments; up to 200 characters.')),
      h('div', { class: 'run-controls' }, dirtyMark, saveButton,
        h('label', { for: 'backend', class: 'sr-only' }, 'Backend'), backendSelect, runButton, sweepButton, backendChip)),
    validity, problems,
    h('div', { class: 'playground' },
      h('section', { class: 'side', 'aria-label': 'Experiment settings' }, tablist, panels),
      h('section', { class: 'network', 'aria-labelledby': 'network-title' },
        h('h2', { id: 'network-title' }, 'Network'), inputLine, summary, layersList,
        h('div', { class: 'add-layer' }, h('label', { for: 'add-layer-type' }, 'New layer'), addType, addButton),
        h('h2', {}, 'Chip estimate'), estimate.element,
        h('h2', {}, 'Runs'), runsList),
      settings));
  renderLayers();
  refreshChip();
  validate();
  return () => {
    validateSoon.cancel();
    if (backendsTimer) clearInterval(backendsTimer);
    drift?.destroy();
    window.removeEventListener('beforeunload', beforeUnload);
  };
}

/** Field names as the form labels them: ["network", "layers", "2", "out_features"] → "Layer 3 · Out features". */
export function fieldPath(tokens) {
  if (tokens[0] === 'network' && tokens[1] === 'layers' && /^\d+$/.test(tokens[2] || '')) {
    const rest = tokens.slice(3);
    return `Layer ${Number(tokens[2]) + 1}${rest.length ? ` · ${fieldPath(rest)}` : ''}`;
  }
  return tokens.map((t) => (/^\d+$/.test(t) ? `#${Number(t) + 1}` : label(t))).join(' › ');
}

/** The validator quotes fields as JSON paths ('training.epochs' is 0): the editor names them as its labels do. */
export function humanize(message) {
  return String(message || '').replace(/'([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)'/g, (m, path) => `“${fieldPath(path.split('.'))}”`);
}

/** A preset's settings as "forward.out_noise = 0.1" lines for its documentation. */
function flatten(value, prefix = '') {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [[prefix, Array.isArray(value) ? value.join(', ') : String(value)]];
  }
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
