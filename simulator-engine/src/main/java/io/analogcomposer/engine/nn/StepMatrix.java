package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import java.util.List;

/**
 * A weight matrix {@code y = x W^T + b} that a recurrent cell applies several times in one forward pass (the
 * hidden-to-hidden weights once per time step). Every call returns a token; the backward of a call takes that
 * token, so the calls can be differentiated in any order, and parameter gradients add up over the calls since the
 * last {@link #zeroGrad}. Digital ({@link DenseStepMatrix}) and analog (on tiles) implementations exist.
 */
public interface StepMatrix {

    int inSize();

    int outSize();

    /** Computes {@code y [n, out]} for {@code x [n, in]}; the token identifies this call for its backward. */
    Object forward(float[] x, int n, float[] y);

    /**
     * Back-propagates {@code dy [n, out]} of the call {@code token} on input {@code x}: adds to the parameter
     * gradients and writes {@code dx [n, in]} unless it is null.
     */
    void backward(Object token, float[] x, int n, float[] dy, float[] dx);

    /** Starts a new sum of parameter gradients. */
    void zeroGrad();

    List<Parameter> parameters();

    void train(boolean on);

    void setBackend(ComputeBackend backend);

    /**
     * Registers what training changes in this matrix, for resumable sessions: by default its parameters; an analog
     * matrix (an analog layer) registers its whole training state, random stream and call counter included.
     */
    default void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        parameters().forEach(p -> registry.floats(p.name(), p.value().data()));
    }
}
