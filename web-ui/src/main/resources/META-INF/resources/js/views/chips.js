// The run status chip used on every screen.
import { h } from '../dom.js';
import { statusWord } from '../format.js';

export function chip(status) {
  return h('span', { class: `chip chip-${status || 'none'}`, dataset: { status: status || '' } }, statusWord(status));
}

/** Updates a chip in place (keeps its position in tables and the focus). */
export function setChip(el, status) {
  el.className = `chip chip-${status || 'none'}`;
  el.dataset.status = status || '';
  el.textContent = statusWord(status);
}
