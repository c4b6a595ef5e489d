// The shape of one sample after each layer, computed as PyTorch (and the validator's ShapeInference) does, so
// the layers editor can show sizes while the user types. The validator stays the judge: where this code
// cannot tell (a missing size) it returns null, and mismatches are reported by /api/v1/validate.

const LINEAR = new Set(['linear', 'analog_linear']);
const CONV2D = new Set(['conv2d', 'analog_conv2d', 'conv_transpose2d']);
const CONV1D = new Set(['conv1d', 'analog_conv1d']);
const POOL = new Set(['max_pool2d', 'avg_pool2d']);
const RECURRENT = new Set(['lstm', 'analog_lstm', 'gru', 'analog_gru', 'rnn', 'analog_rnn']);
const GATES = { lstm: 4, gru: 3, rnn: 1 };

const int = (v, fallback) => (Number.isInteger(v) ? v : fallback);

function conv(layer, shape) {
  const k = layer.kernel_size;
  const s = int(layer.stride, 1);
  const p = int(layer.padding, 0);
  const d = int(layer.dilation, 1);
  const span = d * (k - 1) + 1;
  const out = [layer.out_channels];
  for (const size of shape.slice(1)) {
    if (layer.type === 'conv_transpose2d') {
      out.push((size - 1) * s - 2 * p + span + int(layer.output_padding, 0));
    } else {
      const padded = size + 2 * p;
      if (span > padded) return null;
      out.push(Math.floor((padded - span) / s) + 1);
    }
  }
  return out;
}

function pool(layer, shape) {
  const k = layer.kernel_size;
  const s = int(layer.stride, k);
  const p = int(layer.padding, 0);
  const d = layer.type === 'max_pool2d' ? int(layer.dilation, 1) : 1;
  const span = d * (k - 1) + 1;
  const out = [shape[0]];
  for (const size of shape.slice(1)) {
    const padded = size + 2 * p;
    if (span > padded) return null;
    let n;
    if (layer.ceil_mode === true) {
      n = Math.ceil((padded - span) / s) + 1;
      if ((n - 1) * s >= size + p) n -= 1;
    } else {
      n = Math.floor((padded - span) / s) + 1;
    }
    out.push(n);
  }
  return out;
}

/** The output shape of one layer for an input shape, or null when it cannot be told. */
export function outputShape(layer, shape) {
  if (!shape || !layer || !layer.type) return null;
  const t = layer.type;
  if (LINEAR.has(t)) {
    return shape.length === 1 && Number.isInteger(layer.out_features) ? [layer.out_features] : null;
  }
  if (CONV2D.has(t)) {
    return shape.length === 3 && Number.isInteger(layer.out_channels) && Number.isInteger(layer.kernel_size)
      ? conv(layer, shape) : null;
  }
  if (CONV1D.has(t)) {
    return shape.length === 2 && Number.isInteger(layer.out_channels) && Number.isInteger(layer.kernel_size)
      ? conv(layer, shape) : null;
  }
  if (POOL.has(t)) {
    return shape.length === 3 && Number.isInteger(layer.kernel_size) ? pool(layer, shape) : null;
  }
  if (RECURRENT.has(t)) {
    // a sequence [steps, features] in; the last hidden state, or every step's with return_sequence
    if (shape.length !== 2 || !Number.isInteger(layer.hidden_size)) return null;
    return layer.return_sequence === true ? [shape[0], layer.hidden_size] : [layer.hidden_size];
  }
  if (t === 'flatten') return [shape.reduce((a, b) => a * b, 1)];
  return shape.slice();
}

/** Input and output shape of every layer: [{input, output}], null where unknown. */
export function inferShapes(inputShape, layers) {
  let shape = Array.isArray(inputShape) && inputShape.every(Number.isInteger) ? inputShape.slice() : null;
  return (layers || []).map((layer) => {
    const input = shape;
    shape = outputShape(layer, shape);
    return { input, output: shape };
  });
}

/** Number of trainable weights of a layer (without bias), for the network summary. */
export function weightCount(layer, input) {
  if (!input) return null;
  if (LINEAR.has(layer.type) && input.length === 1) return input[0] * layer.out_features;
  if (RECURRENT.has(layer.type) && input.length === 2 && Number.isInteger(layer.hidden_size)) {
    return GATES[layer.type.replace('analog_', '')] * layer.hidden_size * (input[1] + layer.hidden_size);
  }
  if ((CONV2D.has(layer.type) || CONV1D.has(layer.type)) && Number.isInteger(layer.kernel_size)) {
    const k = CONV2D.has(layer.type) ? layer.kernel_size ** 2 : layer.kernel_size;
    return input[0] * layer.out_channels * k;
  }
  return 0;
}

export function showShape(shape) {
  return shape ? `[${shape.join(' × ')}]` : '?';
}

/** The analog twin of a digital layer type and back: the per-layer analog/digital switch. */
export const ANALOG_TWIN = {
  linear: 'analog_linear', conv1d: 'analog_conv1d', conv2d: 'analog_conv2d', lstm: 'analog_lstm', gru: 'analog_gru', rnn: 'analog_rnn',
  analog_linear: 'linear', analog_conv1d: 'conv1d', analog_conv2d: 'conv2d', analog_lstm: 'lstm', analog_gru: 'gru', analog_rnn: 'rnn',
};

export const isAnalog = (type) => type.startsWith('analog_');
