// JSON pointers (RFC 6901) into the experiment document: the validator names every error by pointer, and the
// editor names every field by the pointer it edits, so errors land next to their field.

export function parse(pointer) {
  if (pointer === '' || pointer === '/') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function format(tokens) {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function getAt(doc, pointer) {
  let node = doc;
  for (const t of parse(pointer)) {
    if (node == null || typeof node !== 'object') return undefined;
    node = node[t];
  }
  return node;
}

/** Sets a value, creating the objects on the way. */
export function setAt(doc, pointer, value) {
  const tokens = parse(pointer);
  let node = doc;
  tokens.slice(0, -1).forEach((t) => {
    if (node[t] == null || typeof node[t] !== 'object') node[t] = {};
    node = node[t];
  });
  node[tokens[tokens.length - 1]] = value;
  return doc;
}

/**
 * Removes a value so the default (or the preset's value) applies again; objects left empty by the removal are
 * removed too, so the document keeps only what the user chose.
 */
export function removeAt(doc, pointer) {
  const tokens = parse(pointer);
  const path = [];
  let node = doc;
  for (const t of tokens.slice(0, -1)) {
    if (node == null || typeof node !== 'object') return doc;
    path.push([node, t]);
    node = node[t];
  }
  if (node == null || typeof node !== 'object') return doc;
  delete node[tokens[tokens.length - 1]];
  for (let i = path.length - 1; i >= 0; i--) {
    const [parent, key] = path[i];
    const child = parent[key];
    if (child && typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length === 0) {
      delete parent[key];
    } else {
      break;
    }
  }
  return doc;
}

/**
 * Where each error is shown: at the deepest pointer the page has a place for (the field itself, else its
 * layer or section), and the rest in the summary.
 * @param errors [{pointer, message, allowed}]
 * @param places a Set of pointers that have a place on the page
 * @returns {placed: Map<pointer, errors[]>, unplaced: errors[]}
 */
export function placeErrors(errors, places) {
  const placed = new Map();
  const unplaced = [];
  for (const error of errors) {
    let tokens = parse(error.pointer || '');
    let target = null;
    while (tokens.length > 0) {
      const p = format(tokens);
      if (places.has(p)) {
        target = p;
        break;
      }
      tokens = tokens.slice(0, -1);
    }
    if (target == null) {
      unplaced.push(error);
    } else {
      if (!placed.has(target)) placed.set(target, []);
      placed.get(target).push(error);
    }
  }
  return { placed, unplaced };
}
