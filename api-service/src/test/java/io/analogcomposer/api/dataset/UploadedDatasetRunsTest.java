package io.analogcomposer.api.dataset;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.UploadedDataset;
import io.analogcomposer.testsupport.GeneratedImages;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * An uploaded dataset used in an experiment, on the real PostgreSQL and RabbitMQ: the editor's validation knows its
 * facts, a submitted run's job carries it (reference, facts, SHA-256, content), and a dataset that is not the
 * submitter's, was deleted or is too large to travel is refused at /dataset/name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.outbox.poll-interval=50ms", "composer.datasets.system-dirs=false",
        "composer.datasets.uploads.max-in-job=20KB"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class UploadedDatasetRunsTest {

    /** 200 training and 50 test images of 1×8×8 in 3 classes. */
    static final GeneratedImages SMALL = new GeneratedImages(200, 1, 8, 8, 3, 1);

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    Client alice;
    Client bob;

    @BeforeEach
    void signIn() {
        alice = ApiTestSupport.signUp(http, accounts, encoder);
        bob = ApiTestSupport.signUp(http, accounts, encoder);
    }

    private JsonNode upload(Client client, GeneratedImages images) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<String> response = client.http().exchange("/api/v1/datasets?name=bands", HttpMethod.POST,
                new HttpEntity<>(images.csv(), headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return SpecJson.mapper().readTree(response.getBody());
    }

    static Map<String, Object> document(String dataset, int outputs) {
        return SpecJson.mapper().convertValue(SpecJson.mapper().readTree("""
                {"kind": "training", "name": "on my data", "dataset": {"name": "%s"}, "backend": "cpu",
                 "network": {"input_shape": [1, 8, 8], "layers": [
                   {"type": "flatten"}, {"type": "analog_linear", "out_features": %d}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": 10}}""".formatted(dataset, outputs)), Map.class);
    }

    private JsonNode validate(Client client, Map<String, Object> document) {
        return client.json(HttpMethod.POST, "/api/v1/validate", document, 200);
    }

    private String experiment(Client client, String dataset) {
        return client.json(HttpMethod.POST, "/api/v1/experiments", Map.of("document", document(dataset, 3)), 201)
                .get("id").asString();
    }

    private ResponseEntity<String> submit(Client client, String experiment) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return client.http().exchange("/api/v1/experiments/" + experiment + "/runs", HttpMethod.POST,
                new HttpEntity<>("{}", headers), String.class);
    }

    private static void refusedAtDatasetName(ResponseEntity<String> response, String... words) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(400);
        JsonNode problem = SpecJson.mapper().readTree(response.getBody());
        assertThat(problem.get("errors").get(0).get("pointer").asString()).isEqualTo("/dataset/name");
        assertThat(problem.get("detail").asString()).contains(words);
    }

    @Test
    void theEditorsValidationKnowsTheUsersOwnDatasetsFacts() {
        String ref = upload(alice, SMALL).get("name").asString();
        assertThat(validate(alice, document(ref, 3)).get("valid").asBoolean()).isTrue();
        JsonNode wrongClasses = validate(alice, document(ref, 10));
        assertThat(wrongClasses.get("valid").asBoolean()).isFalse();
        assertThat(wrongClasses.get("errors").get(0).get("pointer").asString())
                .isEqualTo("/network/layers/1/out_features");
        assertThat(wrongClasses.get("errors").get(0).get("message").asString()).contains("has 3 classes");
        // bob does not see alice's dataset
        JsonNode bobs = validate(bob, document(ref, 3));
        assertThat(bobs.get("valid").asBoolean()).isFalse();
        assertThat(bobs.get("errors").get(0).get("pointer").asString()).isEqualTo("/dataset/name");
        assertThat(bobs.get("errors").get(0).get("message").asString()).contains("not one of yours");
    }

    @Test
    void aSubmittedRunsJobCarriesTheDatasetWithItsFactsAndDigest() {
        JsonNode listed = upload(alice, SMALL);
        String ref = listed.get("name").asString();
        ResponseEntity<String> accepted = submit(alice, experiment(alice, ref));
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        String runId = SpecJson.mapper().readTree(accepted.getBody()).get("id").asString();
        RunRequested job = await(Duration.ofSeconds(15), () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class);
        }, r -> r != null && r.runId().equals(runId));
        UploadedDataset carried = job.uploadedDataset();
        assertThat(carried.reference()).isEqualTo(ref);
        assertThat(carried.sha256()).isEqualTo(listed.get("sha256").asString());
        assertThat(carried.info().inputShape()).containsExactly(1, 8, 8);
        assertThat(carried.classes()).isEqualTo(3);
        assertThat(carried.trainSamples()).isEqualTo(200);
        assertThat(carried.testSamples()).isEqualTo(50);
        // the bytes are the stored form the content endpoint serves
        byte[] stored = alice.http().getForObject("/api/v1/datasets/" + ref + "/content", byte[].class);
        assertThat(carried.zip()).isEqualTo(stored);
    }

    @Test
    void aForeignDeletedOrTooLargeDatasetIsRefusedAtDatasetName() {
        String ref = upload(alice, SMALL).get("name").asString();
        // bob names alice's dataset
        refusedAtDatasetName(submit(bob, experiment(bob, ref)), ref, "not one of your uploaded datasets");
        // alice deletes hers; her experiment cannot run any more
        String experiment = experiment(alice, ref);
        alice.http().delete("/api/v1/datasets/" + ref);
        refusedAtDatasetName(submit(alice, experiment), ref, "may have been deleted");
        // more than composer.datasets.uploads.max-in-job (20 KB here)
        JsonNode big = upload(alice, new GeneratedImages(2000, 1, 8, 8, 3, 2));
        assertThat(big.get("size_bytes").asLong()).isGreaterThan(20 * 1024);
        refusedAtDatasetName(submit(alice, experiment(alice, big.get("name").asString())),
                "composer.datasets.uploads.max-in-job");
        assertThat(SMALL.storedZip().length).isLessThan(20 * 1024);
    }
}
