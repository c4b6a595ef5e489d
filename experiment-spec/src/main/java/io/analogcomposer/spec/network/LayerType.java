package io.analogcomposer.spec.network;

import io.analogcomposer.spec.meta.TypeTag;
import java.util.Set;

/**
 * Layer types, named after their PyTorch/AIHWKit classes in snake_case. Groups: {@code analog} (runs on analog
 * tiles), {@code linear}, {@code conv} (1-d and 2-d convolutions incl. transposed), {@code conv1d},
 * {@code conv2d}, {@code pool}, {@code batch_norm}, {@code activation}, {@code softmax}, {@code weighted}
 * (has trainable weights and a bias), {@code recurrent} (runs over a sequence [steps, features]), {@code tokens}
 * (runs over a sequence [tokens, features]: the transformer encoder's pieces), {@code attention} (self-attention,
 * alone or in an encoder block; takes num_heads), {@code encoder} (an encoder block; takes dim_feedforward),
 * {@code layer_norm}.
 */
public enum LayerType implements TypeTag {
    LINEAR("Fully connected digital layer (torch.nn.Linear).", "linear", "weighted"), CONV1D(
            "Digital 1-d convolution (torch.nn.Conv1d).", "conv", "conv1d",
            "weighted"), CONV2D("Digital 2-d convolution (torch.nn.Conv2d).", "conv", "conv2d",
                    "weighted"), CONV_TRANSPOSE2D("Digital transposed 2-d convolution (torch.nn.ConvTranspose2d).",
                            "conv", "conv2d", "weighted",
                            "transposed"), MAX_POOL2D("2-d max pooling.", "pool", "max_pool"), AVG_POOL2D(
                                    "2-d average pooling.",
                                    "pool"), BATCH_NORM1D("Batch normalization over features or 1-d channels.",
                                            "batch_norm"), BATCH_NORM2D("Batch normalization over 2-d channels.",
                                                    "batch_norm"), DROPOUT(
                                                            "Zeroes random elements during training."), FLATTEN(
                                                                    "Flattens a sample to one dimension."), RELU(
                                                                            "max(0, x).", "activation"), LEAKY_RELU(
                                                                                    "x for x > 0, negative_slope * x otherwise.",
                                                                                    "activation"), SIGMOID(
                                                                                            "1 / (1 + exp(-x)).",
                                                                                            "activation"), TANH(
                                                                                                    "Hyperbolic tangent.",
                                                                                                    "activation"), SOFTMAX(
                                                                                                            "Normalized exponentials (probabilities).",
                                                                                                            "activation",
                                                                                                            "softmax"), LOG_SOFTMAX(
                                                                                                                    "Logarithm of softmax (log-probabilities), for the nll loss.",
                                                                                                                    "activation",
                                                                                                                    "softmax"), LOG_SIGMOID(
                                                                                                                            "log(sigmoid(x)).",
                                                                                                                            "activation"), ANALOG_LINEAR(
                                                                                                                                    "Fully connected layer on analog tiles (AIHWKit AnalogLinear).",
                                                                                                                                    "analog",
                                                                                                                                    "linear",
                                                                                                                                    "weighted"), ANALOG_CONV1D(
                                                                                                                                            "1-d convolution on analog tiles (AIHWKit AnalogConv1d).",
                                                                                                                                            "analog",
                                                                                                                                            "conv",
                                                                                                                                            "conv1d",
                                                                                                                                            "weighted"), ANALOG_CONV2D(
                                                                                                                                                    "2-d convolution on analog tiles (AIHWKit AnalogConv2d).",
                                                                                                                                                    "analog",
                                                                                                                                                    "conv",
                                                                                                                                                    "conv2d",
                                                                                                                                                    "weighted"), LSTM(
                                                                                                                                                            "Digital LSTM over a sequence [steps, features] (torch.nn.LSTM with batch_first: one layer, one direction, zero initial state).",
                                                                                                                                                            "recurrent",
                                                                                                                                                            "weighted"), ANALOG_LSTM(
                                                                                                                                                                    "LSTM with its input and hidden weight matrices on analog tiles (AIHWKit AnalogRNN with AnalogLSTMCell); the gates' non-linearities stay digital.",
                                                                                                                                                                    "analog",
                                                                                                                                                                    "recurrent",
                                                                                                                                                                    "weighted"), GRU(
                                                                                                                                                                            "Digital GRU over a sequence [steps, features] (torch.nn.GRU with batch_first: one layer, one direction, zero initial state).",
                                                                                                                                                                            "recurrent",
                                                                                                                                                                            "weighted"), ANALOG_GRU(
                                                                                                                                                                                    "GRU with its input and hidden weight matrices on analog tiles (AIHWKit AnalogRNN with AnalogGRUCell); the gates stay digital.",
                                                                                                                                                                                    "analog",
                                                                                                                                                                                    "recurrent",
                                                                                                                                                                                    "weighted"), RNN(
                                                                                                                                                                                            "Digital Elman RNN with tanh over a sequence [steps, features] (torch.nn.RNN with batch_first: one layer, one direction).",
                                                                                                                                                                                            "recurrent",
                                                                                                                                                                                            "weighted"), ANALOG_RNN(
                                                                                                                                                                                                    "Elman RNN (tanh) with its weight matrices on analog tiles (AIHWKit AnalogRNN with AnalogVanillaRNNCell).",
                                                                                                                                                                                                    "analog",
                                                                                                                                                                                                    "recurrent",
                                                                                                                                                                                                    "weighted"), MULTIHEAD_ATTENTION(
                                                                                                                                                                                                            "Digital multi-head self-attention over a sequence [tokens, embed] (torch.nn.MultiheadAttention with batch_first, query = key = value, no mask).",
                                                                                                                                                                                                            "attention",
                                                                                                                                                                                                            "tokens",
                                                                                                                                                                                                            "weighted"), ANALOG_MULTIHEAD_ATTENTION(
                                                                                                                                                                                                                    "Multi-head self-attention with its Q, K, V and output projections on analog tiles (each like an analog_linear); scores, softmax and the weighted sum of values stay digital.",
                                                                                                                                                                                                                    "analog",
                                                                                                                                                                                                                    "attention",
                                                                                                                                                                                                                    "tokens",
                                                                                                                                                                                                                    "weighted"), ENCODER_BLOCK(
                                                                                                                                                                                                                            "Digital transformer encoder layer over [tokens, embed] (torch.nn.TransformerEncoderLayer, post-norm, ReLU, no dropout): LN(x + attention(x)), then LN(h + MLP(h)), residual connections inside the layer.",
                                                                                                                                                                                                                            "attention",
                                                                                                                                                                                                                            "encoder",
                                                                                                                                                                                                                            "tokens"), ANALOG_ENCODER_BLOCK(
                                                                                                                                                                                                                                    "Transformer encoder layer with the attention's four projections and the MLP's two matrices on analog tiles; layer norms, softmax and residual sums stay digital.",
                                                                                                                                                                                                                                    "analog",
                                                                                                                                                                                                                                    "attention",
                                                                                                                                                                                                                                    "encoder",
                                                                                                                                                                                                                                    "tokens"), LAYER_NORM(
                                                                                                                                                                                                                                            "Layer normalization over the last dimension (torch.nn.LayerNorm): per sample, or per token of a sequence. Digital.",
                                                                                                                                                                                                                                            "layer_norm"), POSITION_EMBEDDING(
                                                                                                                                                                                                                                                    "Learned position embedding: a table [tokens, features] added to the sequence, so attention can tell the tokens apart. Digital.",
                                                                                                                                                                                                                                                    "tokens"), TOKEN_MEAN(
                                                                                                                                                                                                                                                            "Mean over the tokens of a sequence [tokens, features] -> [features], before a classifier.",
                                                                                                                                                                                                                                                            "tokens");

    private final Set<String> groups;

    private final String description;

    LayerType(String description, String... groups) {
        this.description = description;
        this.groups = Set.of(groups);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<String> groups() {
        return groups;
    }

    /** Whether the layer runs on analog tiles and takes an rpu_config. */
    public boolean analog() {
        return groups.contains("analog");
    }

    /** Gate blocks of a recurrent layer's weight matrices: 4 for an LSTM, 3 for a GRU, 1 for an RNN; else 0. */
    public int gates() {
        return !in("recurrent") ? 0 : wire().endsWith("lstm") ? 4 : wire().endsWith("gru") ? 3 : 1;
    }

    public boolean in(String group) {
        return groups.contains(group);
    }
}
