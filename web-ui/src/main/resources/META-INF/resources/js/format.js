// Plain-words formatting shared by the screens.

export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

const STATUS_WORDS = {
  waiting: 'Waiting', validating: 'Validating', validated: 'Queued', running: 'Running',
  completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled',
};

export function statusWord(status) {
  return STATUS_WORDS[status] || (status ? String(status) : 'Never run');
}

export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

/** Seconds as the largest whole unit that fits: 0 s, 1 s, 1 min, 1 h, 1 day, 30 days, 1 year. */
export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const units = [[31536000, 'year'], [86400, 'day'], [3600, 'h'], [60, 'min'], [1, 's']];
  if (seconds === 0) return '0 s';
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = seconds / size;
      const shown = Number.isInteger(n) ? n : Number(n.toPrecision(3));
      return name === 'year' || name === 'day' ? `${shown} ${name}${shown === 1 ? '' : 's'}` : `${shown} ${name}`;
    }
  }
  return `${Number(seconds.toPrecision(3))} s`;
}

/**
 * DAC/ADC resolution as AIHWKit writes it (inp_res, out_res: the step as a fraction of the range) and as
 * people say it (bits): res = 1 / (2^bits − 2), so 7 bits ↔ 1/126 and 9 bits ↔ 1/510.
 */
export function bitsToRes(bits) {
  return 1 / (2 ** bits - 2);
}

export function resToBits(res) {
  if (!(res > 0)) return null;
  const bits = Math.log2(1 / res + 2);
  return Math.abs(bits - Math.round(bits)) < 1e-6 ? Math.round(bits) : Number(bits.toFixed(2));
}

export function percent(value, digits = 1) {
  return value == null || !Number.isFinite(value) ? '—' : `${value.toFixed(digits)} %`;
}

export const KIND_WORDS = { training: 'Training', inference: 'Inference', hardware_inference: 'Hardware inference' };
