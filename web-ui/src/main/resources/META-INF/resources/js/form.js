// Form fields generated from the schema: one labelled control per field with its help text (description,
// range, default) and a place for the validator's error. An empty control means "not set": the default, or
// the preset's value, applies — so the document keeps only what the user chose.

import { h, uid } from './dom.js';
import { getAt } from './pointer.js';
import { defaultText, label, rangeText } from './schema.js';

/**
 * A single field.
 * @param ctx {schema, doc, onChange(pointer, valueOrUndefined), onRetype(pointer)}
 * @param prop the field's schema
 * @param opts {pointer, name, type (of the enclosing tagged object), required, labelText}
 */
export function field(ctx, prop, opts) {
  const { pointer, name } = opts;
  const id = uid('f');
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const value = getAt(ctx.doc, pointer);
  const dflt = ctx.schema.defaultOf(prop, opts.type);
  const shownDefault = opts.defaultText ?? defaultText(dflt);
  // A field with one allowed value says so ("Always 1."), not "Range 1 to 1.".
  const fixed = prop.minimum != null && prop.minimum === prop.maximum;
  const helpParts = [prop.description, fixed ? `Always ${prop.minimum}.` : rangeText(prop) && `Range ${rangeText(prop)}.`,
    shownDefault != null && !fixed && `Default ${shownDefault}.`].filter(Boolean);
  const described = `${helpId} ${errId}`;
  const localError = h('p', { class: 'field-error', id: errId, hidden: true });
  const setLocal = (message) => {
    localError.hidden = !message;
    localError.textContent = message || '';
  };
  const change = (v) => ctx.onChange(pointer, v);
  let control;

  if (Array.isArray(prop.enum)) {
    control = h('select', { id, 'aria-describedby': described, required: opts.required || null },
      opts.required ? null : h('option', { value: '' }, shownDefault != null ? `Default (${shownDefault})` : '— not set —'),
      prop.enum.map((v) => h('option', { value: v, selected: v === value }, prop['x-labels']?.[v] ?? v)));
    if (opts.required && value === undefined) control.value = '';
    control.addEventListener('change', () => change(control.value === '' ? undefined : control.value));
  } else if (prop.type === 'boolean') {
    control = h('select', { id, 'aria-describedby': described },
      h('option', { value: '' }, `Default (${shownDefault === 'true' ? 'yes' : 'no'})`),
      h('option', { value: 'true', selected: value === true }, 'Yes'),
      h('option', { value: 'false', selected: value === false }, 'No'));
    control.addEventListener('change', () => change(control.value === '' ? undefined : control.value === 'true'));
  } else if (prop.type === 'number' || prop.type === 'integer') {
    control = h('input', {
      id, type: 'number', 'aria-describedby': described, inputmode: prop.type === 'integer' ? 'numeric' : 'decimal',
      step: prop.type === 'integer' ? '1' : 'any', placeholder: shownDefault ?? '', value: value ?? '',
      required: opts.required || null,
    });
    control.addEventListener('input', () => {
      if (control.value === '') {
        // An empty box is "unset", except while the browser holds text it cannot read as a number.
        if (control.validity.badInput) return setLocal('Type a number.');
        setLocal(null);
        return change(undefined);
      }
      setLocal(null);
      return change(Number(control.value));
    });
  } else if (prop.type === 'array' && ['number', 'integer'].includes(prop.items?.type)) {
    control = h('input', {
      id, type: 'text', 'aria-describedby': described, placeholder: shownDefault ?? '',
      value: Array.isArray(value) ? value.join(', ') : '',
    });
    control.addEventListener('input', () => {
      const text = control.value.trim();
      if (text === '') {
        setLocal(null);
        return change(undefined);
      }
      const numbers = text.split(/[\s,;]+/).filter(Boolean).map(Number);
      if (numbers.some((n) => !Number.isFinite(n))) return setLocal('Numbers separated by commas, e.g. 1, 60, 3600.');
      setLocal(null);
      return change(numbers);
    });
  } else if (prop.type === 'string') {
    control = h('input', { id, type: 'text', 'aria-describedby': described, value: value ?? '', maxlength: prop.maxLength });
    control.addEventListener('input', () => change(control.value === '' ? undefined : control.value));
  } else {
    return null;
  }
  control.name = name;
  control.dataset.pointer = pointer;
  return h('div', { class: 'field', dataset: { pointer, field: name } },
    h('label', { for: id }, opts.labelText || label(name), opts.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    helpParts.length ? h('small', { class: 'help', id: helpId }, helpParts.join(' ')) : h('small', { id: helpId, hidden: true }),
    localError,
    h('p', { class: 'field-error server', hidden: true, 'aria-live': 'polite' }));
}

/**
 * The fields of one object of the schema (e.g. IOParameters at /rpu_config/forward). Tagged objects (with a
 * `type` enum and per-type fields) get a type picker; changing it replaces the object, as the format says.
 * Nested objects become collapsible sections.
 * @param opts {def, pointer, title, only, exclude, open, depth}
 */
export function objectSection(ctx, opts) {
  const { def, pointer } = opts;
  const section = h('details', { class: 'section', open: opts.open || null, dataset: { pointer } });
  const render = () => {
    section.replaceChildren();
    section.append(h('summary', {}, opts.title || label(pointer.split('/').pop())));
    const props = ctx.schema.properties(def);
    const value = getAt(ctx.doc, pointer) || {};
    const tagged = Array.isArray(props.type?.enum) && Array.isArray(ctx.schema.defs[def]?.allOf);
    const type = value.type ?? ctx.schema.defaultOf(props.type);
    let names = ctx.schema.fieldsFor(def, tagged ? type : null);
    if (opts.only) names = opts.only.filter((n) => names.includes(n));
    if (opts.exclude) names = names.filter((n) => !opts.exclude.includes(n));
    const body = h('div', { class: 'fields' });
    const nested = [];
    for (const name of names) {
      const prop = props[name];
      const p = `${pointer}/${name}`;
      if (name === 'type' && tagged) {
        const f = field({ ...ctx, onChange: (ptr, v) => ctx.onRetype(pointer, v) }, prop, { pointer: p, name, type });
        body.append(f);
        continue;
      }
      const ref = ctx.schema.refDef(prop);
      if (ref) {
        if ((opts.depth || 0) < 2) nested.push(objectSection(ctx, { def: ref, pointer: p, title: label(name), depth: (opts.depth || 0) + 1 }));
        continue;
      }
      const f = field(ctx, prop, { pointer: p, name, type });
      if (f) body.append(f);
    }
    section.append(body, ...nested);
  };
  section.rerender = render;
  render();
  return section;
}
