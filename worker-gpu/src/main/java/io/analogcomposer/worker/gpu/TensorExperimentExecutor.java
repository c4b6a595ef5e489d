package io.analogcomposer.worker.gpu;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.experiment.Inference;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.tensor.TensorDevice;
import io.analogcomposer.tensor.TensorInference;
import io.analogcomposer.tensor.TensorTraining;
import io.analogcomposer.tensor.UnsupportedOnTensorPath;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.ExecutionControl;
import io.analogcomposer.worker.engine.ExecutionOutcome;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.engine.ExperimentFailure;
import io.analogcomposer.worker.engine.FailureCode;
import io.analogcomposer.worker.engine.SpecToEngine;
import io.analogcomposer.worker.engine.WeightTemplates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The GPU worker's executor: hardware-aware (and digital) training runs train as the tensor program on the worker's
 * {@link TensorDevice} (CUDA, or DJL's CPU device with allow-cpu), and inference runs (on a weight template, or
 * trained there first) evaluate over time there; the run's data and the template's weights are prepared as for the
 * CPU worker. Layers trained in memory with one pulsed device per cross-point (rpu_config type single) train on the
 * device too. What the tensor program does not do yet (compound in-memory training: Tiki-Taka, mixed precision;
 * input-range calibration; layers and devices it lacks) is refused by name before anything is computed: it never falls
 * back to the pure-Java engine. Every completed run records its device in the summary ({@code tensor_program},
 * {@code device_cuda}, {@code device_memory_gib}).
 */
public final class TensorExperimentExecutor implements ExperimentExecutor {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TensorExperimentExecutor.class);

    private final TensorDevice device;
    private final EngineExperimentExecutor runs;

    /** An executor unpacking uploaded datasets into the default cache. */
    public TensorExperimentExecutor(TensorDevice device, DatasetLocator datasets, ComputeBackend host,
            WeightTemplates templates) {
        this(device, datasets, host, templates, new io.analogcomposer.worker.engine.UploadedDatasetCache(
                EngineExperimentExecutor.DEFAULT_UPLOAD_CACHE, EngineExperimentExecutor.DEFAULT_UPLOAD_CACHE_BYTES));
    }

    public TensorExperimentExecutor(TensorDevice device, DatasetLocator datasets, ComputeBackend host,
            WeightTemplates templates, io.analogcomposer.worker.engine.UploadedDatasetCache uploads) {
        this.device = device;
        // the host backend only loads data and builds the model from the template; the evaluation is the tensor one
        this.runs = new EngineExperimentExecutor(datasets, host, templates, uploads,
                new TensorInference(device)::evaluate, new TensorTraining(device)::run);
    }

    @Override
    public Optional<String> device() {
        return Optional.of("GPU worker, tensor program on " + device.description());
    }

    @Override
    public ExecutionOutcome execute(RunJob job, ExecutionControl control) throws ExperimentFailure {
        refuseWhatIsNotOnTheDevice(job.spec());
        ExecutionOutcome outcome;
        try {
            outcome = runs.execute(job, control);
        } catch (io.analogcomposer.tensor.DeviceMemoryTooSmall e) {
            throw new ExperimentFailure(FailureCode.OUT_OF_MEMORY, e.getMessage(), e);
        } catch (ExperimentFailure f) {
            if (f.getCause() instanceof UnsupportedOnTensorPath u) {
                throw new ExperimentFailure(FailureCode.UNSUPPORTED, u.getMessage() + "; run it with backend cpu", u);
            }
            throw f;
        }
        if (outcome instanceof ExecutionOutcome.Completed done) {
            log.info("Run {} computed by the tensor program on {}", job.runId(), device.description());
            RunResult r = done.result();
            Map<String, Double> summary = new LinkedHashMap<>(r.summary());
            summary.put("tensor_program", 1.0);
            summary.put("device_cuda", device.isCuda() ? 1.0 : 0.0);
            summary.put("device_memory_gib", device.totalMemoryBytes() / (double) (1L << 30));
            return new ExecutionOutcome.Completed(new RunResult(r.kind(), r.epochs(), r.inference(), summary,
                    r.artifacts(), r.simulatorVersion(), r.durationSeconds()), done.files());
        }
        return outcome;
    }

    /** Whether an analog layer trains in memory with a compound device (rpu_config type unit_cell). */
    private static boolean compoundInMemory(ExperimentSpec spec) {
        if (spec.network() == null || spec.network().layers() == null) {
            return false;
        }
        return spec.network().layers().stream().anyMatch(l -> {
            if (l == null || l.type() == null || !l.type().analog()) {
                return false;
            }
            io.analogcomposer.spec.rpu.RPUConfig c = l.rpuConfig() != null ? l.rpuConfig() : spec.rpuConfig();
            return c != null && c.type() == io.analogcomposer.spec.rpu.RpuType.UNIT_CELL;
        });
    }

    /**
     * Refuses, by name and before anything runs, the experiments the tensor program cannot run yet (what the devices
     * of a single-device configuration lack is refused by the tensor trainer, also before training).
     */
    static void refuseWhatIsNotOnTheDevice(ExperimentSpec spec) throws ExperimentFailure {
        if (spec.kind() != ExperimentKind.INFERENCE && spec.kind() != ExperimentKind.TRAINING) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "kind=" + spec.kind().name().toLowerCase()
                    + " is not on the tensor (GPU) path; run it with backend hardware");
        }
        Inference inf = spec.inference();
        boolean template = inf != null && inf.weightTemplate() != null && !inf.weightTemplate().isBlank();
        if (!template && compoundInMemory(spec)) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "in-memory training with compound devices (an "
                    + "analog layer's rpu_config of type unit_cell: Tiki-Taka and the transfer family, mixed "
                    + "precision, one-sided, vector) is not on the tensor (GPU) path yet; in-memory training with one "
                    + "pulsed device (type single) and hardware-aware training (type inference) are; run it with "
                    + "backend cpu");
        }
        if (spec.kind() == ExperimentKind.INFERENCE && SpecToEngine.calibration(spec) != null) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "inference.input_range_calibration is not on the "
                    + "tensor (GPU) path yet; leave it out or run it with backend cpu");
        }
    }
}
