// Reads the experiment format's JSON Schema (/api/v1/schema): descriptions, defaults, ranges and which fields
// a tagged object (layer, device, noise model) has for its `type`. The same registry drives the validator, so
// the help texts and limits shown here are the ones the server enforces.

export class Schema {
  constructor(json) {
    this.json = json;
    this.defs = json.$defs || {};
  }

  /** The definition named by a property's $ref, or null. */
  refDef(prop) {
    if (!prop || !prop.$ref) return null;
    return prop.$ref.replace('#/$defs/', '');
  }

  properties(defName) {
    return this.defs[defName]?.properties || {};
  }

  prop(defName, field) {
    return this.properties(defName)[field] || null;
  }

  /** The allowed values of a def's `type` field. */
  types(defName) {
    return this.prop(defName, 'type')?.enum || [];
  }

  /**
   * Fields an object of this def has when its `type` is `type`, in schema order. Tagged defs say so with
   * if/then entries; untagged ones have all their properties.
   */
  fieldsFor(defName, type) {
    const def = this.defs[defName];
    if (!def) return [];
    const all = Object.keys(def.properties || {});
    if (type && Array.isArray(def.allOf)) {
      const branch = def.allOf.find((b) => b.if?.properties?.type?.const === type);
      if (branch?.then?.properties) {
        const allowed = new Set(Object.keys(branch.then.properties));
        return all.filter((f) => allowed.has(f));
      }
    }
    return all;
  }

  /** Fields a tagged object must have for its type (besides `type`). */
  requiredFor(defName, type) {
    const def = this.defs[defName];
    const branch = def?.allOf?.find((b) => b.if?.properties?.type?.const === type);
    return branch?.then?.required || def?.required?.filter((f) => f !== 'type') || [];
  }

  /** The default of a field for an object of the given type (`x-default-by-type` wins over `default`). */
  defaultOf(prop, type) {
    if (!prop) return undefined;
    if (type && prop['x-default-by-type'] && type in prop['x-default-by-type']) return prop['x-default-by-type'][type];
    return prop.default;
  }
}

/** "0 … 10", "> 0 … 1", or null: the range of a numeric field in plain words. */
export function rangeText(prop) {
  if (!prop) return null;
  const lo = prop.exclusiveMinimum != null ? `> ${prop.exclusiveMinimum}` : prop.minimum;
  const hi = prop.exclusiveMaximum != null ? `< ${prop.exclusiveMaximum}` : prop.maximum;
  if (lo == null && hi == null) return null;
  const big = (v) => (typeof v === 'number' && Math.abs(v) >= 1e9 ? v.toExponential(1) : v);
  return `${lo == null ? '…' : big(lo)} to ${hi == null ? '…' : big(hi)}`;
}

export function defaultText(value) {
  if (value === undefined || value === null) return null; // no default: nothing to show (never the word "null")
  if (Array.isArray(value)) return value.join(', ');
  if (value !== null && typeof value === 'object') return Object.keys(value).length ? JSON.stringify(value) : null;
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toPrecision(6)));
  return String(value);
}

/** Field names as labels: "out_noise" → "Out noise". */
export function label(field) {
  const s = field.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
