package io.analogcomposer.cli;

import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.validation.MemoryEstimate;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.ExecutionControl;
import io.analogcomposer.worker.engine.ExecutionOutcome;
import io.analogcomposer.worker.engine.ExperimentFailure;
import io.analogcomposer.worker.engine.FailureCode;
import io.analogcomposer.worker.engine.WeightTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(mixinStandardHelpOptions = true, name = "simulate", description = "Offline: validates an experiment document and runs it here with the "
        + "embedded engine, exactly as a CPU worker would; progress on stderr, the result document on stdout "
        + "(or in --out).", footer = {"", "Examples:", "  aimc simulate experiment.json --out result.json",
                "  aimc simulate experiment.json --threads 1 --dataset-dir ~/datasets", "",
                "Ctrl-C stops at the next batch. Exit code 0 when the run completed, 1 when it failed or was "
                        + "stopped, 2 when the document is invalid or asks for what the engine cannot run."})
final class SimulateCommand extends BaseCommand {

    @Parameters(paramLabel = "FILE", description = "The experiment document (JSON).")
    Path file;

    @Option(names = "--out", paramLabel = "RESULT.json", description = "Write the result document here.")
    Path resultFile;

    @Option(names = "--dataset-dir", paramLabel = "DIR", description = "Look for datasets here first (repeatable; "
            + "then $ANALOG_COMPOSER_DATASETS and /usr/share/datasets).")
    List<Path> datasetDirs = new ArrayList<>();

    @Option(names = "--templates-dir", paramLabel = "DIR", description = "Where the composer's AIHWKit .pth weight "
            + "templates (weight_template: \"hwa-trained-lenet5\" ...) are looked for first; then "
            + "$ANALOG_COMPOSER_TEMPLATES and /usr/share/analog-composer/templates, as a worker does.")
    Path templatesDir;

    @Option(names = "--compute", defaultValue = "java", description = "java (bit-reproducible), openblas or auto "
            + "(default ${DEFAULT-VALUE}).")
    String compute;

    @Option(names = "--threads", defaultValue = "0", description = "Compute threads; 0 means every core.")
    int threads;

    @Override
    public Integer call() {
        String text = Documents.readText(file);
        ValidationResult validation = Validator.standard().validate(text);
        if (!validation.valid()) {
            JsonLines lines = JsonLines.of(text);
            for (var issue : validation.errors()) {
                JsonLines.Position p = lines.find(issue.pointer());
                err().println(file + ":" + p.line() + ":" + p.column() + ": error: "
                        + ApiClient.fieldError(SpecJson.tree(issue)));
            }
            err().flush();
            throw CliException.usage(file + " is not a valid experiment (" + validation.errors().size()
                    + " error(s))");
        }
        if (templatesDir != null && !Files.isDirectory(templatesDir)) {
            throw CliException.usage("--templates-dir " + templatesDir + " is not a directory");
        }
        if (threads < 0) {
            throw CliException.usage("--threads must be >= 0, was " + threads);
        }
        // the heap from the run's estimate, not a quarter of the machine (see HeapRelaunch)
        long heap = MemoryEstimate.heapBytes(validation.resolved(), Validator.standard().catalogue());
        if (heap > 0 && HeapRelaunch.wanted(heap, Aimc.launchArgs())) {
            return HeapRelaunch.relaunch(Aimc.launchArgs(), heap);
        }
        ComputeBackend backend;
        try {
            backend = ComputeBackends.byName(compute, threads);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage("--compute " + compute + ": " + e.getMessage());
        }
        // analog layer types join the engine's model builder only when registered
        AnalogLayerFactories.register();
        RunJob job = new RunJob(1, UUID.randomUUID(), "local", 1, Instant.now(), "local", "local", Backend.CPU,
                validation.resolved(), null);
        Progress progress = new Progress(Terminal.interactive());
        Runnable onInterrupt = progress::requestStop;
        Thread hook = new Thread(() -> {
            onInterrupt.run();
            progress.awaitEnd();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutionOutcome outcome;
        try {
            outcome = new EngineExperimentExecutor(FoundDatasets.in(datasetDirs), backend,
                    WeightTemplates.standard(templatesDir)).execute(job, progress);
        } catch (ExperimentFailure f) {
            progress.end();
            boolean input = f.code() == FailureCode.INVALID_EXPERIMENT || f.code() == FailureCode.UNSUPPORTED;
            throw new CliException(input ? ExitCodes.USAGE : ExitCodes.RUN_FAILED,
                    "the simulation failed (" + f.code().wire() + "): " + f.reason());
        } finally {
            progress.end();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
        if (outcome instanceof ExecutionOutcome.Stopped) {
            info("aimc: simulation stopped before its end; no result");
            return ExitCodes.RUN_FAILED;
        }
        ObjectNode result = (ObjectNode) SpecJson.tree(((ExecutionOutcome.Completed) outcome).result());
        // reproducibility: the result names its seed and the fully resolved document it ran
        result.put("seed", validation.resolved().seed() == null ? 0L : validation.resolved().seed());
        result.set("resolved", validation.resolvedJson());
        if (resultFile != null) {
            try {
                Path parent = resultFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(resultFile, SpecJson.writePretty(result) + "\n");
            } catch (IOException e) {
                throw CliException.usage("cannot write " + resultFile + ": " + e.getMessage());
            }
            summarize(result);
            info("Result written to " + resultFile);
        } else {
            printJson(result);
            if (!json()) {
                summarize(result);
            }
        }
        return ExitCodes.OK;
    }

    /** The summary on stderr (stdout holds the result document unless --out is given). */
    private void summarize(JsonNode result) {
        StringBuilder b = new StringBuilder();
        result.path("summary").properties().forEach(e -> b.append(b.isEmpty() ? "" : ", ").append(e.getKey())
                .append('=').append(num(e.getValue())));
        info("Completed in " + num(result.get("duration_seconds")) + " s: " + b);
    }

    /** Progress on stderr; Ctrl-C asks the run to stop at its next batch. */
    private final class Progress implements ExecutionControl {
        private final boolean terminal;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CountDownLatch ended = new CountDownLatch(1);
        private long lastDraw;
        private boolean drawn;

        Progress(boolean terminal) {
            this.terminal = terminal;
        }

        void requestStop() {
            stop.set(true);
        }

        void awaitEnd() {
            try {
                ended.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void end() {
            if (drawn) {
                err().println();
                err().flush();
                drawn = false;
            }
            ended.countDown();
        }

        @Override
        public boolean stopRequested() {
            return stop.get();
        }

        @Override
        public void epochFinished(int step, int totalSteps, Map<String, Double> metrics) {
            StringBuilder line = new StringBuilder("epoch " + (step + 1) + "/" + totalSteps);
            metrics.forEach((k, v) -> line.append("  ").append(k).append('=').append(fmt(v)));
            if (drawn) {
                err().print("\r\u001b[K");
                drawn = false;
            }
            err().println(line);
            err().flush();
        }

        @Override
        public void inferenceTimeEvaluated(int index, int times, double tInference, int repetitionsDone,
                Map<String, Double> metrics) {
            StringBuilder line = new StringBuilder("t_inference " + fmt(tInference) + " s (" + (index + 1) + "/"
                    + times + ")");
            metrics.forEach((k, v) -> line.append("  ").append(k).append('=').append(fmt(v)));
            err().println(line);
            err().flush();
        }

        @Override
        public void progressed(double fraction) {
            long now = System.nanoTime();
            // a bar only on a terminal, redrawn at most 10 times a second: logs get one line per epoch instead
            if (!terminal || now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            err().print("\r" + RunWatcher.bar((int) Math.round(fraction * 1000), 1000));
            err().flush();
            drawn = true;
        }
    }
}
