package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.experiment.ExperimentRunner;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.experiment.Resumption;
import io.analogcomposer.engine.experiment.RunStatus;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.engine.experiment.Checkpoint;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.experiment.DatasetSpec;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.experiment.Inference;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs jobs with the simulator engine's experiment runner on the given compute backend: training experiments, and
 * inference experiments (train, then evaluate over inference times with the engine's inference evaluator). An
 * inference experiment naming a {@code weight_template} is not trained: its network receives the template's weights
 * ({@link WeightTemplates}) and is evaluated over the inference times directly.
 */
public final class EngineExperimentExecutor implements ExperimentExecutor {

    /** The trained weights' file name and media type as users download them. */
    public static final String CHECKPOINT_NAME = "checkpoint.acck";
    public static final String CHECKPOINT_MEDIA_TYPE = "application/vnd.analog-composer.checkpoint";
    /** Artifacts travel base64 in one message; larger ones are not attached. */
    static final long MAX_ARTIFACT_BYTES = 48L * 1024 * 1024;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EngineExperimentExecutor.class);

    /** Where uploaded datasets are unpacked when the worker names no place: the temporary directory. */
    public static final Path DEFAULT_UPLOAD_CACHE = Path.of(System.getProperty("java.io.tmpdir"),
            "analog-composer-uploaded-datasets");
    /** The size the default cache is trimmed to. */
    public static final long DEFAULT_UPLOAD_CACHE_BYTES = 256L * 1024 * 1024;

    private final ExperimentRunner runner;
    private final ComputeBackend backend;
    private final WeightTemplates templates;
    private final OverTimeEvaluation overTime;
    private final TrainingRun training;
    private final UploadedDatasetCache uploads;

    /** An executor with the weight templates that ship with the worker. */
    public EngineExperimentExecutor(DatasetLocator datasets, ComputeBackend backend) {
        this(datasets, backend, WeightTemplates.shipped());
    }

    public EngineExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, WeightTemplates templates) {
        this(datasets, backend, templates, new UploadedDatasetCache(DEFAULT_UPLOAD_CACHE, DEFAULT_UPLOAD_CACHE_BYTES),
                OverTimeEvaluation.JAVA_ENGINE);
    }

    /**
     * @param uploads where the uploaded datasets that jobs carry are unpacked for the engine
     */
    public EngineExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, WeightTemplates templates,
            UploadedDatasetCache uploads) {
        this(datasets, backend, templates, uploads, OverTimeEvaluation.JAVA_ENGINE);
    }

    /**
     * An executor whose inference runs evaluate over time with {@code overTime} (the GPU worker's tensor program);
     * everything else (data, templates, training) stays on {@code backend}.
     *
     * @param uploads where the uploaded datasets that jobs carry are unpacked for the engine
     */
    public EngineExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, WeightTemplates templates,
            UploadedDatasetCache uploads, OverTimeEvaluation overTime) {
        this(datasets, backend, templates, uploads, overTime, TrainingRun.JAVA_ENGINE);
    }

    /**
     * An executor whose training runs with {@code training} and whose inference runs evaluate over time with
     * {@code overTime} (the GPU worker's tensor program); data and templates stay on {@code backend}.
     *
     * @param uploads where the uploaded datasets that jobs carry are unpacked for the engine
     */
    public EngineExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, WeightTemplates templates,
            UploadedDatasetCache uploads, OverTimeEvaluation overTime, TrainingRun training) {
        this.runner = new ExperimentRunner(uploads.locator(datasets), backend);
        this.backend = backend;
        this.templates = templates;
        this.uploads = uploads;
        this.overTime = overTime;
        this.training = training;
    }

    @Override
    public ExecutionOutcome execute(RunJob job, ExecutionControl control) throws ExperimentFailure {
        Inference inf = job.spec().inference();
        if (job.spec().kind() == ExperimentKind.INFERENCE && inf != null && inf.weightTemplate() != null
                && !inf.weightTemplate().isBlank()) {
            return evaluateTemplate(job, inf.weightTemplate(), control);
        }
        RunSpec spec = SpecToEngine.runSpec(job.spec());
        uploads.prepare(job);
        boolean inference = job.spec().kind() == ExperimentKind.INFERENCE;
        InferenceEvaluator.Settings settings = inference ? SpecToEngine.inferenceSettings(job.spec()) : null;
        // an inference run trains first, then evaluates over time: each half of the progress bar
        double trainingShare = inference ? 0.5 : 1.0;
        TrainingListener listener = EngineResults.trainingProgress(control, trainingShare, spec.training().epochs());
        ExperimentRunner.Outcome outcome;
        List<InferenceEvaluator.Point> points = List.of();
        Map<String, Double> calibrated = Map.of();
        try {
            control.trainingResumable(true);
            outcome = training.run(runner, spec, listener, control::stopRequested, resumption(job, control));
            control.trainingResumable(false);
            if (outcome.result().status() == RunStatus.CANCELLED) {
                return new ExecutionOutcome.Stopped();
            }
            if (inference) {
                NetworkSpec net = ModelBuilder.resolve(spec.network());
                calibrated = SpecToEngine.calibrate(job.spec(), outcome.model(),
                        runner.loadData(spec.dataset(), net.inputShapeArray(), spec.seed()).train(),
                        settings.batchSize(), spec.seed());
                points = evaluateOverTime(spec, outcome, settings, control);
                if (control.stopRequested()) {
                    return new ExecutionOutcome.Stopped();
                }
            }
        } catch (IOException e) {
            throw ExperimentFailure.fromEngine(e, spec.dataset().name());
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw ExperimentFailure.fromEngine(e);
        }
        RunResult result = EngineResults.runResult(job.spec().kind(), outcome.result());
        List<ExecutionOutcome.ArtifactFile> files = checkpoint(spec, outcome);
        List<RunResult.Artifact> listed = new ArrayList<>(result.artifacts());
        for (ExecutionOutcome.ArtifactFile file : files) {
            listed.add(new RunResult.Artifact(file.name(), file.mediaType(),
                    "/api/v1/runs/" + job.runId() + "/artifacts/" + file.name(), file.content().length,
                    RunArtifact.sha256(file.content())));
        }
        Map<String, Double> summary = new java.util.LinkedHashMap<>(result.summary());
        summary.putAll(calibrated);
        if (outcome.resumedAfterEpochs() > 0) {
            // this attempt continued the training an earlier attempt saved after so many epochs
            summary.put("resumed_after_epochs", (double) outcome.resumedAfterEpochs());
        }
        result = new RunResult(result.kind(), result.epochs(), EngineResults.inferenceResults(points), summary,
                listed, result.simulatorVersion(), result.durationSeconds());
        return new ExecutionOutcome.Completed(result, files);
    }

    /**
     * Continues from the training state an earlier attempt of the run saved, and saves this attempt's state at epoch
     * boundaries (at most every {@code min-interval}; at once, and then stops, when the worker wants the job back).
     */
    private static Resumption resumption(RunJob job, ExecutionControl control) {
        return new Resumption() {
            @Override
            public byte[] saved() {
                return control.savedTrainingState();
            }

            @Override
            public boolean afterEpoch(int epochsDone, int epochs, java.util.function.Supplier<byte[]> state) {
                boolean handBack = control.handBackRequested();
                if (state != null) {
                    control.saveTrainingState(epochsDone, state, handBack);
                }
                return handBack;
            }

            @Override
            public void savedStateRefused(String why) {
                log.warn("Run {}: the saved training state was not used ({}); training from the first epoch",
                        job.runId(), why);
            }

            @Override
            public void notResumable(List<String> parts) {
                control.trainingResumable(false);
                log.info("Run {} is not saved at epoch boundaries: {}", job.runId(), String.join(", ", parts));
            }
        };
    }

    /**
     * An inference run on pre-trained weights: no training; the experiment's network (with its own rpu_config)
     * receives the template's logical weights, then is evaluated over the inference times.
     */
    private ExecutionOutcome evaluateTemplate(RunJob job, String id, ExecutionControl control)
            throws ExperimentFailure {
        ExperimentSpec doc = job.spec();
        long t0 = System.nanoTime();
        InferenceEvaluator.Settings settings = SpecToEngine.inferenceSettings(doc);
        if (doc.network() == null || doc.dataset() == null) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                    "an inference experiment needs 'network' and 'dataset'");
        }
        NetworkSpec net = ModelBuilder.resolve(SpecToEngine.network(doc));
        DatasetSpec data = SpecToEngine.dataset(doc.dataset());
        uploads.prepare(job);
        long seed = doc.seed() == null ? 0L : doc.seed();
        List<InferenceEvaluator.Point> points;
        Sequential model;
        Map<String, Double> calibrated;
        try {
            model = templates.build(net, id, Datasets.canonical(data.name()), seed, backend);
            calibrated = SpecToEngine.calibrate(doc, model, runner.loadData(data, net.inputShapeArray(), seed).train(),
                    settings.batchSize(), seed);
            Dataset test = runner.loadData(data, net.inputShapeArray(), seed).test();
            String loss = doc.training() != null && doc.training().loss() != null
                    ? doc.training().loss().wire()
                    : "nll";
            points = evaluateOverTime(model, test, Loss.byName(loss), settings, control, 0.0);
        } catch (IOException e) {
            throw ExperimentFailure.fromEngine(e, data.name());
        } catch (IllegalArgumentException e) {
            throw ExperimentFailure.fromEngine(e);
        }
        if (control.stopRequested()) {
            return new ExecutionOutcome.Stopped();
        }
        long parameters = model.parameters().stream().mapToLong(p -> p.value().size()).sum();
        Map<String, Double> summary = new java.util.LinkedHashMap<>();
        summary.put("parameter_count", (double) parameters);
        summary.put("epochs", 0.0);
        // 1 when the composer's own weights are not installed and the project's equivalent template stood in
        summary.put("weights_substituted", templates.substituteFor(id).isPresent() ? 1.0 : 0.0);
        summary.putAll(calibrated);
        RunResult result = new RunResult(ExperimentKind.INFERENCE, List.of(), EngineResults.inferenceResults(points),
                summary, List.of(), io.analogcomposer.engine.EngineInfo.current().version(),
                (System.nanoTime() - t0) / 1e9);
        return new ExecutionOutcome.Completed(result, List.of());
    }

    /**
     * Programs the trained model's analog tiles anew per repetition and evaluates the test set at each inference
     * time (drift, noise), reporting every time's statistics after each repetition.
     */
    private List<InferenceEvaluator.Point> evaluateOverTime(RunSpec spec, ExperimentRunner.Outcome outcome,
            InferenceEvaluator.Settings settings, ExecutionControl control) throws IOException {
        NetworkSpec net = ModelBuilder.resolve(spec.network());
        // the same data the run trained on (synthetic data is seeded), for its test split
        Dataset test = runner.loadData(spec.dataset(), net.inputShapeArray(), spec.seed()).test();
        return evaluateOverTime(outcome.model(), test, Loss.byName(spec.training().loss()), settings, control, 0.5);
    }

    /** Evaluates over time, the progress bar running from {@code start} to 1. */
    private List<InferenceEvaluator.Point> evaluateOverTime(Sequential model, Dataset test, Loss loss,
            InferenceEvaluator.Settings settings, ExecutionControl control, double start) {
        int times = settings.times().length;
        double points = (double) times * settings.repetitions();
        InferenceEvaluator.Listener listener = new InferenceEvaluator.Listener() {
            @Override
            public void onPoint(int rep, int k, double time, double accuracy, double loss) {
                control.progressed(start + (1 - start) * (rep * times + k + 1) / points);
            }

            @Override
            public void onRepetition(int rep, List<InferenceEvaluator.Point> soFar) {
                for (int k = 0; k < soFar.size(); k++) {
                    InferenceEvaluator.Point p = soFar.get(k);
                    control.inferenceTimeEvaluated(k, times, p.time(), p.repetitions(),
                            EngineResults.inferenceMetrics(p));
                }
            }
        };
        return overTime.evaluate(model, test, loss, settings, listener, control::stopRequested);
    }

    /**
     * The trained weights in the engine's checkpoint format, so a user can download and reload them. Models too
     * large to travel in one message are not attached (the result still lists what was trained).
     */
    private static List<ExecutionOutcome.ArtifactFile> checkpoint(RunSpec spec, ExperimentRunner.Outcome outcome) {
        if (outcome.model() == null) {
            return List.of();
        }
        Path file = null;
        try {
            file = Files.createTempFile("run-", ".acck");
            Checkpoint.save(file, ModelBuilder.resolve(spec.network()), outcome.model(),
                    Map.of("seed", spec.seed(), "engine_version", outcome.result().engineVersion()));
            if (Files.size(file) > MAX_ARTIFACT_BYTES) {
                log.warn("Checkpoint of {} bytes not attached (limit {})", Files.size(file), MAX_ARTIFACT_BYTES);
                return List.of();
            }
            return List.of(new ExecutionOutcome.ArtifactFile(CHECKPOINT_NAME, CHECKPOINT_MEDIA_TYPE,
                    Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write the checkpoint: {}", e.getMessage());
            return List.of();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
