package io.analogcomposer.engine.analog.update;

/**
 * A trainable analog weight matrix {@code [out, in]}: what the forward and backward MVMs read, and the in-memory
 * update {@code W -= lr Σ_b d_b x_b^T} of one mini-batch as the configured algorithm realises it.
 */
public interface AnalogUpdateTile {
    /** The weights the MVMs see, row-major {@code [out, in]} (live view; do not modify). */
    float[] weights();

    /** Programs the weights. */
    void setWeights(float[] w);

    /** One mini-batch update with {@code x [batch, in]}, {@code d [batch, out]} and learning rate {@code lr}. */
    void update(float[] x, float[] d, int batch, double lr);

    /**
     * The same update with rows produced on demand ({@code x} holds {@code [batch, inSize()]}). By default they are
     * gathered into one array first; a tile that reads its rows block by block overrides this and holds only a block.
     */
    default void update(UpdateRows x, float[] d, int batch, double lr) {
        float[] all = new float[batch * inSize()];
        x.fill(0, batch, 0, inSize(), all);
        update(all, d, batch, lr);
    }

    /** Device pulses applied so far (all devices of the tile). */
    long pulseCount();

    int outSize();

    /**
     * Registers the tile's training state (device states, random streams, counters) so a session can resume; tiles
     * that do not (the compound algorithms' hidden matrices and transfer schedules) make the session not resumable.
     */
    default void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        registry.unsupported("the " + getClass().getSimpleName() + " in-memory training tile");
    }

    int inSize();
}
