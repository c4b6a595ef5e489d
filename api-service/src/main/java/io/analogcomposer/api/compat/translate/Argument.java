package io.analogcomposer.api.compat.translate;

import java.util.List;

/**
 * One {@code AttributeProto} of a layer, activation, optimizer or loss, read out of whichever of the two proto
 * packages ({@code aihwx} or {@code aihwx.inferencing}) it came from, so that one translator serves both.
 *
 * @param name the argument's name, e.g. {@code in_features}
 * @param type the declared {@code AttributeType} name ({@code INT}, {@code INTS}, {@code FLOAT}, ...)
 * @param f the float value (float32 on the wire)
 * @param i the integer value
 * @param s the string value (UTF-8 of the bytes field)
 * @param b the boolean value
 * @param ints the integer list
 */
public record Argument(String name, String type, float f, long i, String s, boolean b, List<Long> ints) {

    public Argument {
        ints = List.copyOf(ints);
    }
}
