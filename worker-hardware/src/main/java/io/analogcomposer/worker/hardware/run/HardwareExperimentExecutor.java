package io.analogcomposer.worker.hardware.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.client.ChipException;
import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.spec.fusion.FusionLayer;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.experiment.ExperimentRunner;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.UploadedDatasetCache;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.experiment.RunStatus;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.messages.ChipStatus;
import io.analogcomposer.spec.messages.HardwareResult;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.worker.engine.EngineResults;
import io.analogcomposer.worker.engine.ExecutionControl;
import io.analogcomposer.worker.engine.ExecutionOutcome;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.engine.ExperimentFailure;
import io.analogcomposer.worker.engine.FailureCode;
import io.analogcomposer.worker.engine.SpecToEngine;
import io.analogcomposer.worker.hardware.HardwareProperties;
import io.analogcomposer.worker.hardware.chip.ChipSession;
import io.analogcomposer.worker.hardware.chip.ChipWatch;
import io.analogcomposer.worker.engine.WeightTemplates;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.experiment.DatasetSpec;
import io.analogcomposer.worker.hardware.chip.ProgrammedConductances;
import io.analogcomposer.worker.hardware.chip.FusionCsvProgramming;
import io.analogcomposer.worker.hardware.chip.ConductanceReadback;
import io.analogcomposer.worker.hardware.chip.LayerShape;
import io.analogcomposer.worker.hardware.chip.Measurement;
import io.analogcomposer.worker.hardware.chip.ModelDoesNotFitException;
import io.analogcomposer.worker.hardware.chip.Placement;
import io.analogcomposer.worker.hardware.chip.ProgrammedModel;
import io.analogcomposer.worker.hardware.chip.ProgrammingStatistics;
import io.analogcomposer.worker.hardware.run.ChipMatrices.ChipLayer;

/**
 * Runs a hardware_inference job (tutorial Sec. VI.4): trains the network with the engine as the document says,
 * places its analog weights on the chip (refusing, with the numbers, a model that does not fit, before anything is
 * trained or programmed), converts them to Fusion conductances, programs them with program-and-verify through the
 * chip client, reads them back ({@code reads} averaged reads), and evaluates the test set with the engine on the
 * weights recovered from the measured conductances, keeping the rpu_config's MVM non-idealities. At every later
 * inference time the devices are read again (an emulated chip's clock is advanced; a real chip is waited for up to
 * {@code max-wait}), so the accuracy over time reflects the chip's own drift.
 *
 * <p>
 * Each of the document's {@code inference.repetitions} programs the chip anew (programming noise, and which devices
 * fail to converge, differ from one programming to the next, as on the real chip) and evaluates at every time, so the
 * accuracy's mean and std over repetitions are those of repeated programming, as the simulator's are. One job at a
 * time uses the chip
 * (programming, reading and evaluating hold it); a chip controller that restarts is waited for per request
 * ({@link io.analogcomposer.worker.hardware.chip.ChipRetry}). Devices a chip reported as failed are avoided by the
 * next placements on it.
 */
public final class HardwareExperimentExecutor implements ExperimentExecutor {

    /** The programmed (read back) conductances as a Fusion CSV, for download as with the real composer. */
    public static final String PROGRAMMED_CSV = "programmed_conductances.csv";
    /** The target conductances as a Fusion CSV. */
    public static final String TARGETS_CSV = "target_conductances.csv";
    public static final String CSV_MEDIA_TYPE = "text/csv";

    private static final Logger log = LoggerFactory.getLogger(HardwareExperimentExecutor.class);
    private static final double TRAINING_SHARE = 0.5;
    private static final double PROGRAMMING_SHARE = 0.3;

    private final ExperimentRunner runner;
    private final UploadedDatasetCache uploads;
    private final ComputeBackend backend;
    private final ChipClient client;
    private final HardwareProperties properties;
    private final WeightTemplates templates;
    /** The chip holds one model at a time. */
    private final ReentrantLock chip = new ReentrantLock(true);
    /**
     * Devices each chip reported as not converged, left out when placing later models: stuck devices stay stuck.
     * Kept for the worker's life (a chip's own history endpoint has the full record).
     */
    private final Map<String, BitSet> failedDevices = new ConcurrentHashMap<>();
    /** The chip as last found, for the worker's announcements; null when not watched (tests of the executor). */
    private final ChipWatch watch;

    public HardwareExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, ChipClient client,
            HardwareProperties properties) {
        this(datasets, backend, client, properties, WeightTemplates.shipped());
    }

    public HardwareExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, ChipClient client,
            HardwareProperties properties, WeightTemplates templates) {
        this(datasets, backend, client, properties, templates, new UploadedDatasetCache(
                EngineExperimentExecutor.DEFAULT_UPLOAD_CACHE, EngineExperimentExecutor.DEFAULT_UPLOAD_CACHE_BYTES));
    }

    /** @param uploads where the uploaded datasets that jobs carry are unpacked for the engine */
    public HardwareExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, ChipClient client,
            HardwareProperties properties, WeightTemplates templates, UploadedDatasetCache uploads) {
        this(datasets, backend, client, properties, templates, uploads, null);
    }

    /** @param watch keeps the chip's identity and liveness for the worker's announcements (null: none announced) */
    public HardwareExperimentExecutor(DatasetLocator datasets, ComputeBackend backend, ChipClient client,
            HardwareProperties properties, WeightTemplates templates, UploadedDatasetCache uploads,
            ChipWatch watch) {
        this.watch = watch;
        this.uploads = uploads;
        this.runner = new ExperimentRunner(uploads.locator(datasets), backend);
        this.backend = backend;
        this.client = client;
        this.properties = properties;
        this.templates = templates;
    }

    /**
     * The weights a run programs, from training or a template: the model holding them and, after training, the
     * simulator's result of it (null for a template, whose simulated accuracy is measured before programming).
     */
    private record Weights(Module model, io.analogcomposer.engine.experiment.RunResult trained,
            double simulatedAccuracy) {}

    @Override
    public java.util.Optional<ChipStatus> chip() {
        return watch == null ? java.util.Optional.empty() : java.util.Optional.of(watch.current());
    }

    /** Opens a session on the chip (retried while it is away); a chip that answered is live for the announcements. */
    private ChipSession openSession() {
        ChipSession session = ChipSession.open(client, properties.retry()).withChunk(properties.chunkDevices());
        if (watch != null) {
            watch.seen(session.identity());
        }
        return session;
    }

    @Override
    public ExecutionOutcome execute(RunJob job, ExecutionControl control) throws ExperimentFailure {
        long started = System.nanoTime();
        ExecutionOutcome outcome = programAndRead(job, control);
        // the run's duration is the whole job's (training, programming, waiting for the read-out times), not only
        // the simulator's share of it, which is zero for pre-trained weights
        if (outcome instanceof ExecutionOutcome.Completed done) {
            RunResult r = done.result();
            double wall = (System.nanoTime() - started) / 1e9;
            return new ExecutionOutcome.Completed(new RunResult(r.kind(), r.epochs(), r.inference(), r.summary(),
                    r.artifacts(), r.simulatorVersion(), Math.max(wall, r.durationSeconds()), r.hardware()),
                    done.files());
        }
        return outcome;
    }

    private ExecutionOutcome programAndRead(RunJob job, ExecutionControl control) throws ExperimentFailure {
        ExperimentSpec spec = job.spec();
        if (spec.kind() != ExperimentKind.HARDWARE_INFERENCE) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "kind '" + spec.kind().wire() + "' is not run by "
                    + "the hardware worker: it programs the PCM chip and runs hardware_inference only");
        }
        if (spec.inference() == null) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "a hardware_inference experiment needs "
                    + "'inference' (the times at which the programmed chip is read and evaluated)");
        }
        // trained and evaluated over time as an inference experiment; only where the weights live differs
        ExperimentSpec asInference = new ExperimentSpec(spec.schemaVersion(), ExperimentKind.INFERENCE, spec.name(),
                spec.seed(), spec.dataset(), spec.network(), spec.preset(), spec.rpuConfig(), spec.training(),
                spec.inference(), spec.backend(), spec.costModel());
        double[] times = SpecToEngine.inferenceSettings(asInference).times();
        int repetitions = SpecToEngine.inferenceSettings(asInference).repetitions();
        uploads.prepare(job); // a dataset the user uploaded travels with the job, as uploaded conductances do
        if (job.targetConductances() != null) {
            return programUploaded(job, times, control);
        }
        String template = spec.inference().weightTemplate();
        RunSpec run = template == null ? SpecToEngine.runSpec(asInference) : null;
        Setup setup = run != null
                ? new Setup(run.network(), run.dataset(), run.seed(), run.training().loss())
                : new Setup(SpecToEngine.network(spec), SpecToEngine.dataset(spec.dataset()),
                        spec.seed() == null ? 0L : spec.seed(),
                        spec.training() != null && spec.training().loss() != null
                                ? spec.training().loss().wire()
                                : "nll");
        int batchSize = SpecToEngine.inferenceSettings(asInference).batchSize();
        List<LayerShape> shapes = analogShapes(setup, spec);
        try {
            ChipSession session = openSession();
            Placement placement = place(session, shapes, knownFailed(session));
            log.info("Run {}: {} on chip {}", job.runId(), placement.summary(), session.identity().chipId());
            Weights weights = run != null ? train(run, control) : fromTemplate(spec, setup, template, batchSize);
            if (weights == null) {
                return new ExecutionOutcome.Stopped();
            }
            // the input ranges are part of the evaluated model, not of the programmed weights
            Map<String, Double> calibrated = SpecToEngine.calibrate(spec, weights.model(),
                    runner.loadData(setup.dataset(),
                            ModelBuilder.resolve(setup.network()).inputShapeArray(), setup.seed()).train(),
                    batchSize,
                    setup.seed());
            if (!lockChip(control)) {
                return new ExecutionOutcome.Stopped();
            }
            try {
                return programAndEvaluate(job, session, placement, setup, weights, times, repetitions, batchSize,
                        calibrated, control);
            } finally {
                chip.unlock();
            }
        } catch (ChipException e) {
            throw chipFailure(e);
        } catch (IOException e) {
            throw ExperimentFailure.fromEngine(e, setup.dataset().name());
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw ExperimentFailure.fromEngine(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecutionOutcome.Stopped();
        }
    }

    /**
     * "Bring your own conductances": the uploaded Fusion CSV's targets are placed, programmed with program-and-verify
     * and read back as they are (no model, no accuracy: the signs and the network stay with the user), then read
     * again at the later inference times to measure drift. The programmed conductances go back as a Fusion CSV of
     * the same layers, the upload itself as the targets file.
     */
    private ExecutionOutcome programUploaded(RunJob job, double[] times, ExecutionControl control)
            throws ExperimentFailure {
        long t0 = System.nanoTime();
        byte[] uploaded;
        FusionCsv targets;
        try {
            uploaded = job.targetConductances().csv();
            targets = FusionCsv.parse(new String(uploaded, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "the uploaded conductance file "
                    + job.targetConductances().name() + " cannot be programmed: " + e.getMessage(), e);
        }
        try {
            ChipSession session = openSession();
            if (!lockChip(control)) {
                return new ExecutionOutcome.Stopped();
            }
            try {
                FusionCsvProgramming.Result programmed;
                try {
                    programmed = FusionCsvProgramming.program(session, targets, knownFailed(session),
                            properties.algorithm(), properties.reads(),
                            (done, total) -> control.progressed(0.8 * done / Math.max(1, total)));
                } catch (ModelDoesNotFitException e) {
                    throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "the uploaded conductances do not "
                            + "fit on chip " + session.identity().chipId() + ": " + e.getMessage(), e);
                }
                Instant programmedAt = Instant.now();
                BitSet failed = failedDevices.computeIfAbsent(session.identity().chipId(), id -> new BitSet());
                synchronized (failed) {
                    failed.or(programmed.chip().failedAddresses());
                }
                double gMax = Math.max(1e-9, targets.layers().stream()
                        .flatMapToDouble(l -> java.util.Arrays.stream(l.conductancesUs())).max().orElse(0));
                List<HardwareResult.Readback> readbacks = new ArrayList<>();
                double since = programmed.readback().sinceProgrammingS();
                for (int k = 0; k < times.length; k++) {
                    if (control.stopRequested()) {
                        return new ExecutionOutcome.Stopped();
                    }
                    ConductanceReadback readback = programmed.readback();
                    if (times[k] > since) {
                        if (!waitUntil(session, programmedAt, times[k] - since, times[k], job)) {
                            break;
                        }
                        readback = session.read(programmed.chip(), properties.reads(), gMax);
                        since = readback.sinceProgrammingS();
                    }
                    readbacks.add(readbackOf(times[k], programmed.chip(), readback));
                    control.progressed(0.8 + 0.2 * (k + 1) / times.length);
                }
                ProgrammingStatistics stats = programmed.readback().statistics();
                Map<String, Double> summary = new LinkedHashMap<>();
                summary.put("uploaded_values", (double) targets.totalWeights());
                chipSummary(summary, programmed.chip().placement(), stats);
                List<ExecutionOutcome.ArtifactFile> files = List.of(
                        new ExecutionOutcome.ArtifactFile(PROGRAMMED_CSV, CSV_MEDIA_TYPE,
                                programmed.programmed().format().getBytes(StandardCharsets.UTF_8)),
                        new ExecutionOutcome.ArtifactFile(TARGETS_CSV, CSV_MEDIA_TYPE, uploaded));
                RunResult result = new RunResult(ExperimentKind.HARDWARE_INFERENCE, List.of(), List.of(), summary,
                        listed(job, files), io.analogcomposer.engine.EngineInfo.current().version(),
                        (System.nanoTime() - t0) / 1e9,
                        hardwareResult(session, programmed.chip(), programmed.readback(), programmedAt, gMax,
                                readbacks, List.of(), programmed.chip().pulses()));
                log.info("Run {}: programmed {} uploaded conductances ({}) on chip {}", job.runId(),
                        targets.totalWeights(), job.targetConductances().name(), session.identity().chipId());
                return new ExecutionOutcome.Completed(result, files);
            } finally {
                chip.unlock();
            }
        } catch (ChipException e) {
            throw chipFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecutionOutcome.Stopped();
        }
    }

    /**
     * Lets time pass until {@code t} seconds after programming: an emulated chip's clock is advanced, a real chip is
     * waited for up to {@code max-wait}; false when that is too long (the later times are not measured).
     */
    private boolean waitUntil(ChipSession session, Instant programmedAt, double wait, double t, RunJob job)
            throws InterruptedException {
        if (session.identity().emulated()) {
            session.advanceTime(wait);
            return true;
        }
        if (Duration.between(programmedAt, Instant.now()).toMillis() / 1000.0 + wait <= properties.maxWait()
                .toSeconds()) {
            Thread.sleep(Math.round(wait * 1000));
            return true;
        }
        log.info("Run {}: inference times from {} s on were not measured: chip {} is real and the worker waits at "
                + "most {}", job.runId(), t, session.identity().chipId(), properties.maxWait());
        return false;
    }

    private ExperimentFailure chipFailure(ChipException e) {
        return new ExperimentFailure(FailureCode.INTERNAL_ERROR, "the PCM chip at " + client.base()
                + (e.retriable()
                        ? " could not be reached (" + properties.retryAttempts() + " tries): "
                        : " refused a request: ")
                + e.getMessage(), e);
    }

    /** What evaluating a model needs besides its weights. */
    private record Setup(NetworkSpec network, DatasetSpec dataset, long seed, String loss) {}

    /** The chip matrices of the untrained model (their shapes do not change in training). */
    private static List<LayerShape> analogShapes(Setup setup, ExperimentSpec spec) throws ExperimentFailure {
        List<ChipLayer> layers;
        try {
            layers = ChipMatrices.of(ModelBuilder.build(setup.network(), setup.seed(), null), spec.network().layers());
        } catch (IllegalArgumentException e) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                    "the experiment cannot run as specified: " + e.getMessage(), e);
        }
        if (layers.isEmpty()) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "network.layers has no analog layer: a "
                    + "hardware_inference run programs the analog layers' weights on the chip; use analog_linear, "
                    + "analog_conv1d or analog_conv2d");
        }
        return layers.stream().map(ChipLayer::shape).toList();
    }

    private BitSet knownFailed(ChipSession session) {
        BitSet known = failedDevices.get(session.identity().chipId());
        if (known == null) {
            return new BitSet();
        }
        synchronized (known) {
            return (BitSet) known.clone();
        }
    }

    /** Places the layers on the chip, or refuses with the numbers before anything is trained or programmed. */
    private static Placement place(ChipSession session, List<LayerShape> shapes, BitSet excluded)
            throws ExperimentFailure {
        try {
            return session.place(shapes, excluded, 0);
        } catch (ModelDoesNotFitException e) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                    "the model does not fit on chip " + session.identity().chipId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The network holding a template's weights (no training), and its accuracy in the simulator with the
     * rpu_config's forward non-idealities, to set beside the chip's.
     */
    private Weights fromTemplate(ExperimentSpec spec, Setup setup, String id, int batchSize)
            throws ExperimentFailure, IOException {
        Module model = templates.build(setup.network(), id, Datasets.canonical(setup.dataset().name()), setup.seed(),
                backend);
        model.train(false);
        double[] simulated = InferenceEvaluator.evaluateOnce(model, testLoader(setup, batchSize), Loss.byName(setup
                .loss()));
        return new Weights(model, null, simulated[0]);
    }

    private BatchLoader testLoader(Setup setup, int batchSize) throws IOException {
        NetworkSpec net = ModelBuilder.resolve(setup.network());
        Dataset test = runner.loadData(setup.dataset(), net.inputShapeArray(), setup.seed()).test();
        return new BatchLoader(test, batchSize, false, 0, !Loss.byName(setup.loss()).classTargets());
    }

    /** Trains as the document says; null when stopped. */
    private Weights train(RunSpec run, ExecutionControl control) throws IOException {
        ExperimentRunner.Outcome outcome = runner.run(run,
                EngineResults.trainingProgress(control, TRAINING_SHARE, run.training().epochs()),
                control::stopRequested);
        return outcome.result().status() == RunStatus.CANCELLED
                ? null
                : new Weights(outcome.model(), outcome.result(), outcome.result().testAccuracy());
    }

    /** Waits for the chip while other jobs use it; false when the job was asked to stop meanwhile. */
    private boolean lockChip(ExecutionControl control) throws InterruptedException {
        while (!chip.tryLock(1, TimeUnit.SECONDS)) {
            if (control.stopRequested()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Programs the weights {@code repetitions} times; after each programming the devices are read at every inference
     * time and the test set evaluated on the weights recovered from them. Mean and std per time are over the
     * programmings, reported after each one as the simulator reports its repetitions.
     */
    private ExecutionOutcome programAndEvaluate(RunJob job, ChipSession session, Placement placement, Setup setup,
            Weights trained, double[] times, int repetitions, int batchSize, Map<String, Double> calibrated,
            ExecutionControl control) throws IOException, InterruptedException {
        Module model = trained.model();
        List<ChipLayer> layers = ChipMatrices.of(model, job.spec().network().layers());
        List<float[]> matrices = layers.stream().map(ChipLayer::matrix).toList();
        Loss loss = Loss.byName(setup.loss());
        BatchLoader loader = testLoader(setup, batchSize);

        // the chip's share of the bar, split evenly over the programmings: 60 % of each programs, 40 % reads
        double perRepetition = (1 - TRAINING_SHARE) / repetitions;
        double programmingPart = PROGRAMMING_SHARE / (1 - TRAINING_SHARE);
        double[][] accuracy = new double[repetitions][times.length];
        double[][] losses = new double[repetitions][times.length];
        // a real chip is read only at the times the worker may wait for: the programmings stop at the same time
        int measured = times.length;
        ProgrammedModel first = null;
        Measurement firstRead = null;
        Instant firstProgrammedAt = null;
        List<HardwareResult.Readback> readbacks = new ArrayList<>();
        List<HardwareResult.Repetition> programmings = new ArrayList<>();
        List<InferenceEvaluator.Point> points = List.of();
        long pulses = 0;
        for (int rep = 0; rep < repetitions; rep++) {
            if (control.stopRequested()) {
                return new ExecutionOutcome.Stopped();
            }
            double base = TRAINING_SHARE + rep * perRepetition;
            ProgrammedModel programmed = session.programWeights(placement, matrices, properties.converter(),
                    properties.algorithm(), (done, total) -> control
                            .progressed(base + perRepetition * programmingPart * done / Math.max(1, total)));
            Instant programmedAt = Instant.now();
            pulses += programmed.chip().pulses();
            BitSet failed = failedDevices.computeIfAbsent(session.identity().chipId(), id -> new BitSet());
            synchronized (failed) {
                failed.or(programmed.chip().failedAddresses());
            }
            model.train(false);
            Measurement afterProgramming = null;
            double since = 0;
            for (int k = 0; k < measured; k++) {
                if (control.stopRequested()) {
                    return new ExecutionOutcome.Stopped();
                }
                double wait = times[k] - since;
                // the first time too: a grid may start after 0 s
                if (wait > 0 && !waitUntil(session, programmedAt, wait, times[k], job)) {
                    measured = k;
                    break;
                }
                Measurement measurement = session.readWeights(programmed, properties.reads());
                ConductanceReadback readback = measurement.readback();
                since = readback.sinceProgrammingS();
                if (afterProgramming == null) {
                    afterProgramming = measurement;
                }
                for (int l = 0; l < layers.size(); l++) {
                    layers.get(l).apply(measurement.weights().get(l));
                }
                double[] evaluation = InferenceEvaluator.evaluateOnce(model, loader, loss);
                accuracy[rep][k] = evaluation[0];
                losses[rep][k] = evaluation[1];
                if (rep == 0) {
                    readbacks.add(readbackOf(times[k], programmed.chip(), readback));
                }
                control.progressed(base + perRepetition * (programmingPart + (1 - programmingPart) * (k + 1)
                        / times.length));
            }
            if (afterProgramming == null) {
                break; // not even the first time could be read (a real chip, a grid that starts too late)
            }
            if (rep == 0) {
                first = programmed;
                firstRead = afterProgramming;
                firstProgrammedAt = programmedAt;
            }
            List<Double> mine = new ArrayList<>();
            for (int k = 0; k < measured; k++) {
                mine.add(100 * accuracy[rep][k]);
            }
            ProgrammingStatistics stats = afterProgramming.readback().statistics();
            programmings.add(new HardwareResult.Repetition(mine, programmed.chip().pulses(), stats.failedDevices(),
                    stats.stdErrorUs()));
            points = InferenceEvaluator.summarize(java.util.Arrays.copyOf(times, measured), accuracy, losses,
                    rep + 1);
            for (int k = 0; k < points.size(); k++) {
                InferenceEvaluator.Point p = points.get(k);
                control.inferenceTimeEvaluated(k, times.length, p.time(), rep + 1,
                        EngineResults.inferenceMetrics(p));
            }
            log.info("Run {}: programming {} of {} on chip {}: accuracy (%) {} at {} s", job.runId(), rep + 1,
                    repetitions, session.identity().chipId(), mine,
                    java.util.Arrays.toString(java.util.Arrays.copyOf(times, measured)));
        }
        if (first == null) {
            throw new IllegalArgumentException("the chip could not be read at the first inference time ("
                    + times[0] + " s after programming): a real chip is waited for at most " + properties.maxWait());
        }
        // a later programming may have reached fewer times than the first: all keep the times every one reached
        int kept = measured;
        List<HardwareResult.Repetition> repetitionsMeasured = programmings.stream()
                .map(r -> new HardwareResult.Repetition(r.accuracy().subList(0, Math.min(kept, r.accuracy().size())),
                        r.pulses(), r.failedDevices(), r.stdErrorUs()))
                .toList();
        return completed(job, session, first, firstRead, firstProgrammedAt, trained,
                points.subList(0, Math.min(points.size(), kept)), readbacks.subList(0, Math.min(readbacks.size(),
                        kept)),
                layers, calibrated, repetitionsMeasured, pulses);
    }

    private static HardwareResult.Readback readbackOf(double t, ProgrammedConductances programmed,
            ConductanceReadback readback) {
        double targets = 0;
        double measured = 0;
        for (int l = 0; l < readback.conductancesUs().size(); l++) {
            for (float g : programmed.targetsUs().get(l)) {
                targets += g;
            }
            for (float g : readback.conductancesUs().get(l)) {
                measured += g;
            }
        }
        ProgrammingStatistics stats = readback.statistics();
        return new HardwareResult.Readback(t, readback.sinceProgrammingS(), targets > 0 ? measured / targets : 1,
                stats.meanErrorUs(), stats.stdErrorUs());
    }

    private ExecutionOutcome completed(RunJob job, ChipSession session, ProgrammedModel programmed,
            Measurement first, Instant programmedAt, Weights trained, List<InferenceEvaluator.Point> points,
            List<HardwareResult.Readback> readbacks, List<ChipLayer> layers, Map<String, Double> calibrated,
            List<HardwareResult.Repetition> repetitions, long pulses) {
        ConductanceReadback readback = first.readback();
        ProgrammingStatistics stats = readback.statistics();
        HardwareResult hardware = hardwareResult(session, programmed.chip(), readback, programmedAt,
                programmed.converter().gMaxUs(), readbacks, repetitions, pulses);
        RunResult engine = trained.trained() != null
                ? EngineResults.runResult(ExperimentKind.HARDWARE_INFERENCE, trained.trained())
                : null;
        Map<String, Double> summary = new LinkedHashMap<>(engine != null ? engine.summary() : Map.of());
        // the headline is the accuracy on the chip's conductances, the simulator's own figure stays beside it
        summary.remove("test_accuracy");
        summary.remove("test_loss");
        putFinite(summary, "simulated_test_accuracy", trained.simulatedAccuracy());
        putFinite(summary, "test_accuracy", points.getFirst().accuracyMean());
        putFinite(summary, "test_loss", points.getFirst().lossMean());
        chipSummary(summary, programmed.chip().placement(), stats);
        summary.putAll(calibrated);

        List<ExecutionOutcome.ArtifactFile> files = List.of(
                csv(PROGRAMMED_CSV, layers, readback.conductancesUs()),
                csv(TARGETS_CSV, layers, programmed.chip().targetsUs()));
        RunResult result = new RunResult(ExperimentKind.HARDWARE_INFERENCE,
                engine != null ? engine.epochs() : List.of(), EngineResults.inferenceResults(points), summary,
                listed(job, files), io.analogcomposer.engine.EngineInfo.current().version(),
                engine != null ? engine.durationSeconds() : 0.0, hardware);
        return new ExecutionOutcome.Completed(result, files);
    }

    private static void chipSummary(Map<String, Double> summary, Placement placement, ProgrammingStatistics stats) {
        summary.put("chip_devices_used", (double) placement.usedDevices());
        summary.put("chip_utilisation", placement.utilisation());
        summary.put("chip_failed_devices", (double) stats.failedDevices());
        putFinite(summary, "programming_error_std_us", stats.stdErrorUs());
        putFinite(summary, "programming_error_normalized_std_percent", stats.normalizedErrorStdPercent());
    }

    private static List<RunResult.Artifact> listed(RunJob job, List<ExecutionOutcome.ArtifactFile> files) {
        List<RunResult.Artifact> listed = new ArrayList<>();
        for (ExecutionOutcome.ArtifactFile file : files) {
            listed.add(new RunResult.Artifact(file.name(), file.mediaType(),
                    "/api/v1/runs/" + job.runId() + "/artifacts/" + file.name(), file.content().length,
                    RunArtifact.sha256(file.content())));
        }
        return listed;
    }

    /** The chip side of a result: which chip, how much of it, how well programmed, scatter, histogram, drift. */
    private static HardwareResult hardwareResult(ChipSession session, ProgrammedConductances chip,
            ConductanceReadback readback, Instant programmedAt, double gMaxUs,
            List<HardwareResult.Readback> readbacks, List<HardwareResult.Repetition> repetitions, long pulses) {
        ProgrammingStatistics stats = readback.statistics();
        Placement placement = chip.placement();
        List<Double> scatterTargets = new ArrayList<>();
        List<Double> scatterProgrammed = new ArrayList<>();
        List<float[]> scatter = stats.scatter();
        int step = Math.max(1, (scatter.size() + HardwareResult.MAX_SCATTER - 1) / HardwareResult.MAX_SCATTER);
        for (int i = 0; i < scatter.size(); i += step) {
            scatterTargets.add((double) scatter.get(i)[0]);
            scatterProgrammed.add((double) scatter.get(i)[1]);
        }
        List<Long> counts = new ArrayList<>();
        for (long c : stats.histogram().counts()) {
            counts.add(c);
        }
        var identity = session.identity();
        return new HardwareResult(identity.chipId(), identity.firmwareVersion(), identity.emulated(), programmedAt,
                gMaxUs, readback.reads(), placement.layers().size(), placement.usedDevices(),
                placement.geometry().devices(), placement.utilisation(), pulses, stats.failedDevices(),
                stats.meanErrorUs(), stats.stdErrorUs(), stats.rmsErrorUs(), stats.normalizedErrorStdPercent(),
                new HardwareResult.Histogram(stats.histogram().lowUs(), stats.histogram().highUs(), counts),
                scatterTargets, scatterProgrammed, readbacks, repetitions);
    }

    /** One Fusion CSV column per analog layer, as AIHWKit's Fusion export writes it. */
    static ExecutionOutcome.ArtifactFile csv(String name, List<ChipLayer> layers, List<float[]> conductancesUs) {
        List<FusionLayer> out = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            ChipLayer layer = layers.get(l);
            float[] g = conductancesUs.get(l);
            double[] values = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                values[i] = g[i];
            }
            var shape = layer.shape();
            out.add(new FusionLayer(layer.documentIndex(), layer.className(), shape.rows(), shape.columns(),
                    layer.name(), values));
        }
        return new ExecutionOutcome.ArtifactFile(name, CSV_MEDIA_TYPE,
                new FusionCsv(out).format().getBytes(StandardCharsets.UTF_8));
    }

    private static void putFinite(Map<String, Double> map, String key, double value) {
        if (Double.isFinite(value)) {
            map.put(key, value);
        }
    }
}
