package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.analog.nn.PretrainedWeights;
import io.analogcomposer.engine.analog.nn.TorchCheckpoints;
import io.analogcomposer.engine.experiment.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-trained weights behind the catalogue's {@code weight_template} ids, as logical per-layer weights the
 * executor copies into the experiment's own network (so the user's rpu_config maps them onto tiles afresh).
 *
 * <ul>
 * <li>The project's own LeNet5 templates ({@code ac-…}) ship in this jar in the engine's checkpoint format; they were
 * trained by simulator-bench's {@code TrainTemplates} (command and accuracies in simulator-engine/ANALOG.md).</li>
 * <li>The real composer's LeNet5 templates are AIHWKit {@code .pth} checkpoints. They are IBM's files that the project
 * keeps as reference data only (no licence granting their redistribution comes with them, and the product must not
 * need the reference folder at run time), so they do not ship: a worker reads them from
 * {@code composer.worker.engine.composer-templates-dir} ({@code aimc simulate --templates-dir}) when an operator has
 * put them there, else from the default places {@link #standard} searches ({@code $ANALOG_COMPOSER_TEMPLATES}, then
 * {@value #DEFAULT_DIR}), and otherwise uses the project's own template of the same network and training instead
 * ({@link #SUBSTITUTES}), saying so in the run's summary.</li>
 * </ul>
 * The composer's VGG8 templates have no weights anywhere in the project, so they are refused by name.
 */
public final class WeightTemplates {

    /** Where the weights of one template id come from. */
    record Source(String dataset, String resource, List<String> composerFiles) {}

    static final String RESOURCE_DIR = "/io/analogcomposer/worker/templates/";

    /** Ids this worker can load, in catalogue order. */
    static final Map<String, Source> SOURCES = sources();

    private static Map<String, Source> sources() {
        Map<String, Source> m = new LinkedHashMap<>();
        m.put("ac-digital-trained-lenet5", new Source("fashion-mnist", "ac-digital-trained-lenet5.ckpt", List.of()));
        m.put("ac-hwa-trained-lenet5", new Source("fashion-mnist", "ac-hwa-trained-lenet5.ckpt", List.of()));
        // the composer's files for its current (mapped) web preset first, the older layout as a fallback
        m.put("hwa-trained-lenet5", new Source("fashion-mnist", null, List.of("hwa-trained-lenet5-mapped.pth")));
        m.put("digital-trained-lenet5", new Source("fashion-mnist", null,
                List.of("digital-trained-lenet5-mapped.pth", "digital-trained-lenet5.pth")));
        m.put("hw-trained-lenet5", new Source("fashion-mnist", null, List.of("hw-trained-lenet5.pth")));
        return m;
    }

    /**
     * The project's own template with the same network and training as each composer template: used in its place
     * when the composer's file is not installed, so that a client asking for the composer's weights (AIHWKit's
     * LeNet5 notebook) still gets a result; the run's summary says so ({@code weights_substituted}).
     */
    static final Map<String, String> SUBSTITUTES = Map.of("hwa-trained-lenet5", "ac-hwa-trained-lenet5",
            "hw-trained-lenet5", "ac-hwa-trained-lenet5", "digital-trained-lenet5", "ac-digital-trained-lenet5");

    static {
        // our checkpoints name analog layers, which the model builder must know to read them
        AnalogLayerFactories.register();
    }

    /** Environment variable naming a directory with the composer's .pth files (searched after the configured one). */
    public static final String ENV = "ANALOG_COMPOSER_TEMPLATES";
    /** The last default place searched for the composer's .pth files. */
    public static final String DEFAULT_DIR = "/usr/share/analog-composer/templates";

    private final List<Path> composerDirs;

    /** Templates with the composer's .pth files looked up in {@code composerDir} only (null: not available). */
    public WeightTemplates(Path composerDir) {
        this.composerDirs = composerDir == null ? List.of() : List.of(composerDir);
    }

    private WeightTemplates(List<Path> composerDirs) {
        this.composerDirs = List.copyOf(composerDirs);
    }

    /** The shipped templates only. */
    public static WeightTemplates shipped() {
        return new WeightTemplates((Path) null);
    }

    /**
     * What workers and {@code aimc simulate} use: the composer's .pth files are looked up in {@code configured} (the
     * worker property or {@code --templates-dir}; may be null), then in {@code $ANALOG_COMPOSER_TEMPLATES}, then in
     * {@value #DEFAULT_DIR}.
     */
    public static WeightTemplates standard(Path configured) {
        return standard(configured, System.getenv(ENV));
    }

    static WeightTemplates standard(Path configured, String env) {
        List<Path> dirs = new ArrayList<>();
        if (configured != null) {
            dirs.add(configured);
        }
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        dirs.add(Path.of(DEFAULT_DIR));
        return new WeightTemplates(dirs);
    }

    /** The directories searched for the composer's .pth files, in order. */
    public List<Path> composerDirs() {
        return composerDirs;
    }

    /**
     * The logical weights of template {@code id} for a run on {@code dataset}; fails naming the id (unknown, or its
     * file missing) or the dataset mismatch.
     */
    public List<TorchCheckpoints.LayerWeights> load(String id, String dataset) throws ExperimentFailure {
        Source s = SOURCES.get(id);
        if (s == null) {
            throw new ExperimentFailure(FailureCode.UNSUPPORTED, "inference.weight_template '" + id
                    + "' has no weights on this worker; it can load " + String.join(", ", SOURCES.keySet()));
        }
        if (dataset != null && !s.dataset().equals(dataset)) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT, "inference.weight_template '" + id
                    + "' was trained on " + s.dataset() + ", not on " + dataset);
        }
        try {
            return s.resource() != null ? shippedWeights(id, s.resource()) : composerWeights(id, s.composerFiles());
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new ExperimentFailure(FailureCode.INTERNAL_ERROR,
                    "the weights of inference.weight_template '" + id + "' could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * The experiment's network (with its own rpu_config) holding template {@code id}'s weights: what an inference run
     * on a template evaluates and a hardware run programs. Fails naming the template when it does not fit the
     * network's layers.
     */
    public io.analogcomposer.engine.nn.Sequential build(io.analogcomposer.engine.experiment.NetworkSpec net,
            String id, String dataset, long seed, io.analogcomposer.engine.backend.ComputeBackend backend)
            throws ExperimentFailure {
        List<TorchCheckpoints.LayerWeights> weights = load(id, dataset);
        io.analogcomposer.engine.nn.Sequential model = io.analogcomposer.engine.experiment.ModelBuilder.build(net,
                seed, backend);
        try {
            PretrainedWeights.apply(model, weights);
        } catch (IllegalArgumentException e) {
            throw new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                    "inference.weight_template '" + id + "' does not fit network.layers: " + e.getMessage(), e);
        }
        return model;
    }

    private static List<TorchCheckpoints.LayerWeights> shippedWeights(String id, String resource)
            throws IOException, ExperimentFailure {
        try (InputStream in = WeightTemplates.class.getResourceAsStream(RESOURCE_DIR + resource)) {
            if (in == null) {
                throw new ExperimentFailure(FailureCode.INTERNAL_ERROR, "inference.weight_template '" + id
                        + "': this worker's jar lacks " + RESOURCE_DIR + resource);
            }
            return PretrainedWeights.of(Checkpoint.load(in, resource).model());
        }
    }

    private List<TorchCheckpoints.LayerWeights> composerWeights(String id, List<String> files)
            throws IOException, ExperimentFailure {
        List<Path> tried = new ArrayList<>();
        for (Path dir : composerDirs) {
            for (String f : files) {
                Path p = dir.resolve(f);
                if (Files.isRegularFile(p)) {
                    return PretrainedWeights.of(TorchCheckpoints.read(p));
                }
                tried.add(p);
            }
        }
        String substitute = SUBSTITUTES.get(id);
        if (substitute != null) {
            return shippedWeights(substitute, SOURCES.get(substitute).resource());
        }
        throw new ExperimentFailure(FailureCode.UNSUPPORTED, "inference.weight_template '" + id
                + "' is the real composer's AIHWKit checkpoint " + files.get(0) + ", which does not ship with this "
                + "worker (IBM's file, kept by the project as reference data only); "
                + (tried.isEmpty() ? "" : "looked for " + tried + "; ")
                + "set composer.worker.engine.composer-templates-dir (aimc simulate: --templates-dir) or $" + ENV
                + " to a directory holding it, or put it in " + DEFAULT_DIR
                + ", or use ac-hwa-trained-lenet5 / ac-digital-trained-lenet5");
    }

    /**
     * The project's template that stands in for composer template {@code id} on this worker (its file is not
     * installed), if any.
     */
    public java.util.Optional<String> substituteFor(String id) {
        Source s = SOURCES.get(id);
        if (s == null || s.resource() != null || !SUBSTITUTES.containsKey(id)) {
            return java.util.Optional.empty();
        }
        if (composerDirs.stream().anyMatch(
                dir -> s.composerFiles().stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f))))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(SUBSTITUTES.get(id));
    }
}
