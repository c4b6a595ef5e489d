package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.compat.proto.inference.InferenceInput;
import io.analogcomposer.api.compat.proto.inference.InferenceResultsProto;
import io.analogcomposer.api.compat.proto.inference.InferencingOutput;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.SharedReference;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The inputs AIHWKit's own converter wrote for the LeNet5 inference notebook ({@code reference/aihwkit-cloud/}, PCM
 * and generic noise model) go the unchanged client's way through the real services: {@code /aihw} experiment,
 * input upload and job → translation → validator → CPU worker (the real engine, on the real composer's
 * {@code hwa-trained-lenet5-mapped} weights) → the {@code InferencingOutput} the client parses. The inputs are
 * sent byte for byte (2 repetitions, 10 times up to a day); the worker reads the first {@value #TEST_IMAGES}
 * Fashion-MNIST test images, to keep the run short.
 */
class AihwkitInferencePipelineTest {

    static final int TEST_IMAGES = 500;
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static Cluster cluster;

    @BeforeAll
    static void start() throws IOException {
        Path datasets = Files.createTempDirectory("aihw-fashion-mnist");
        fashionMnistSubset(datasets.resolve("fashion-mnist"), TEST_IMAGES, 100);
        cluster = Cluster.start(0, Map.of("composer.outbox.poll-interval", "50ms"));
        // no composer templates installed (IBM's files do not ship): the project's own HWA LeNet5 stands in
        cluster.addWorker(Map.of("composer.worker.engine.dataset-dirs", datasets.toString()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference_lenet5_pcm", "inference_lenet5_generic"})
    void theNotebooksInferenceInputRunsToAnOutputTheClientParses(String golden) throws Exception {
        byte[] input = Files.readAllBytes(SharedReference.file("reference/aihwkit-cloud/" + golden + ".pb"));
        InferenceInput sent = InferenceInput.parseFrom(input);
        Client client = new Client(ApiClient.newUser(cluster).token());

        long t0 = System.nanoTime();
        String experiment = client.json("POST", "experiments",
                Map.of("name", "aihwkit inference cloud experiment (FashionMNIST, 12 layers)", "category",
                        "inference"))
                .get("id").asString();
        String upload = client.json("POST", "inputs", Map.of("experiment", experiment, "device", "cpu")).get("url")
                .asString();
        assertThat(Client.objectStorage("PUT", upload, input).statusCode()).isBetween(200, 299);
        String job = client.json("POST", "jobs", Map.of("device", "cpu", "experiment", experiment)).get("id")
                .asString();
        JsonNode done = ApiClient.await(WAIT, () -> client.json("GET", "jobs/" + job, null),
                j -> !List.of("waiting", "validating", "validated", "running").contains(j.get("status").asString()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(done.get("status").asString()).as("job %s", done).isEqualTo("completed");

        InferencingOutput output = InferencingOutput
                .parseFrom(client.download("outputs/" + done.get("output").asString() + "/file"));
        assertThat(output.isInitialized()).isTrue();
        assertThat(output.getInferenceRuns().getIsPartial()).isFalse();
        assertThat(output.getInferenceRuns().getInferenceRepeat())
                .isEqualTo(sent.getInferencing().getInferenceRepeats());
        List<InferenceResultsProto> results = output.getInferenceRuns().getInferenceResultsList();
        assertThat(results).hasSize(10);
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < results.size(); i++) {
            InferenceResultsProto r = results.get(i);
            // AIHWKit's grid: 0, then nine log-spaced times from 1 s to inference_time
            double t = i == 0 ? 0 : Math.pow(sent.getInferencing().getInferenceTime(), (i - 1) / 8.0);
            assertThat((double) r.getTInference()).isCloseTo(t, org.assertj.core.data.Percentage.withPercentage(1e-4));
            assertThat(r.getAvgAccuracy()).as("percent").isBetween(0f, 100f);
            assertThat(r.getAvgError()).isCloseTo(100 - r.getAvgAccuracy(), org.assertj.core.data.Offset.offset(1e-3f));
            assertThat(r.getAvgLoss()).isPositive();
            table.append(String.format("  t=%-9.0f %.2f %% ± %.2f, loss %.4f%n", r.getTInference(),
                    r.getAvgAccuracy(), r.getStdAccuracy(), r.getAvgLoss()));
        }
        System.out.printf("%s: %d test images, %d repetitions x 10 times, job done in %.1f s (worker %.1f s):%n%s",
                golden, TEST_IMAGES, sent.getInferencing().getInferenceRepeats(), seconds,
                output.getInferenceRuns().getTimeElapsed(), table);

        // the project's HWA-trained LeNet5 (standing in for the composer's) with the notebook's noise: near its reference at t = 0, and
        // global drift compensation keeps it near there after a day (500 images: sampling std ~1.5 points)
        double reference = 100 * Catalogue.get().weightTemplate("ac-hwa-trained-lenet5").orElseThrow()
                .referenceAccuracy();
        assertThat(results.getFirst().getAvgAccuracy()).as("accuracy at t = 0 vs reference %.1f %%", reference)
                .isBetween((float) reference - 8, (float) reference + 5);
        assertThat(results.getLast().getAvgAccuracy()).as("accuracy after a day").isBetween((float) reference - 12,
                (float) reference + 5);

        // get_experiment(): the listed experiment carries the input, which downloads as the bytes uploaded
        JsonNode listed = null;
        for (JsonNode e : client.json("GET", "experiments/me", null)) {
            if (e.get("id").asString().equals(experiment)) {
                listed = e;
            }
        }
        assertThat(listed).as("the experiment is listed").isNotNull();
        assertThat(listed.get("job").get("output").asString()).isEqualTo(done.get("output").asString());
        assertThat(client.download("inputs/" + listed.get("input").get("id").asString() + "/file")).isEqualTo(input);
    }

    /**
     * The first {@code test} test and {@code train} training images of the system's Fashion-MNIST, in its IDX
     * format, under {@code dir}.
     */
    static void fashionMnistSubset(Path dir, int test, int train) throws IOException {
        Path source = new io.analogcomposer.spec.datasets.DatasetFinder(List.of()).find("fashion-mnist")
                .orElseThrow(() -> new IllegalStateException("Fashion-MNIST is not installed")).directory();
        Files.createDirectories(dir);
        for (String split : List.of("t10k", "train")) {
            int count = split.equals("t10k") ? test : train;
            copyIdx(source, dir, split + "-images-idx3-ubyte", count, 28 * 28);
            copyIdx(source, dir, split + "-labels-idx1-ubyte", count, 1);
        }
    }

    private static void copyIdx(Path from, Path to, String name, int count, int recordBytes) throws IOException {
        Path file = io.analogcomposer.spec.datasets.DatasetFinder.resolve(from, name);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw);
                OutputStream rawOut = Files.newOutputStream(to.resolve(name));
                DataOutputStream out = new DataOutputStream(rawOut)) {
            int magic = in.readInt();
            int dimensions = magic & 0xff;
            in.readInt(); // the full count
            out.writeInt(magic);
            out.writeInt(count);
            for (int d = 1; d < dimensions; d++) {
                out.writeInt(in.readInt());
            }
            out.write(in.readNBytes(count * recordBytes));
        }
    }

    /** AIHWKit's two sessions: the API with the JWT from {@code token/login}, object storage with nothing. */
    private final class Client {
        private final String base = "http://localhost:" + cluster.apiPort() + "/aihw/";
        private final String jwt;

        Client(String apiToken) {
            jwt = json("POST", "token/login", Map.of("token", apiToken)).get("jwt").asString();
        }

        JsonNode json(String method, String relative, Object body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + relative)).header("User-Agent",
                    "aihwkit/1.1.0");
            if (jwt != null) {
                request.header("Authorization", "Bearer " + jwt);
            }
            request.method(method, body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(SpecJson.write(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("%s %s → %s", method, relative, response.body()).isBetween(200,
                        299);
                return SpecJson.mapper().readTree(response.body());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        byte[] download(String relative) throws Exception {
            HttpResponse<byte[]> response = objectStorage("GET", json("GET", relative, null).get("url").asString(),
                    null);
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }

        static HttpResponse<byte[]> objectStorage(String method, String url, byte[] body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
