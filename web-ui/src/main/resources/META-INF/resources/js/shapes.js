// The shape of one sample after each layer, computed as PyTorch (and the validator's ShapeInference) does, so
// the layers editor can show sizes while the user types. The validator stays the judge: where this code
// cannot tell (a missing size) it returns null, and mismatches are reported by /api/v1/validate.

const LINEAR = new Set(['linear', 'analog_linear']);
const CONV2D = new Set(['conv2d', 'analog_conv2d', 'conv_transpose2d']);
const CONV1D = new Set(['conv1d', 'analog_conv1d']);
const POOL = new Set(['max_pool2d', 'avg_pool2d']);
const RECURRENT = new Set(['lstm', 'analog_lstm', 'gru', 'analog_gru', 'rnn', 'analog_rnn']);
const GATES = { lstm: 4, gru: 3, rnn: 1 };
const ATTENTION = new Set(['multihead_attention', 'analog_multihead_attention', 'encoder_block', 'analog_encoder_block']);
// layers that work on a sequence of tokens; with one of them in the network a linear layer acts on every token
const TOKEN_LAYERS = new Set([...ATTENTION, 'position_embedding', 'token_mean']);

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
export function outputShape(layer, shape, tokens = false) {
  if (!shape || !layer || !layer.type) return null;
  const t = layer.type;
  if (LINEAR.has(t)) {
    if (!Number.isInteger(layer.out_features)) return null;
    if (shape.length === 1) return [layer.out_features];
    // a linear layer on [tokens, features] acts token by token (only in networks with token layers)
    return shape.length === 2 && tokens ? [shape[0], layer.out_features] : null;
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
    // a bidirectional layer concatenates both directions' states
    const width = (layer.bidirectional === true ? 2 : 1) * layer.hidden_size;
    return layer.return_sequence === true ? [shape[0], width] : [width];
  }
  if (ATTENTION.has(t) || t === 'position_embedding') {
    return shape.length === 2 ? shape.slice() : null;
  }
  if (t === 'token_mean') return shape.length === 2 ? [shape[1]] : null;
  if (t === 'flatten') return [shape.reduce((a, b) => a * b, 1)];
  return shape.slice();
}

/** Input and output shape of every layer: [{input, output}], null where unknown. */
export function inferShapes(inputShape, layers) {
  let shape = Array.isArray(inputShape) && inputShape.every(Number.isInteger) ? inputShape.slice() : null;
  const tokens = (layers || []).some((layer) => layer && TOKEN_LAYERS.has(layer.type));
  return (layers || []).map((layer) => {
    const input = shape;
    shape = outputShape(layer, shape, tokens);
    return { input, output: shape };
  });
}

/** Number of trainable weights of a layer (without bias), for the network summary. */
export function weightCount(layer, input) {
  if (!input) return null;
  if (LINEAR.has(layer.type) && (input.length === 1 || input.length === 2)) {
    return input[input.length - 1] * layer.out_features;
  }
  if (RECURRENT.has(layer.type) && input.length === 2 && Number.isInteger(layer.hidden_size)) {
    const directions = layer.bidirectional === true ? 2 : 1;
    return directions * GATES[layer.type.replace('analog_', '')] * layer.hidden_size * (input[1] + layer.hidden_size);
  }
  if (ATTENTION.has(layer.type) && input.length === 2) {
    // Q, K, V and output projections; an encoder block adds its two feed-forward matrices
    const e = input[1];
    const ff = layer.type.includes('encoder') && Number.isInteger(layer.dim_feedforward) ? 2 * e * layer.dim_feedforward : 0;
    return 4 * e * e + ff;
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
  multihead_attention: 'analog_multihead_attention', encoder_block: 'analog_encoder_block',
  analog_linear: 'linear', analog_conv1d: 'conv1d', analog_conv2d: 'conv2d', analog_lstm: 'lstm', analog_gru: 'gru', analog_rnn: 'rnn',
  analog_multihead_attention: 'multihead_attention', analog_encoder_block: 'encoder_block',
};

export const isAnalog = (type) => type.startsWith('analog_');
