// Home: the user's experiments (search, filters, sorting, pages; open, clone, rename, tag, delete) and recent runs,
// whose status chips follow the runs live. Filters and sorting live in the address (#/?kind=…&sort=…), so a
// reload or a shared link shows the same list.

import { cached, del, get, patch, post, query } from '../api.js';
import { breakable, debounce, dialog, h, replace, toast, truncated } from '../dom.js';
import { KIND_WORDS, TERMINAL, dateTime } from '../format.js';
import { followMany } from '../live.js';
import { chip, setChip } from './chips.js';

const STATUSES = ['waiting', 'validating', 'validated', 'running', 'completed', 'failed', 'cancelled'];

export async function homeView(main, ctx) {
  const FILTERS = ['name', 'kind', 'status', 'tag', 'preset', 'dataset'];
  const filters = Object.fromEntries(FILTERS.map((k) => [k, ctx.params.get(k) || '']));
  const SORTS = [['created:desc', 'Newest first'], ['created:asc', 'Oldest first'], ['updated:desc', 'Recently changed'],
    ['name:asc', 'Name (A–Z)'], ['name:desc', 'Name (Z–A)'], ['status:asc', 'Last run status']];
  let sort = SORTS.some(([v]) => v === ctx.params.get('sort')) ? ctx.params.get('sort') : 'created:desc';
  const [presets, catalogue] = await Promise.all([cached('/api/v1/presets'), cached('/api/v1/catalogue')]);
  const experimentNames = new Map();
  let stopLive = () => {};

  const expBody = h('tbody');
  const expTable = h('table', { class: 'list', id: 'experiments' },
    h('caption', { class: 'sr-only' }, 'Your experiments'),
    h('thead', {}, h('tr', {}, ['Name', 'Kind', 'Tags', 'Preset', 'Dataset', 'Last run', 'Updated', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
    expBody);
  const expEmpty = h('p', { class: 'empty', hidden: true });
  const more = h('button', { type: 'button', hidden: true }, 'Show more');
  const runsBody = h('tbody');
  const runsTable = h('table', { class: 'list', id: 'runs' },
    h('caption', { class: 'sr-only' }, 'Recent runs'),
    h('thead', {}, h('tr', {}, ['Run', 'Experiment', 'Status', 'Backend', 'Submitted', 'Finished'].map((t) => h('th', { scope: 'col' }, t)))),
    runsBody);
  const runsEmpty = h('p', { class: 'empty', hidden: true }, 'No runs yet. Open an experiment and press “Save and run”.');

  const select = (id, labelText, options, key) => {
    const el = h('select', { id }, h('option', { value: '' }, 'Any'), options.map(([v, t]) => h('option', { value: v }, t)));
    el.value = filters[key];
    el.addEventListener('change', () => { filters[key] = el.value; loadExperiments(); });
    return h('div', { class: 'field inline' }, h('label', { for: id }, labelText), el);
  };
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Part of a name', autocomplete: 'off', value: filters.name });
  const tagInput = h('input', { id: 'tag-filter', type: 'text', placeholder: 'e.g. pcm', autocomplete: 'off', value: filters.tag });
  const sortSelect = h('select', { id: 'sort' }, SORTS.map(([v, t]) => h('option', { value: v }, t)));
  sortSelect.value = sort;
  sortSelect.addEventListener('change', () => { sort = sortSelect.value; loadExperiments(); });
  const datasetNames = (catalogue.datasets || []).map((d) => (typeof d === 'string' ? d : d.name));
  const reload = debounce(() => loadExperiments(), 300);
  search.addEventListener('input', () => { filters.name = search.value.trim(); reload(); });
  tagInput.addEventListener('input', () => { filters.tag = tagInput.value.trim(); reload(); });

  replace(main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Your experiments'),
      h('a', { class: 'button primary', href: '#/new' }, 'New experiment')),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field inline' }, h('label', { for: 'search' }, 'Search'), search),
      select('kind-filter', 'Kind', Object.entries(KIND_WORDS), 'kind'),
      select('status-filter', 'Last run', STATUSES.map((s) => [s, s]), 'status'),
      h('div', { class: 'field inline' }, h('label', { for: 'tag-filter' }, 'Tag'), tagInput),
      select('preset-filter', 'Preset', presets.map((p) => [p.name, p.name]), 'preset'),
      select('dataset-filter', 'Dataset', datasetNames.map((d) => [d, d]), 'dataset'),
      h('div', { class: 'field inline' }, h('label', { for: 'sort' }, 'Sort'), sortSelect)),
    h('div', { class: 'table-wrap' }, expTable), expEmpty, more,
    h('h2', {}, 'Recent runs'),
    h('div', { class: 'table-wrap' }, runsTable), runsEmpty);

  function tagsCell(tags) {
    return h('td', { class: 'tags' }, (tags || []).map((t) => h('span', { class: 'tag' }, t)));
  }

  function experimentRow(e) {
    experimentNames.set(e.id, e.name);
    // A long name is cut with an ellipsis (whole name in the tooltip), so one name cannot widen the table.
    const open = truncated('a', { href: `#/experiments/${e.id}`, class: 'name' }, e.name || 'Untitled experiment');
    const row = h('tr', { dataset: { id: e.id } },
      h('th', { scope: 'row' }, open),
      h('td', {}, KIND_WORDS[e.kind] || e.kind),
      tagsCell(e.tags),
      h('td', { class: 'preset' }, e.preset ? breakable(e.preset) : '—'),
      h('td', { class: 'dataset' }, e.dataset || '—'),
      h('td', {}, chip(e.last_run_status)),
      h('td', {}, dateTime(e.updated_at)),
      h('td', { class: 'actions' },
        h('button', { type: 'button', onclick: () => cloneExperiment(e), 'aria-label': `Clone ${e.name}` }, 'Clone'),
        h('button', { type: 'button', onclick: () => rename(e), 'aria-label': `Rename ${e.name}` }, 'Rename'),
        h('button', { type: 'button', onclick: () => editTags(e), 'aria-label': `Tags of ${e.name}` }, 'Tags'),
        h('button', { type: 'button', class: 'danger', onclick: () => remove(e), 'aria-label': `Delete ${e.name}` }, 'Delete')));
    return row;
  }

  let cursor = null;
  let generation = 0;
  async function loadExperiments(append = false) {
    const mine = ++generation;
    const [sortKey, order] = sort.split(':');
    // The list's state in the address, without a new history entry per keystroke; only while the address is still
    // the home page's (a user who already clicked elsewhere must not be sent back here).
    const stillHome = (location.hash.replace(/^#/, '').split('?')[0] || '/') === '/';
    if (!append && stillHome) {
      const state = query({ ...filters, sort: sort === 'created:desc' ? null : sort });
      history.replaceState(null, '', `#/${state}`);
    }
    const page = await get(`/api/v1/experiments${query({ ...filters, sort: sortKey, order, cursor: append ? cursor : null, limit: 20 })}`);
    if (mine !== generation) return; // a newer search answered first
    if (!append) expBody.replaceChildren();
    page.items.forEach((e) => expBody.append(experimentRow(e)));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    const none = expBody.children.length === 0;
    expTable.hidden = none;
    expEmpty.hidden = !none;
    const filtered = Object.values(filters).some(Boolean);
    replace(expEmpty, filtered ? 'No experiment matches these filters.'
      : ['You have no experiments yet. ', h('a', { href: '#/new' }, 'Start from a template'), '.']);
  }
  more.addEventListener('click', () => loadExperiments(true).catch(showError));

  async function loadRuns() {
    const page = await get('/api/v1/runs?limit=15');
    runsBody.replaceChildren();
    for (const r of page.items) {
      runsBody.append(h('tr', { dataset: { id: r.id } },
        h('th', { scope: 'row' }, h('a', { href: `#/runs/${r.id}` }, r.id.slice(0, 8))),
        h('td', {}, truncated('a', { href: `#/experiments/${r.experiment_id}`, class: 'name' }, experimentNames.get(r.experiment_id) || r.experiment_id.slice(0, 8))),
        h('td', {}, chip(r.status)),
        h('td', {}, r.backend || r.requested_backend || 'auto'),
        h('td', {}, dateTime(r.created_at)),
        h('td', {}, dateTime(r.finished_at))));
    }
    runsTable.hidden = page.items.length === 0;
    runsEmpty.hidden = page.items.length > 0;
    stopLive();
    const active = page.items.filter((r) => !TERMINAL.has(r.status));
    stopLive = followMany(active.map((r) => r.id), {
      status: (id, data) => {
        const runChip = runsBody.querySelector(`tr[data-id="${id}"] .chip`);
        if (runChip) setChip(runChip, data.status);
        // The experiment's chip is its newest run's status, which an older run's news must not overwrite: the
        // server keeps it, so it is read again (once per experiment and burst of events).
        const run = active.find((r) => r.id === id);
        if (run) refreshExperimentChip(run.experiment_id);
        // A run that ended has a finish time (and may free a stream for another run): re-read the list.
        if (TERMINAL.has(data.status)) refreshRuns();
      },
    });
  }
  const chipRefreshers = new Map();
  function refreshExperimentChip(experimentId) {
    if (!chipRefreshers.has(experimentId)) {
      chipRefreshers.set(experimentId, debounce(async () => {
        const e = await get(`/api/v1/experiments/${experimentId}`).catch(() => null);
        const expChip = e && expBody.querySelector(`tr[data-id="${experimentId}"] .chip`);
        if (expChip) setChip(expChip, e.last_run_status);
      }, 300));
    }
    chipRefreshers.get(experimentId)();
  }
  const refreshRuns = debounce(() => loadRuns().catch(() => {}), 500);

  const showError = (e) => toast(e.plain || String(e), 'error');

  async function cloneExperiment(e) {
    try {
      const copy = await post(`/api/v1/experiments/${e.id}/clone`);
      toast(`Cloned as “${copy.name}”.`);
      await loadExperiments();
    } catch (err) {
      showError(err);
    }
  }

  async function rename(e) {
    const input = h('input', { id: 'rename-input', value: e.name || '', required: true, maxlength: 200 });
    const answer = await dialog({
      title: 'Rename experiment',
      body: h('div', { class: 'field' }, h('label', { for: 'rename-input' }, 'New name'), input),
      actions: [{ label: 'Cancel', value: 'cancel' }, { label: 'Rename', value: 'ok', class: 'primary' }],
    });
    if (answer !== 'ok') return;
    try {
      await patch(`/api/v1/experiments/${e.id}`, { name: input.value.trim() });
      await loadExperiments();
    } catch (err) {
      showError(err);
    }
  }

  async function editTags(e) {
    const input = h('input', { id: 'tags-input', value: (e.tags || []).join(', '), 'aria-describedby': 'tags-help' });
    const answer = await dialog({
      title: `Tags of “${e.name}”`,
      body: h('div', { class: 'field' }, h('label', { for: 'tags-input' }, 'Tags'), input,
        h('small', { class: 'help', id: 'tags-help' }, 'Separate tags with commas, e.g. pcm, lenet.')),
      actions: [{ label: 'Cancel', value: 'cancel' }, { label: 'Save tags', value: 'ok', class: 'primary' }],
    });
    if (answer !== 'ok') return;
    const tags = [...new Set(input.value.split(',').map((t) => t.trim()).filter(Boolean))];
    try {
      await patch(`/api/v1/experiments/${e.id}`, { tags });
      await loadExperiments();
    } catch (err) {
      showError(err);
    }
  }

  async function remove(e) {
    const answer = await dialog({
      title: 'Delete experiment?',
      body: h('p', {}, `“${e.name}” and its runs will be deleted. This cannot be undone.`),
      actions: [{ label: 'Keep it', value: 'cancel' }, { label: 'Delete', value: 'ok', class: 'danger' }],
    });
    if (answer !== 'ok') return;
    try {
      await del(`/api/v1/experiments/${e.id}`);
      toast(`Deleted “${e.name}”.`);
      await loadExperiments();
    } catch (err) {
      showError(err);
    }
  }

  await loadExperiments();
  await loadRuns();
  return () => {
    refreshRuns.cancel();
    chipRefreshers.forEach((fn) => fn.cancel());
    stopLive();
  };
}
