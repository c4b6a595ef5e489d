// A tiny element builder. Text children become text nodes, so names and messages typed by users are never
// parsed as HTML (no innerHTML anywhere in the UI).

/**
 * h('button', {class: 'primary', onclick: fn}, 'Save') → <button class="primary">Save</button>.
 * Attributes whose value is null, undefined or false are left out; `true` gives an empty attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'indeterminate') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * A CamelCase or snake_case name with line-break opportunities between its words (<wbr>), so a narrow column
 * breaks "WebComposerInferenceRPUConfig" as WebComposer|Inference|RPUConfig, never mid-word.
 */
export function breakable(text) {
  const parts = String(text ?? '').split(/(?<=[a-z0-9])(?=[A-Z])|(?<=_)/);
  return parts.flatMap((p, i) => (i ? [document.createElement('wbr'), p] : [p]));
}

/** Text cut to one line with an ellipsis; the whole text is the tooltip (and what screen readers say). */
export function truncated(tag, attrs, text) {
  const cls = attrs?.class ? `${attrs.class} truncate` : 'truncate';
  return h(tag, { ...attrs, class: cls, title: text }, text);
}

let idCounter = 0;
/** A fresh id for label/input and aria-describedby pairs. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Calls fn at most once per `ms` of quiet: used to validate while the user types. */
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** Announces a short message to screen readers and shows it as a toast. */
export function toast(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  region.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * A modal dialog built on <dialog> (focus trapping and Escape come from the browser). Resolves with the
 * value of the button pressed, or null when dismissed.
 */
export function dialog({ title, body, actions }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const form = h('form', { method: 'dialog' },
      h('h2', { id: titleId }, title),
      body,
      h('div', { class: 'dialog-actions' },
        // Enter submits with the first submit button, so "cancel" is a plain button: Enter means the action.
        actions.map((a) => (a.value === 'cancel'
          ? h('button', { type: 'button', class: a.class || '', onclick: () => dlg.close('cancel') }, a.label)
          : h('button', { value: a.value, class: a.class || '', type: 'submit' }, a.label)))));
    const dlg = h('dialog', { 'aria-labelledby': titleId }, form);
    document.body.append(dlg);
    dlg.addEventListener('close', () => {
      const value = dlg.returnValue && dlg.returnValue !== 'cancel' ? dlg.returnValue : null;
      dlg.remove();
      resolve(value);
    });
    dlg.showModal();
    const first = dlg.querySelector('input, select, textarea');
    if (first) first.focus();
  });
}

/** Removes the toasts of one kind (e.g. an error the user has since put right). */
export function clearToasts(kind) {
  document.querySelectorAll(`#toasts .toast-${kind}`).forEach((t) => t.remove());
}
