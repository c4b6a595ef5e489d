package io.analogcomposer.api.compat.translate;

import java.util.List;

/**
 * One entry of a network (a {@code LayerOrActivationFunction}) in a package-neutral form.
 *
 * @param id the PyTorch/AIHWKit class name, e.g. {@code AnalogLinear} or {@code Tanh}
 * @param activation whether it came in the {@code activation_function} branch (otherwise {@code layer})
 * @param arguments its arguments in wire order
 */
public record Entry(String id, boolean activation, List<Argument> arguments) {

    public Entry {
        arguments = List.copyOf(arguments);
    }
}
