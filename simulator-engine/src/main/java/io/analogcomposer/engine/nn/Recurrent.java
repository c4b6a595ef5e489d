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
 * A one-layer, unidirectional GRU or Elman RNN (tanh) over {@code [batch, steps, features]}, as PyTorch's
 * {@code nn.GRU} / {@code nn.RNN} with {@code batch_first} and AIHWKit's {@code AnalogRNN} with
 * {@code AnalogGRUCell} / {@code AnalogVanillaRNNCell}; zero initial state. GRU (gates r, z, n in PyTorch's order):
 * {@code r = σ(x W_ir + b_ir + h W_hr + b_hr)}, {@code z = σ(…)}, {@code n = tanh(x W_in + b_in + r·(h W_hn + b_hn))},
 * {@code h' = (1 − z)·n + z·h}. RNN: {@code h' = tanh(x W_ih + b_ih + h W_hh + b_hh)}. The weight matrices are
 * {@link StepMatrix}es (digital or on analog tiles); the LSTM is {@link Lstm}.
 */
public final class Recurrent extends Module {

    /** The cell. */
    public enum Cell {
        GRU(3), RNN(1);

        final int gates;

        Cell(int gates) {
            this.gates = gates;
        }
    }

    private final String type;
    private final Cell cell;
    private final int features, hidden;
    private final boolean returnSequence;
    private final StepMatrix ih, hh;

    private int batch, steps;
    private Tensor input, output, gradInput;
    private float[] gatesX, gatesH, hs, acts;
    private Object ihToken;
    private Object[] hhTokens;

    public Recurrent(String type, Cell cell, int features, int hidden, boolean returnSequence, StepMatrix ih,
            StepMatrix hh) {
        int g = cell.gates * hidden;
        if (ih.inSize() != features || ih.outSize() != g || hh.inSize() != hidden || hh.outSize() != g) {
            throw new IllegalArgumentException(type + " weights do not fit features " + features + ", hidden "
                    + hidden);
        }
        this.type = type;
        this.cell = cell;
        this.features = features;
        this.hidden = hidden;
        this.returnSequence = returnSequence;
        this.ih = ih;
        this.hh = hh;
    }

    /** A digital GRU or RNN with PyTorch's initialisation U(-1/sqrt(hidden), 1/sqrt(hidden)). */
    public static Recurrent digital(Cell cell, int features, int hidden, boolean bias, boolean returnSequence,
            Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(hidden));
        int g = cell.gates * hidden;
        return new Recurrent(cell.name().toLowerCase(), cell, features, hidden, returnSequence,
                new DenseStepMatrix("ih", features, g, bias, bound, rng.split(1)),
                new DenseStepMatrix("hh", hidden, g, bias, bound, rng.split(2)));
    }

    public Cell cell() {
        return cell;
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
        int g = cell.gates * hidden, bh = batch * hidden;
        gatesX = ensure(gatesX, batch * steps * g);
        ihToken = ih.forward(x.data(), batch * steps, gatesX);
        hs = ensure(hs, (steps + 1) * bh);
        gatesH = ensure(gatesH, steps * batch * g); // the hidden projections, kept: GRU's backward needs h W_hn
        acts = ensure(acts, steps * batch * g);
        Arrays.fill(hs, 0, bh, 0f);
        hhTokens = new Object[steps];
        float[] hPrev = new float[bh];
        float[] gh = new float[batch * g];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(hs, t * bh, hPrev, 0, bh);
            hhTokens[t] = hh.forward(hPrev.clone(), batch, gh);
            System.arraycopy(gh, 0, gatesH, t * batch * g, batch * g);
            for (int b = 0; b < batch; b++) {
                int a = (t * batch + b) * g, gx = (b * steps + t) * g, gb = b * g;
                for (int j = 0; j < hidden; j++) {
                    float hp = hs[t * bh + b * hidden + j];
                    float h;
                    if (cell == Cell.GRU) {
                        float r = Activation.sigmoid(gatesX[gx + j] + gh[gb + j]);
                        float z = Activation.sigmoid(gatesX[gx + hidden + j] + gh[gb + hidden + j]);
                        float n = (float) Math.tanh(gatesX[gx + 2 * hidden + j] + r * gh[gb + 2 * hidden + j]);
                        acts[a + j] = r;
                        acts[a + hidden + j] = z;
                        acts[a + 2 * hidden + j] = n;
                        h = (1 - z) * n + z * hp;
                    } else {
                        h = (float) Math.tanh(gatesX[gx + j] + gh[gb + j]);
                        acts[a + j] = h;
                    }
                    hs[(t + 1) * bh + b * hidden + j] = h;
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
            System.arraycopy(hs, steps * bh, output.data(), 0, bh);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int g = cell.gates * hidden, bh = batch * hidden;
        if (returnSequence
                ? dy.rank() != 3 || dy.dim(0) != batch || dy.dim(1) != steps || dy.dim(2) != hidden
                : dy.rank() != 2 || dy.dim(0) != batch || dy.dim(1) != hidden) {
            throw new IllegalArgumentException(type + " backward got " + dy.shapeString());
        }
        ih.zeroGrad();
        hh.zeroGrad();
        float[] d = dy.data();
        float[] dh = new float[bh];
        float[] dGx = new float[batch * steps * g];
        float[] dGh = new float[batch * g];
        float[] dhPrev = new float[bh];
        float[] hPrev = new float[bh];
        if (!returnSequence) {
            System.arraycopy(d, 0, dh, 0, bh);
        }
        for (int t = steps - 1; t >= 0; t--) {
            float[] direct = new float[bh]; // the part of dh_{t-1} that does not go through W_hh
            for (int b = 0; b < batch; b++) {
                int a = (t * batch + b) * g, gx = (b * steps + t) * g, gb = b * g;
                for (int j = 0; j < hidden; j++) {
                    int k = b * hidden + j;
                    float dhv = dh[k] + (returnSequence ? d[(b * steps + t) * hidden + j] : 0f);
                    if (cell == Cell.GRU) {
                        float r = acts[a + j], z = acts[a + hidden + j], n = acts[a + 2 * hidden + j];
                        float hp = hs[t * bh + k];
                        float hn = gatesH[t * batch * g + gb + 2 * hidden + j];
                        float dnPre = dhv * (1 - z) * (1 - n * n);
                        float dzPre = dhv * (hp - n) * z * (1 - z);
                        float drPre = dnPre * hn * r * (1 - r);
                        dGx[gx + j] = drPre;
                        dGx[gx + hidden + j] = dzPre;
                        dGx[gx + 2 * hidden + j] = dnPre;
                        dGh[gb + j] = drPre;
                        dGh[gb + hidden + j] = dzPre;
                        dGh[gb + 2 * hidden + j] = dnPre * r;
                        direct[k] = dhv * z;
                    } else {
                        float h = acts[a + j];
                        float pre = dhv * (1 - h * h);
                        dGx[gx + j] = pre;
                        dGh[gb + j] = pre;
                    }
                }
            }
            System.arraycopy(hs, t * bh, hPrev, 0, bh);
            hh.backward(hhTokens[t], hPrev, batch, dGh, dhPrev);
            for (int k = 0; k < bh; k++) {
                dh[k] = dhPrev[k] + direct[k];
            }
        }
        float[] dx = null;
        if (needsInputGrad) {
            gradInput = Tensor.ensure(gradInput, batch, steps, features);
            dx = gradInput.data();
        }
        ih.backward(ihToken, input.data(), batch * steps, dGx, dx);
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
