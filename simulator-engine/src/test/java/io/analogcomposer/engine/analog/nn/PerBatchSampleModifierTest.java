package io.analogcomposer.engine.analog.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.WeightModifierParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * AIHWKit's {@code per_batch_sample} weight modifier: every sample of a training batch sees its own noisy weights
 * (otherwise one draw is shared by the batch), in the forward pass and in the input gradient.
 */
class PerBatchSampleModifierTest {

    static final int IN = 32, OUT = 4, BATCH = 400;

    static AnalogLinear layer(boolean perSample) {
        WeightModifierParameters add = WeightModifierParameters.addNormal(0.1);
        WeightModifierParameters m = new WeightModifierParameters(add.type(), add.stdDev(), perSample, add.res(),
                add.stoRound(), add.pdrop(), add.enableDuringTest(), add.relToActualWmax(), add.assumedWmax(),
                add.coeffs(), add.gMax());
        InferenceRpuConfig config = InferenceRpuConfig.DEFAULT.withForward(IOParameters.PERFECT)
                .withTraining(m, InferenceRpuConfig.DEFAULT.clip(), InferenceRpuConfig.DEFAULT.remap(),
                        InferenceRpuConfig.DEFAULT.inputRange());
        AnalogLinear l = new AnalogLinear(IN, OUT, false, config, new Rng(3));
        l.train(true);
        return l;
    }

    /** The same input row for every sample: any spread of the outputs comes from the weight noise. */
    static Tensor sameRows() {
        Tensor x = Tensor.zeros(BATCH, IN);
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < IN; j++) {
                x.data()[b * IN + j] = (j % 2 == 0 ? 1f : -1f) * 0.5f;
            }
        }
        return x;
    }

    static double spreadOfFirstOutput(float[] y) {
        double s = 0, s2 = 0;
        for (int b = 0; b < BATCH; b++) {
            double v = y[b * OUT];
            s += v;
            s2 += v * v;
        }
        return Math.sqrt(Math.max(0, s2 / BATCH - (s / BATCH) * (s / BATCH)));
    }

    @Test
    void eachSampleSeesItsOwnWeightNoiseAndOneDrawIsSharedOtherwise() {
        AnalogLinear shared = layer(false), perSample = layer(true);
        float[] ys = shared.forward(sameRows()).data().clone();
        float[] yp = perSample.forward(sameRows()).data().clone();
        assertThat(spreadOfFirstOutput(ys)).as("one draw for the batch").isZero();
        // output noise std = 0.1·max|w|·|x| with |x| = 0.5·sqrt(32)
        double amax = 0;
        for (float w : perSample.weight().value().data()) {
            amax = Math.max(amax, Math.abs(w));
        }
        double expected = 0.1 * amax * 0.5 * Math.sqrt(IN);
        assertThat(spreadOfFirstOutput(yp)).isCloseTo(expected, offset(4 * expected / Math.sqrt(2.0 * BATCH)));

        // the input gradient goes through each sample's own weights
        Tensor dy = Tensor.zeros(BATCH, OUT).fill(1f);
        float[] dxShared = shared.backward(dy).data().clone();
        float[] dxPer = perSample.backward(dy).data().clone();
        assertThat(dxShared[0]).isEqualTo(dxShared[(BATCH - 1) * IN]);
        assertThat(dxPer[0]).isNotEqualTo(dxPer[(BATCH - 1) * IN]);
    }
}
