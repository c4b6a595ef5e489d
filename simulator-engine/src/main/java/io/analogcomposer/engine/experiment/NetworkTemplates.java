package io.analogcomposer.engine.experiment;

import java.util.List;
import java.util.Locale;

/** The composer's built-in networks. */
public final class NetworkTemplates {
    private NetworkTemplates() {
    }

    /** 3FC for 28x28 images: 784-256-128-10 with sigmoid and log-softmax. */
    public static NetworkSpec threeFc() {
        return new NetworkSpec(List.of(1, 28, 28), List.of(LayerSpec.of("flatten"),
                LayerSpec.of("linear", "out_features", 256), LayerSpec.of("sigmoid"),
                LayerSpec.of("linear", "out_features", 128), LayerSpec.of("sigmoid"),
                LayerSpec.of("linear", "out_features", 10), LayerSpec.of("log_softmax")));
    }

    /**
     * LeNet5 as the composer uses it: conv 16@5x5, tanh, maxpool 2, conv 32@5x5, tanh, maxpool 2, flatten,
     * linear 512->128, tanh, linear 128->10, log-softmax (for the nll loss).
     */
    public static NetworkSpec lenet5() {
        return new NetworkSpec(List.of(1, 28, 28), List.of(
                LayerSpec.of("conv2d", "out_channels", 16, "kernel_size", 5), LayerSpec.of("tanh"),
                LayerSpec.of("max_pool2d", "kernel_size", 2),
                LayerSpec.of("conv2d", "out_channels", 32, "kernel_size", 5), LayerSpec.of("tanh"),
                LayerSpec.of("max_pool2d", "kernel_size", 2), LayerSpec.of("flatten"),
                LayerSpec.of("linear", "out_features", 128), LayerSpec.of("tanh"),
                LayerSpec.of("linear", "out_features", 10), LayerSpec.of("log_softmax")));
    }

    /**
     * VGG8 for 32x32 RGB (SVHN), as in AIHWKit's example: three blocks of two 3x3 convolutions (48, 96, 144
     * channels, padding 1) with ReLU, batch norm after each block's second convolution, 2x2 max pooling; then
     * linear 2304->384, ReLU, linear 384->10, log-softmax.
     */
    public static NetworkSpec vgg8() {
        return new NetworkSpec(List.of(3, 32, 32), List.of(
                conv(48), LayerSpec.of("relu"), conv(48), LayerSpec.of("batch_norm2d"), LayerSpec.of("relu"),
                LayerSpec.of("max_pool2d", "kernel_size", 2),
                conv(96), LayerSpec.of("relu"), conv(96), LayerSpec.of("batch_norm2d"), LayerSpec.of("relu"),
                LayerSpec.of("max_pool2d", "kernel_size", 2),
                conv(144), LayerSpec.of("relu"), conv(144), LayerSpec.of("batch_norm2d"), LayerSpec.of("relu"),
                LayerSpec.of("max_pool2d", "kernel_size", 2), LayerSpec.of("flatten"),
                LayerSpec.of("linear", "out_features", 384), LayerSpec.of("relu"),
                LayerSpec.of("linear", "out_features", 10), LayerSpec.of("log_softmax")));
    }

    private static LayerSpec conv(int out) {
        return LayerSpec.of("conv2d", "out_channels", out, "kernel_size", 3, "padding", 1);
    }

    /** A template by name: {@code 3fc}, {@code lenet5}, {@code vgg8}. */
    public static NetworkSpec byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "3fc", "threefc" -> threeFc();
            case "lenet5", "lenet" -> lenet5();
            case "vgg8" -> vgg8();
            default -> throw new IllegalArgumentException("unknown network template '" + name
                    + "'; known: 3fc, lenet5, vgg8");
        };
    }
}
