// Datasets (GET /api/v1/datasets): the server's built-in datasets with whether they are installed and, when not,
// why and how to get them; and the user's own uploads (a .npz, a ZIP of IDX files or a CSV of pixels), checked by
// the server on upload (errors name the array, line or field), with delete.

import { del, get, query, upload } from '../api.js';
import { h, replace, toast } from '../dom.js';
import { dateTime } from '../format.js';

const shape = (d) => (Array.isArray(d.input_shape) ? d.input_shape.join('×') : 'any (follows the network)');
const size = (bytes) => (bytes ? `${(bytes / 1e6).toFixed(1)} MB` : '—');

export async function datasetsView(main) {
  const table = h('table', { class: 'datasets', id: 'datasets' });
  const error = h('p', { class: 'field-error', id: 'dataset-upload-error', role: 'alert', hidden: true });
  const input = h('input', { type: 'file', id: 'dataset-upload-input', accept: '.npz,.zip,.csv,application/zip,text/csv', 'aria-describedby': 'dataset-upload-error dataset-upload-help' });
  const name = h('input', { type: 'text', id: 'dataset-upload-name', maxlength: '200', placeholder: 'name (default: the file name)' });
  const shapeInput = h('input', { type: 'text', id: 'dataset-upload-shape', placeholder: 'C,H,W (CSV only)' });

  const render = async () => {
    const list = (await get('/api/v1/datasets')).items || [];
    table.replaceChildren(
      h('thead', {}, h('tr', {}, ['Dataset', 'Available', 'Images', 'Classes', 'Train / test', 'Size', 'Where', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map((d) => {
        const remove = d.kind === 'uploaded' ? h('button', { type: 'button', class: 'link', 'aria-label': `Delete ${d.title}` }, 'Delete') : null;
        remove?.addEventListener('click', async () => {
          try {
            await del(`/api/v1/datasets/${encodeURIComponent(d.name)}`);
            toast(`Deleted ${d.title}`);
            render();
          } catch (e) {
            toast(e.plain, 'error');
          }
        });
        return h('tr', { dataset: { dataset: d.name, available: String(d.available) } },
          h('th', { scope: 'row' }, d.title, h('br'), h('code', {}, d.name)),
          h('td', { class: d.available ? 'ok' : 'unavailable-reason' }, d.available ? 'yes' : `no — ${d.reason}`),
          h('td', {}, shape(d)),
          h('td', {}, d.classes ?? '—'),
          h('td', {}, d.train_samples != null ? `${d.train_samples.toLocaleString()} / ${d.test_samples.toLocaleString()}` : '—'),
          h('td', {}, size(d.size_bytes)),
          h('td', {}, d.location || '—'),
          h('td', {}, remove));
      })));
  };

  const send = h('button', { type: 'button', class: 'primary', id: 'dataset-upload' }, 'Upload');
  send.addEventListener('click', async () => {
    const file = input.files && input.files[0];
    if (!file) {
      error.textContent = 'Choose a file first.';
      error.hidden = false;
      return;
    }
    error.hidden = true;
    send.disabled = true;
    try {
      const params = { name: name.value.trim() || file.name };
      if (shapeInput.value.trim()) params.shape = shapeInput.value.trim();
      const created = await upload(`/api/v1/datasets${query(params)}`, file, 'application/octet-stream');
      toast(`Uploaded ${created.title}: ${shape(created)} images, ${created.classes} classes`);
      input.value = '';
      name.value = '';
      render();
    } catch (e) {
      const where = e.errors?.[0]?.pointer;
      error.textContent = where ? `${e.plain} (at ${where})` : e.plain;
      error.hidden = false;
    } finally {
      send.disabled = false;
    }
  });

  await render();
  replace(main, h('h1', {}, 'Datasets'),
    h('p', { class: 'muted' }, 'The datasets this server has. A template whose dataset is missing is marked in the gallery and refused before it runs, with what to install.'),
    table,
    h('h2', {}, 'Upload a dataset of your own'),
    h('p', { class: 'muted' }, 'Uploads are checked and kept in your account; naming one in an experiment is not possible yet.'),
    h('p', { class: 'help', id: 'dataset-upload-help' }, 'A NumPy .npz with x_train, y_train, x_test and y_test; a ZIP of the four MNIST-style IDX files; or a CSV with a header, a label column, one column per pixel and optionally a split column (train/test; else the last 20 % of rows are the test set). Pixels 0..255 or in [0, 1]; labels 0, 1, 2, …'),
    h('div', { class: 'fields' },
      h('label', { for: 'dataset-upload-input' }, 'File'), input,
      h('label', { for: 'dataset-upload-name' }, 'Name'), name,
      h('label', { for: 'dataset-upload-shape' }, 'Image shape'), shapeInput),
    h('div', { class: 'actions' }, send), error);
  return null;
}
