package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.ApiTokens;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.GeneratedImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * A user's own dataset, end to end in the one-JVM composer: a CSV of pixels uploaded over REST is named in an
 * experiment as {@code user:<id>}, validated against its facts, carried with the job to the CPU worker, unpacked
 * into the data directory's cache and trained on for an epoch to completion; then trained on by the hardware worker
 * and evaluated on the emulated chip.
 */
@ExtendWith(SharedComposer.class)
@Order(1)
class StandaloneUploadedDatasetTest {

    /** 200 training and 50 test images of 1×8×8 in 3 classes. */
    static final GeneratedImages IMAGES = new GeneratedImages(200, 1, 8, 8, 3, 21);

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode call(int port, String token, String method, String path, String type, byte[] body,
            int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return SpecJson.mapper().readTree(response.body());
    }

    private JsonNode json(int port, String token, String method, String path, String body, int expected)
            throws Exception {
        return call(port, token, method, path, "application/json", body == null ? null : body.getBytes(), expected);
    }

    @Test
    void aCsvUploadedOverRestTrainsAnExperimentToCompletion(StandaloneComposer composer) throws Exception {
        var api = composer.apiContext();
        UserAccount account = api.getBean(UserAccountRepository.class).save(new UserAccount("uploader",
                api.getBean(PasswordEncoder.class).encode("uploader-password"), UserAccount.Role.USER));
        String token = api.getBean(ApiTokens.class).create(AccountPrincipal.of(account), "test", null).secret();
        int port = composer.apiPort();

        JsonNode dataset = call(port, token, "POST", "/api/v1/datasets?name=bands", "text/csv", IMAGES.csv(), 201);
        String ref = dataset.get("name").asString();
        assertThat(ref).startsWith("user:");
        assertThat(dataset.get("input_shape").toString()).isEqualTo("[1,8,8]");

        String document = """
                {"schema_version": 1, "kind": "training", "name": "my bands", "seed": 5,
                 "dataset": {"name": "%s", "validation_fraction": 0.1},
                 "network": {"input_shape": [1, 8, 8], "layers": [
                    {"type": "flatten"}, {"type": "analog_linear", "out_features": 3}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": 10, "loss": "nll",
                              "optimizer": {"type": "analog_sgd", "lr": 0.1}}}
                """.formatted(ref);
        assertThat(json(port, token, "POST", "/api/v1/validate", document, 200).get("valid").asBoolean())
                .isTrue();
        String experiment = json(port, token, "POST", "/api/v1/experiments", "{\"document\":" + document + "}",
                201).get("id").asString();
        String run = json(port, token, "POST", "/api/v1/experiments/" + experiment + "/runs", "{}", 202)
                .get("id").asString();
        JsonNode state = await(port, token, run);
        assertThat(state.get("status").asString()).as("run %s", state).isEqualTo("completed");
        assertThat(state.get("backend").asString()).isEqualTo("cpu");
        JsonNode result = json(port, token, "GET", "/api/v1/runs/" + run + "/result", null, 200);
        double accuracy = result.get("summary").get("test_accuracy").asDouble();
        System.out.printf("standalone: uploaded CSV 200×1×8×8, 3 classes, 1 epoch: test accuracy %.4f%n",
                accuracy);
        assertThat(accuracy).isGreaterThan(0.5); // chance is 1/3
        // the worker unpacked it into the data directory, by digest
        assertThat(composer.dataDir().resolve("cache/uploaded-datasets").resolve(dataset.get("sha256").asString())
                .resolve("train-images-idx3-ubyte")).isRegularFile();

        // the hardware worker, which reaches only the broker, trains on it too and programs the emulated chip
        String hardware = """
                {"schema_version": 1, "kind": "hardware_inference", "name": "my bands on the chip", "seed": 5,
                 "dataset": {"name": "%s"},
                 "network": {"input_shape": [1, 8, 8], "layers": [
                    {"type": "flatten"}, {"type": "analog_linear", "out_features": 3}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": 10, "loss": "nll",
                              "optimizer": {"type": "sgd", "lr": 0.1}},
                 "inference": {"t_inference": [0, 3600], "repetitions": 1}}
                """.formatted(ref);
        JsonNode check = json(port, token, "POST", "/api/v1/validate", hardware, 200);
        assertThat(check.get("valid").asBoolean()).as("%s", check).isTrue();
        String onChip = json(port, token, "POST", "/api/v1/experiments", "{\"document\":" + hardware + "}", 201)
                .get("id").asString();
        String hwRun = json(port, token, "POST", "/api/v1/experiments/" + onChip + "/runs", "{}", 202)
                .get("id").asString();
        JsonNode hwState = await(port, token, hwRun);
        assertThat(hwState.get("status").asString()).as("run %s", hwState).isEqualTo("completed");
        assertThat(hwState.get("backend").asString()).isEqualTo("hardware");
    }

    private JsonNode await(int port, String token, String run) throws Exception {
        JsonNode state = null;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            state = json(port, token, "GET", "/api/v1/runs/" + run, null, 200);
            if (state.get("status").asString().matches("completed|failed|cancelled|rejected")) {
                break;
            }
            Thread.sleep(200);
        }
        return state;
    }
}
