package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.tensor.TensorDevice;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.worker.engine.WeightTemplates;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 3FC in-memory template with one ConstantStep device per cross-point (AIHWKit's defaults: dw_min 0.001, bounds
 * ±0.6, default IO and update settings; analog SGD at lr 0.1, batch 8) for one epoch on a Fashion-MNIST subset: the
 * tensor program on DJL's CPU device reaches the Java engine's test accuracy within the Java engine's own run-to-run
 * spread (two seeds) and a margin for the third draw.
 */
class TensorInMemoryTrainingAccuracyTest {
    static TensorDevice device;

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static final String CONSTANT_STEP = "{\"type\": \"single\", \"device\": {\"type\": \"constant_step\"}}";

    static double accuracy(RunResult r) {
        return r.epochs().getLast().metrics().get("accuracy");
    }

    @Test
    void threeFcReRamSbEpochHasTheJavaEnginesAccuracy() throws Exception {
        int train = 3000, test = 1000;
        String rpu = CONSTANT_STEP;
        ExperimentSpec seed1 = TemplateJobs.threeFcInMemory(rpu, train, test, 1);
        ExperimentSpec seed2 = TemplateJobs.threeFcInMemory(rpu, train, test, 2);
        var java = new EngineExperimentExecutor(FoundDatasets.in(List.of()), new JavaBackend(2),
                WeightTemplates.shipped());
        long t0 = System.nanoTime();
        RunResult j1 = TensorTrainingAccuracyTest.run(java, seed1);
        long t1 = System.nanoTime();
        RunResult j2 = TensorTrainingAccuracyTest.run(java, seed2);
        long t2 = System.nanoTime();
        RunResult t = TensorTrainingAccuracyTest.run(new TensorExperimentExecutor(device, FoundDatasets.in(List.of()),
                new JavaBackend(2), WeightTemplates.shipped()), seed1);
        long t3 = System.nanoTime();
        double a1 = accuracy(j1), a2 = accuracy(j2), at = accuracy(t);
        System.out.printf("3FC in memory (ConstantStep, analog SGD lr 0.1, batch 8), 1 epoch on %,d images, test on "
                + "%,d: test accuracy tensor %.4f (seed 1), Java %.4f (seed 1) / %.4f (seed 2); train loss tensor "
                + "%.4f, Java %.4f / %.4f; epoch time tensor on %s %.1f s, Java %.1f s (runs %.1f s / %.1f s)%n",
                train, test, at, a1, a2, t.epochs().getLast().metrics().get("train_loss"),
                j1.epochs().getLast().metrics().get("train_loss"), j2.epochs().getLast().metrics().get("train_loss"),
                device.name(), t.epochs().getLast().metrics().get("time_epoch"),
                j1.epochs().getLast().metrics().get("time_epoch"), (t3 - t2) / 1e9, (t1 - t0) / 1e9);
        // one epoch of 3,000 images moves ConstantStep devices (dw_min 0.001, at most BL = 31 pulses per sample) only
        // part of the way: about 0.3 against chance's 0.1
        assertThat(at).as("3FC learns in memory, not chance").isGreaterThan(0.2);
        // the Java engine's spread between two seeds, widened by 3 points for the third (the tensor program's) draw
        assertThat(at).isBetween(Math.min(a1, a2) - 0.03, Math.max(a1, a2) + 0.03);
        assertThat(t.summary()).containsEntry("tensor_program", 1.0);
    }
}
