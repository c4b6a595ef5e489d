package io.analogcomposer.spec.network;

import io.analogcomposer.spec.meta.Param;
import io.analogcomposer.spec.rpu.RPUConfig;

/**
 * One layer of the network, tagged by {@code type}. One record carries the fields of every layer type;
 * {@link Param#appliesTo()} says which type has which field, and the schema rejects the others. Sizes that
 * follow from the previous layer ({@code in_features}, {@code in_channels}, {@code num_features}) may be left
 * out and are inferred; when given they must match. Kernel sizes, strides and paddings are square. Recurrent
 * layers take a sequence {@code [steps, features]} (a 28×28 image read row by row: input_shape [28, 28]); the
 * transformer encoder's layers a sequence {@code [tokens, features]} (the image cut into 7×7 patches: input_shape
 * [16, 49]), on which linear layers act token by token.
 */
public record Layer(
        @Param(doc = "Layer type.", required = true) LayerType type,
        @Param(doc = "Optional label shown in the composer and in error messages.") String name,
        @Param(doc = "Input features; inferred from the previous layer when left out.", min = 1, max = 1048576, appliesTo = "@linear") Integer inFeatures,
        @Param(doc = "Output features.", min = 1, max = 1048576, appliesTo = "@linear", requiredFor = "@linear") Integer outFeatures,
        @Param(doc = "Input channels; inferred from the previous layer when left out.", min = 1, max = 65536, appliesTo = "@conv") Integer inChannels,
        @Param(doc = "Output channels.", min = 1, max = 65536, appliesTo = "@conv", requiredFor = "@conv") Integer outChannels,
        @Param(doc = "Size of the (square) kernel or pooling window.", min = 1, max = 1024, appliesTo = {
                "@conv", "@pool"}, requiredFor = {"@conv", "@pool"}) Integer kernelSize,
        @Param(doc = "Stride; for pooling it defaults to kernel_size.", def = "1", min = 1, max = 1024, appliesTo = {
                "@conv", "@pool"}) Integer stride,
        @Param(doc = "Zero padding on every side.", def = "0", min = 0, max = 1024, appliesTo = {"@conv",
                "@pool"}) Integer padding,
        @Param(doc = "Extra size added to one side of the output of a transposed convolution.", def = "0", min = 0, max = 1024, appliesTo = "conv_transpose2d") Integer outputPadding,
        @Param(doc = "Spacing between kernel elements.", def = "1", min = 1, max = 1024, appliesTo = {"@conv",
                "max_pool2d"}) Integer dilation,
        @Param(doc = "Round the output size of pooling up instead of down.", def = "false", appliesTo = "@pool") Boolean ceilMode,
        @Param(doc = "Learn an additive bias.", def = "true", appliesTo = "@weighted") Boolean bias,
        @Param(doc = "Features (1-d) or channels (2-d) normalized; inferred when left out.", min = 1, max = 1048576, appliesTo = "@batch_norm") Integer numFeatures,
        @Param(doc = "Added to the variance for numerical stability.", def = "1e-5", min = 0, exclusiveMin = true, max = 1, appliesTo = {
                "@batch_norm", "@layer_norm"}) Double eps,
        @Param(doc = "Momentum of the running statistics.", def = "0.1", min = 0, max = 1, appliesTo = "@batch_norm") Double momentum,
        @Param(doc = "Learn a scale and shift.", def = "true", appliesTo = {"@batch_norm",
                "@layer_norm"}) Boolean affine,
        @Param(doc = "Probability of zeroing an element during training.", def = "0.5", min = 0, max = 1, exclusiveMax = true, appliesTo = "dropout") Double p,
        @Param(doc = "Slope for negative inputs.", def = "0.01", min = 0, max = 1, appliesTo = "leaky_relu") Double negativeSlope,
        @Param(doc = "Dimension the softmax runs over (1 = features, as in the composer).", def = "1", min = 1, max = 1, appliesTo = "@softmax") Integer dim,
        @Param(doc = "Named RPU configuration preset for this layer, replacing the experiment's preset.", catalogue = "presets", appliesTo = "@analog") String preset,
        @Param(doc = "Overrides of the experiment's rpu_config for this layer only.", appliesTo = "@analog") RPUConfig rpuConfig,
        @Param(doc = "Size of the hidden state (and of the output per step).", min = 1, max = 4096, appliesTo = "@recurrent", requiredFor = "@recurrent") Integer hiddenSize,
        @Param(doc = "Output every step's hidden state [steps, hidden_size] (to stack recurrent layers) instead of the last one [hidden_size].", def = "false", appliesTo = "@recurrent") Boolean returnSequence,
        @Param(doc = "Also read the sequence backwards with a second set of weights and concatenate both directions' states (forward first), as PyTorch's bidirectional: the output has 2 × hidden_size features.", def = "false", appliesTo = "@recurrent") Boolean bidirectional,
        @Param(doc = "Attention heads; must divide the embedding size (the features of each token).", min = 1, max = 1024, appliesTo = "@attention", requiredFor = "@attention") Integer numHeads,
        @Param(doc = "Hidden size of the encoder block's feed-forward MLP (embed -> dim_feedforward -> embed).", min = 1, max = 65536, appliesTo = "@encoder", requiredFor = "@encoder") Integer dimFeedforward){

    /** A layer with only a type, for activations and flatten. */
    public static Layer of(LayerType type) {
        return new Layer(type, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
