package io.analogcomposer.api.compat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.analogcomposer.api.compat.CompatStore.Input;
import io.analogcomposer.api.compat.CompatStore.Job;
import io.analogcomposer.api.compat.CompatViews.ExperimentView;
import io.analogcomposer.api.compat.CompatViews.InputRef;
import io.analogcomposer.api.compat.CompatViews.JobView;
import io.analogcomposer.api.compat.CompatViews.LoginView;
import io.analogcomposer.api.compat.proto.training.Network;
import io.analogcomposer.api.compat.proto.training.TrainingInput;
import io.analogcomposer.api.compat.translate.InputTranslator;
import io.analogcomposer.api.compat.translate.InputWriter;
import io.analogcomposer.api.compat.translate.OutputWriter;
import io.analogcomposer.api.compat.translate.TranslationException;
import io.analogcomposer.api.experiment.Experiment;
import io.analogcomposer.api.experiment.ExperimentService;
import io.analogcomposer.api.run.Run;
import io.analogcomposer.api.run.RunDocuments;
import io.analogcomposer.api.run.RunService;
import io.analogcomposer.api.run.RunStatus;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.ApiTokens;
import io.analogcomposer.api.security.Jwts;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.TemplateInfo;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.validation.Validator;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The real composer's experiment/input/job model on top of ours: an experiment is our experiment, its input is
 * the uploaded protobuf (translated into the experiment's document), a job is a run of it and the job's output is
 * that run's result written as the client's output message. Job and output ids are the run's id.
 */
@Service
class CompatService {

    /** Backends a client's {@code device} may name; the validator decides whether one is available. */
    static final List<String> DEVICES = List.of("cpu", "gpu", "hardware", "auto");
    private static final String TAG = "aihwkit";
    private static final String NOTES = "Created by the AIHWKit cloud client; the document is its uploaded"
            + " experiment, translated.";

    private final ExperimentService experiments;
    private final RunService runs;
    private final CompatStore store;
    private final InputTranslator translator;
    private final InputWriter writer;
    private final Catalogue catalogue;
    private final ApiTokens tokens;
    private final Jwts jwts;
    private final EntityManager entityManager;

    CompatService(ExperimentService experiments, RunService runs, CompatStore store, Validator validator,
            ApiTokens tokens, Jwts jwts, EntityManager entityManager) {
        this.entityManager = entityManager;
        this.experiments = experiments;
        this.runs = runs;
        this.store = store;
        this.translator = new InputTranslator(validator);
        this.writer = new InputWriter(validator);
        this.catalogue = validator.catalogue();
        this.tokens = tokens;
        this.jwts = jwts;
    }

    /** Exchanges one of our API tokens ({@code aimc_...}) for a JWT, as the client's login expects. */
    LoginView login(String token) {
        ApiTokens.Exchanged exchanged = tokens.exchange(token).orElseThrow(() -> CompatException
                .badRequest("invalid, revoked or expired API token (create one on your account page)"));
        Jwts.Issued jwt = jwts.issue(exchanged);
        return new LoginView(jwt.token(), CompatViews.date(jwt.expiresAt()));
    }

    /**
     * Every live experiment of the user the client can handle, oldest first, in one unpaginated list (the client
     * cannot page). An experiment made elsewhere (web UI, REST, CLI) is listed once it has run and its document
     * can be written as the input message AIHWKit would have sent ({@link InputWriter}: AIHWKit's datasets, layers
     * and presets, the composer's time grid, nothing the message has no field for). The others are left out,
     * rather than listed with a message describing a different experiment: the client dereferences {@code job}
     * of every entry, and AIHWKit's own tests call {@code get_experiment()} on the newest one, which needs its
     * {@code input}. Their runs stay reachable by id ({@code GET jobs/{id}}).
     */
    @Transactional(readOnly = true)
    List<ExperimentView> list(AccountPrincipal me) {
        List<Experiment> all = new ArrayList<>();
        String cursor = null;
        do {
            ExperimentService.Page page = experiments.list(me.id(), null, null, null, null, cursor, 200);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        Collections.reverse(all);
        Map<UUID, String> categories = store.categories(all.stream().map(Experiment::id).toList());
        return all.stream().flatMap(e -> listed(me, e, categories.get(e.id())).stream()).toList();
    }

    @Transactional(readOnly = true)
    ExperimentView get(AccountPrincipal me, UUID id) {
        Experiment experiment = experiments.get(me.id(), id);
        return view(me, experiment, store.categories(List.of(id)).get(id));
    }

    /**
     * Creates the experiment with a stand-in document of its category (the client uploads the real one next),
     * so that it shows at once in the client's list and in the web UI.
     */
    @Transactional
    ExperimentView create(AccountPrincipal me, CompatViews.NewExperiment request) {
        if (request == null) {
            throw CompatException.badRequest("a JSON body {\"name\", \"category\"} is required");
        }
        Category category = Category.requested(request.category())
                .orElseThrow(() -> CompatException.badRequest("category '" + request.category()
                        + "' cannot be created; use train or inference"));
        String name = request.name() == null || request.name().isBlank()
                ? "aihwkit cloud experiment"
                : request.name();
        TemplateInfo standIn = catalogue.template(category.training() ? "3fc-training" : "lenet5-inference")
                .orElseThrow(() -> new IllegalStateException("the catalogue lost its stand-in templates"));
        Experiment experiment = experiments.create(me.id(), new ExperimentService.NewExperiment(name,
                standIn.document().deepCopy(), null, List.of(TAG), NOTES));
        entityManager.flush(); // the experiment row must exist for the compat row's foreign key
        store.addExperiment(experiment.id(), me.id(), category.wire(), experiment.createdAt());
        return view(me, experiment, category.wire());
    }

    /** Registers an input for the experiment; the client PUTs its bytes to the returned id's upload URL. */
    @Transactional
    UUID registerInput(AccountPrincipal me, CompatViews.NewInput request) {
        if (request == null) {
            throw CompatException.badRequest("a JSON body {\"experiment\", \"device\"} is required");
        }
        Experiment experiment = experiments.get(me.id(), parseId("experiment", request.experiment()));
        UUID id = UUID.randomUUID();
        store.addInput(id, experiment.id(), me.id(), device(request.device()), Instant.now());
        return id;
    }

    /**
     * Stores an uploaded input and translates it: a runnable experiment replaces the experiment's document;
     * otherwise the problems are kept and the next job fails with them (as the composer's validator would).
     */
    @Transactional
    void upload(UUID inputId, byte[] content) {
        Input input = store.input(inputId).orElseThrow(() -> CompatException.notFound("Input", inputId));
        if (input.uploaded()) {
            throw new CompatException(HttpStatus.CONFLICT, "input " + inputId + " was already uploaded; register"
                    + " a new input with POST inputs", List.of());
        }
        Experiment experiment = experiments.get(input.ownerId(), input.experimentId());
        Category category = category(experiment, store.categories(List.of(experiment.id())).get(experiment.id()));
        String problems = null;
        try {
            JsonNode document = category.training()
                    ? translator.training(content, experiment.name())
                    : translator.inference(content, experiment.name());
            experiments.update(input.ownerId(), experiment.id(),
                    new ExperimentService.ExperimentPatch(null, null, null, document));
        } catch (TranslationException e) {
            problems = e.getMessage();
        }
        if (!store.upload(inputId, content, problems, Instant.now())) {
            throw new CompatException(HttpStatus.CONFLICT, "input " + inputId + " was already uploaded", List.of());
        }
    }

    /** Queues the experiment's last uploaded input: a run, or a failed job if the input cannot run. */
    @Transactional
    JobView submit(AccountPrincipal me, CompatViews.NewJob request) {
        if (request == null) {
            throw CompatException.badRequest("a JSON body {\"experiment\", \"device\"} is required");
        }
        Experiment experiment = experiments.get(me.id(), parseId("experiment", request.experiment()));
        String device = device(request.device());
        Input input = store.latestUpload(experiment.id()).orElseThrow(() -> CompatException.badRequest("experiment "
                + experiment.id() + " has no uploaded input: POST inputs, then PUT the protobuf to its url"));
        Instant now = Instant.now();
        if (input.problems() != null) {
            Job refused = new Job(UUID.randomUUID(), experiment.id(), me.id(), input.id(), null, device,
                    input.problems(), now);
            store.addJob(refused);
            return view(me, refused);
        }
        Run run = runs.submit(me, experiment.id(), backend(device));
        entityManager.flush(); // the run row must exist for the job's foreign key
        store.addJob(new Job(run.id(), experiment.id(), me.id(), input.id(), run.id(), device, null, now));
        return view(run);
    }

    @Transactional(readOnly = true)
    JobView job(AccountPrincipal me, UUID id) {
        Optional<Job> job = store.job(id).filter(j -> j.ownerId().equals(me.id()));
        return job.isPresent() ? view(me, job.get()) : view(runs.get(me.id(), id));
    }

    /**
     * An uploaded input of the user, for a download URL; or, for an experiment made elsewhere, the
     * experiment itself (its input is written from its document, and its id serves as the input's id).
     */
    @Transactional(readOnly = true)
    UUID downloadableInput(AccountPrincipal me, UUID id) {
        Optional<Input> input = store.input(id);
        if (input.isPresent()) {
            return input.filter(i -> i.ownerId().equals(me.id()) && i.uploaded()).map(Input::id)
                    .orElseThrow(() -> CompatException.notFound("Input", id));
        }
        return writtenInput(me.id(), id).map(bytes -> id).orElseThrow(() -> CompatException.notFound("Input", id));
    }

    /** The output of a completed job of the user (its run's id), for a download URL. */
    @Transactional(readOnly = true)
    UUID downloadableOutput(AccountPrincipal me, UUID id) {
        Run run = runs.get(me.id(), id);
        if (!hasOutput(run)) {
            throw CompatException.notFound("Output", id);
        }
        return run.id();
    }

    @Transactional(readOnly = true)
    byte[] inputBytes(UUID id) {
        Optional<Input> input = store.input(id);
        if (input.isPresent()) {
            return input.filter(Input::uploaded).map(Input::content)
                    .orElseThrow(() -> CompatException.notFound("Input", id));
        }
        return writtenInput(null, id).orElseThrow(() -> CompatException.notFound("Input", id));
    }

    /** The message a web-made experiment would have been uploaded as, if any (owner null: any owner). */
    private Optional<byte[]> writtenInput(UUID owner, UUID experimentId) {
        Experiment experiment;
        try {
            experiment = experiments.get(owner, experimentId);
        } catch (io.analogcomposer.api.web.ApiProblem notFound) {
            return Optional.empty();
        }
        if (!store.categories(List.of(experimentId)).isEmpty()) {
            return Optional.empty(); // the client's own experiments have their uploaded inputs
        }
        return written(experiment);
    }

    private Optional<byte[]> written(Experiment experiment) {
        JsonNode document = SpecJson.mapper().readTree(experiment.document());
        return "training".equals(experiment.kind()) ? writer.training(document) : writer.inference(document);
    }

    /** The run's result as the client's output message (written on each download: the result is the record). */
    @Transactional(readOnly = true)
    byte[] outputBytes(UUID runId) {
        Run run = runs.get(null, runId);
        String stored = hasOutput(run) ? runs.document(null, runId, RunDocuments.Part.RESULT).orElse(null) : null;
        if (stored == null) {
            throw CompatException.notFound("Output", runId);
        }
        RunResult result = SpecJson.read(stored, RunResult.class);
        JsonNode submitted = SpecJson.mapper()
                .readTree(runs.document(null, runId, RunDocuments.Part.SUBMITTED).orElseThrow());
        boolean training = result.kind() != null
                ? result.kind() == ExperimentKind.TRAINING
                : "training".equals(submitted.path("kind").asString());
        if (training) {
            return OutputWriter.training(result, inputNetwork(runId)).toByteArray();
        }
        JsonNode resolved = runs.document(null, runId, RunDocuments.Part.RESOLVED).map(SpecJson.mapper()::readTree)
                .orElse(null);
        long repetitions = repetitions(resolved).or(() -> repetitions(submitted)).orElse(1L);
        return OutputWriter.inference(result, repetitions).toByteArray();
    }

    /** The uploaded network the job ran (the composer echoes it in TrainingOutput); empty for web runs. */
    private Network inputNetwork(UUID runId) {
        return store.jobOfRun(runId).flatMap(j -> store.input(j.inputId())).map(Input::content).map(bytes -> {
            try {
                return TrainingInput.parseFrom(bytes).getNetwork();
            } catch (InvalidProtocolBufferException e) {
                return Network.getDefaultInstance();
            }
        }).orElse(Network.getDefaultInstance());
    }

    private static Optional<Long> repetitions(JsonNode document) {
        JsonNode value = document == null ? null : document.path("inference").path("repetitions");
        return value != null && value.isNumber() ? Optional.of(value.asLong()) : Optional.empty();
    }

    /** The list entry, if the client can handle it (see {@link #list}). */
    private Optional<ExperimentView> listed(AccountPrincipal me, Experiment experiment, String compatCategory) {
        Optional<JobView> job = latestJob(me, experiment);
        if (category(experiment, compatCategory).web() && job.isEmpty()) {
            return Optional.empty();
        }
        ExperimentView view = view(experiment, compatCategory, job);
        return category(experiment, compatCategory).web() && view.input() == null
                ? Optional.empty()
                : Optional.of(view);
    }

    private ExperimentView view(AccountPrincipal me, Experiment experiment, String compatCategory) {
        return view(experiment, compatCategory, latestJob(me, experiment));
    }

    private ExperimentView view(Experiment experiment, String compatCategory, Optional<JobView> job) {
        Category category = category(experiment, compatCategory);
        InputRef input = store.latestUpload(experiment.id()).map(i -> new InputRef(i.id().toString()))
                .orElseGet(() -> compatCategory == null && written(experiment).isPresent()
                        ? new InputRef(experiment.id().toString())
                        : null);
        return new ExperimentView(experiment.id().toString(), experiment.name(), category.wire(),
                CompatViews.date(experiment.createdAt()), input, job.orElse(null));
    }

    /** The newest of the client's jobs and the experiment's runs (the web UI may have run it since). */
    private Optional<JobView> latestJob(AccountPrincipal me, Experiment experiment) {
        Optional<Job> job = store.latestJob(experiment.id());
        Optional<Run> run = runs.list(me.id(), experiment.id(), null, null, 1).items().stream().findFirst();
        if (job.isPresent() && (run.isEmpty() || !run.get().createdAt().isAfter(job.get().createdAt()))) {
            return Optional.of(view(me, job.get()));
        }
        return run.map(CompatService::view);
    }

    private JobView view(AccountPrincipal me, Job job) {
        if (job.runId() != null) {
            return view(runs.get(me.id(), job.runId()));
        }
        return new JobView(job.id().toString(), job.experimentId().toString(), RunStatus.FAILED.wireName(), null,
                job.failure());
    }

    /** A completed run has its result: it is stored in the transaction that completes it (RunEventHandler). */
    private static boolean hasOutput(Run run) {
        return run.status() == RunStatus.COMPLETED;
    }

    private static JobView view(Run run) {
        boolean done = hasOutput(run);
        return new JobView(run.id().toString(), run.experimentId().toString(), run.status().wireName(),
                done ? run.id().toString() : null, run.failureReason());
    }

    private static Category category(Experiment experiment, String compatCategory) {
        return Optional.ofNullable(compatCategory).flatMap(Category::fromWire)
                .orElseGet(() -> Category.ofWebKind(experiment.kind()));
    }

    /**
     * The backend a client's device asks for. AIHWKit's {@code CloudRunner} sends {@code gpu} unless told otherwise,
     * so {@code gpu} means "as fast as available": automatic routing, which takes a live GPU worker and otherwise a CPU
     * one (recorded on the run), instead of a job that waits on a GPU nobody runs.
     */
    static String backend(String device) {
        return device.equals("gpu") ? "auto" : device;
    }

    private static String device(String device) {
        if (device == null || !DEVICES.contains(device)) {
            throw CompatException.badRequest("device '" + device + "' is not one of " + String.join(", ", DEVICES));
        }
        return device;
    }

    static UUID parseId(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw new CompatException(HttpStatus.NOT_FOUND, field + " '" + value + "' does not exist", List.of());
        }
    }
}
