package io.analogcomposer.api.compat.translate;

/**
 * Something in an uploaded experiment that Analog Composer cannot run, named by its place in the protobuf
 * message (e.g. {@code network.layers[3].layer.arguments.kernel_size}) so that the AIHWKit user can find it in
 * their own code.
 *
 * @param field where in the message
 * @param message what is wrong, in a sentence
 * @param allowed what would be accepted, or {@code null}
 */
public record Problem(String field, String message, String allowed) {

    @Override
    public String toString() {
        return field + ": " + message + (allowed == null ? "" : " (allowed: " + allowed + ")");
    }
}
