package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-layer, unidirectional LSTM over {@code [batch, steps, features]} (PyTorch's {@code nn.LSTM} with
 * {@code batch_first}, AIHWKit's {@code AnalogRNN} with {@code AnalogLSTMCell}): gates {@code i, f, g, o} =
 * {@code x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh} in PyTorch's order, {@code c_t = f·c_{t-1} + i·g},
 * {@code h_t = o·tanh(c_t)}, zero initial state. The two weight matrices are {@link StepMatrix}es, so the same cell
 * runs digitally or with both matrices on analog tiles while the gates' non-linearities stay digital. Outputs the
 * last hidden state {@code [batch, hidden]} or, with {@code returnSequence}, every step's {@code [batch, steps,
 * hidden]} (to stack layers).
 */
public final class Lstm extends Module {
    private final String type;
    private final int features, hidden;
    private final boolean returnSequence;
    private final StepMatrix ih, hh;

    // forward state per step, for backpropagation through time
    private int batch, steps;
    private Tensor input, output, gradInput;
    private float[] gatesX, hs, cs, acts, tanhC;
    private Object ihToken;
    private Object[] hhTokens;

    public Lstm(String type, int features, int hidden, boolean returnSequence, StepMatrix ih, StepMatrix hh) {
        if (ih.inSize() != features || ih.outSize() != 4 * hidden || hh.inSize() != hidden
                || hh.outSize() != 4 * hidden) {
            throw new IllegalArgumentException("lstm weights do not fit features " + features + ", hidden " + hidden);
        }
        this.type = type;
        this.features = features;
        this.hidden = hidden;
        this.returnSequence = returnSequence;
        this.ih = ih;
        this.hh = hh;
    }

    /** A digital LSTM with PyTorch's initialisation U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public static Lstm digital(int features, int hidden, boolean bias, boolean returnSequence, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(hidden));
        return new Lstm("lstm", features, hidden, returnSequence,
                new DenseStepMatrix("ih", features, 4 * hidden, bias, bound, rng.split(1)),
                new DenseStepMatrix("hh", hidden, 4 * hidden, bias, bound, rng.split(2)));
    }

    public StepMatrix inputWeights() {
        return ih;
    }

    public StepMatrix hiddenWeights() {
        return hh;
    }

    public int hiddenSize() {
        return hidden;
    }

    public boolean returnsSequence() {
        return returnSequence;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 2 || inputShape[1] != features) {
            throw new IllegalArgumentException(type + " expects input shape [steps, " + features + "], got "
                    + Arrays.toString(inputShape));
        }
        return returnSequence ? new int[]{inputShape[0], hidden} : new int[]{hidden};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(2) != features) {
            throw new IllegalArgumentException(type + " expects [batch, steps, " + features + "], got "
                    + x.shapeString());
        }
        input = x;
        batch = x.dim(0);
        steps = x.dim(1);
        int g4 = 4 * hidden;
        gatesX = ensure(gatesX, batch * steps * g4);
        // the input projection of every step at once: rows in (sample, step) order, as x is laid out
        ihToken = ih.forward(x.data(), batch * steps, gatesX);
        hs = ensure(hs, (steps + 1) * batch * hidden); // h_{-1} = 0, then h_0 … h_{T-1}, per step [batch, hidden]
        cs = ensure(cs, (steps + 1) * batch * hidden);
        acts = ensure(acts, steps * batch * g4);
        tanhC = ensure(tanhC, steps * batch * hidden);
        Arrays.fill(hs, 0, batch * hidden, 0f);
        Arrays.fill(cs, 0, batch * hidden, 0f);
        hhTokens = new Object[steps];
        float[] gh = new float[batch * g4];
        float[] hPrev = new float[batch * hidden];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(hs, t * batch * hidden, hPrev, 0, batch * hidden);
            // a fresh array per step: an analog matrix may keep a reference to its input for the backward
            hhTokens[t] = hh.forward(hPrev.clone(), batch, gh);
            for (int b = 0; b < batch; b++) {
                int a = (t * batch + b) * g4, gx = (b * steps + t) * g4, gb = b * g4;
                for (int j = 0; j < hidden; j++) {
                    float i = Activation.sigmoid(gatesX[gx + j] + gh[gb + j]);
                    float f = Activation.sigmoid(gatesX[gx + hidden + j] + gh[gb + hidden + j]);
                    float g = (float) Math.tanh(gatesX[gx + 2 * hidden + j] + gh[gb + 2 * hidden + j]);
                    float o = Activation.sigmoid(gatesX[gx + 3 * hidden + j] + gh[gb + 3 * hidden + j]);
                    acts[a + j] = i;
                    acts[a + hidden + j] = f;
                    acts[a + 2 * hidden + j] = g;
                    acts[a + 3 * hidden + j] = o;
                    int prev = t * batch * hidden + b * hidden + j, cur = prev + batch * hidden;
                    float c = f * cs[prev] + i * g;
                    float tc = (float) Math.tanh(c);
                    cs[cur] = c;
                    tanhC[t * batch * hidden + b * hidden + j] = tc;
                    hs[cur] = o * tc;
                }
            }
        }
        if (returnSequence) {
            output = Tensor.ensure(output, batch, steps, hidden);
            float[] y = output.data();
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(hs, ((t + 1) * batch + b) * hidden, y, (b * steps + t) * hidden, hidden);
                }
            }
        } else {
            output = Tensor.ensure(output, batch, hidden);
            System.arraycopy(hs, steps * batch * hidden, output.data(), 0, batch * hidden);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int g4 = 4 * hidden;
        if (returnSequence
                ? dy.rank() != 3 || dy.dim(0) != batch || dy.dim(1) != steps || dy.dim(2) != hidden
                : dy.rank() != 2 || dy.dim(0) != batch || dy.dim(1) != hidden) {
            throw new IllegalArgumentException(type + " backward got " + dy.shapeString());
        }
        ih.zeroGrad();
        hh.zeroGrad();
        float[] d = dy.data();
        float[] dh = new float[batch * hidden];
        float[] dc = new float[batch * hidden];
        float[] dGates = new float[batch * steps * g4]; // (sample, step) rows, as the input projection's
        float[] dGatesT = new float[batch * g4];
        float[] dhPrev = new float[batch * hidden];
        float[] hPrev = new float[batch * hidden];
        if (!returnSequence) {
            System.arraycopy(d, 0, dh, 0, batch * hidden);
        }
        for (int t = steps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                int a = (t * batch + b) * g4;
                for (int j = 0; j < hidden; j++) {
                    int k = b * hidden + j;
                    float dhv = dh[k] + (returnSequence ? d[(b * steps + t) * hidden + j] : 0f);
                    float i = acts[a + j], f = acts[a + hidden + j], g = acts[a + 2 * hidden + j],
                            o = acts[a + 3 * hidden + j];
                    float tc = tanhC[t * batch * hidden + k];
                    float dct = dc[k] + dhv * o * (1 - tc * tc);
                    float cPrev = cs[t * batch * hidden + k];
                    dGatesT[b * g4 + j] = dct * g * i * (1 - i);
                    dGatesT[b * g4 + hidden + j] = dct * cPrev * f * (1 - f);
                    dGatesT[b * g4 + 2 * hidden + j] = dct * i * (1 - g * g);
                    dGatesT[b * g4 + 3 * hidden + j] = dhv * tc * o * (1 - o);
                    dc[k] = dct * f;
                }
                System.arraycopy(dGatesT, b * g4, dGates, (b * steps + t) * g4, g4);
            }
            System.arraycopy(hs, t * batch * hidden, hPrev, 0, batch * hidden);
            hh.backward(hhTokens[t], hPrev, batch, dGatesT, dhPrev);
            System.arraycopy(dhPrev, 0, dh, 0, batch * hidden);
        }
        float[] dx = null;
        if (needsInputGrad) {
            gradInput = Tensor.ensure(gradInput, batch, steps, features);
            dx = gradInput.data();
        }
        ih.backward(ihToken, input.data(), batch * steps, dGates, dx);
        return needsInputGrad ? gradInput : null;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(ih.parameters());
        ps.addAll(hh.parameters());
        return ps;
    }

    @Override
    public Map<String, Tensor> state() {
        // the two matrices' parameters under their own prefixes, so equal local names do not collide
        Map<String, Tensor> m = new LinkedHashMap<>();
        ih.parameters().forEach(p -> m.put("ih." + p.name(), p.value()));
        hh.parameters().forEach(p -> m.put("hh." + p.name(), p.value()));
        return m;
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        ih.train(on);
        hh.train(on);
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        super.setBackend(backend);
        ih.setBackend(backend);
        hh.setBackend(backend);
    }

    private static float[] ensure(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    /** The weight matrices' state, each as the matrix registers it (an analog one with its random stream). */
    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        ih.visitTrainingState(registry.within("ih."));
        hh.visitTrainingState(registry.within("hh."));
    }
}
