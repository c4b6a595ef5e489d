package io.analogcomposer.api.conductance;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.testsupport.FusionSample;
import java.io.IOException;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * "Bring your own conductances" in the API, on the real PostgreSQL and RabbitMQ: uploading the real composer's
 * Fusion CSV, the errors a user gets for files that are not one, and the file travelling with a hardware run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.outbox.poll-interval=50ms", "composer.conductance-files.max-size=1600KB"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class ConductanceFilesTest {

    static final String HEADER = "1,4\nAnalogLinear,AnalogLinear\n4,2\n2,1\n2,2\n0,2\n";

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

    static byte[] sample() throws IOException {
        return FusionSample.bytes();
    }

    private ResponseEntity<String> upload(Client client, String name, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return client.http().exchange("/api/v1/conductance-files" + (name == null ? "" : "?name=" + name),
                HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode problem(ResponseEntity<String> response, int status) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        return SpecJson.mapper().readTree(response.getBody());
    }

    @Test
    void theComposersLenet5FileUploadsListsAndDownloadsByteForByte() throws IOException {
        byte[] csv = sample();
        ResponseEntity<String> created = upload(alice, "lenet5.csv", csv);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        JsonNode file = SpecJson.mapper().readTree(created.getBody());
        assertThat(file.get("name").asString()).isEqualTo("lenet5.csv");
        assertThat(file.get("total_values").asLong()).isEqualTo(80016);
        assertThat(file.get("size_bytes").asLong()).isEqualTo(csv.length);
        assertThat(file.get("layers").findValuesAsString("name")).containsExactly("0", "3", "8", "10");
        assertThat(file.get("layers").get(2).get("class_name").asString()).isEqualTo("AnalogLinearMapped");
        assertThat(file.get("layers").get(2).get("height").asInt()).isEqualTo(128);
        assertThat(file.get("layers").get(2).get("width").asInt()).isEqualTo(512);
        String id = file.get("id").asString();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/v1/conductance-files/" + id);

        assertThat(alice.get("/api/v1/conductance-files").get("items").findValuesAsString("id")).contains(id);
        ResponseEntity<byte[]> content = alice.http().getForEntity("/api/v1/conductance-files/" + id + "/content",
                byte[].class);
        assertThat(content.getHeaders().getContentType()).hasToString("text/csv");
        assertThat(content.getBody()).isEqualTo(csv);

        // another user sees nothing of it
        assertThat(bob.get("/api/v1/conductance-files").get("items")).isEmpty();
        bob.json(HttpMethod.GET, "/api/v1/conductance-files/" + id, null, 404);
        bob.json(HttpMethod.DELETE, "/api/v1/conductance-files/" + id, null, 404);
        alice.json(HttpMethod.DELETE, "/api/v1/conductance-files/" + id, null, 204);
        alice.json(HttpMethod.GET, "/api/v1/conductance-files/" + id, null, 404);
    }

    @Test
    void filesThatAreNotFusionCsvAreRefusedNamingTheLineAndWhatIsAllowed() {
        Map<String, String> cases = Map.of(
                HEADER + "1.0,2.0,3.0\r\n4.0,5.0\r\n", "line 7 (layer 0) has 3 conductances, the header says 4",
                HEADER + "1.0,2.0,abc,4.0\r\n4.0,5.0\r\n", "line 7, column 3 (layer 0): 'abc' is not a number",
                HEADER + "1.0,2.0,3.0,4.0\r\n-4.0,5.0\r\n", "line 8, column 1 (layer 2): conductance -4.0",
                HEADER + "1.0,2.0,3.0,4.0\r\n4.0,45.5\r\n", "line 8, column 2 (layer 2): 45.5 µS is above",
                "1\nAnalogLinear\n4\n2\n2\n", "a Fusion CSV has 6 header rows");
        cases.forEach((csv, expected) -> {
            JsonNode problem = problem(upload(alice, "bad.csv", csv.getBytes(StandardCharsets.UTF_8)), 400);
            assertThat(problem.get("detail").asString()).as(csv).contains(expected);
            assertThat(problem.get("errors").get(0).get("allowed").asString()).contains("6 header rows");
        });
        assertThat(problem(upload(alice, null, new byte[0]), 400).get("detail").asString()).contains("empty");
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1};
        assertThat(problem(upload(alice, null, binary), 400).get("detail").asString()).contains("not UTF-8");
        byte[] tooLarge = new byte[1700 * 1024];
        java.util.Arrays.fill(tooLarge, (byte) '1');
        assertThat(problem(upload(alice, null, tooLarge), 413).get("detail").asString()).contains("1638400");
        assertThat(alice.get("/api/v1/conductance-files").get("items")).isEmpty(); // nothing half-stored
    }

    private String hardwareExperiment(Client client, String fileId) {
        ObjectNode document = (ObjectNode) SpecJson.mapper().readTree(SpecJson.write(
                io.analogcomposer.spec.catalogue.Catalogue.get().template("lenet5-inference").orElseThrow()
                        .document()));
        document.put("kind", "hardware_inference");
        ObjectNode inference = (ObjectNode) document.get("inference");
        inference.remove("weight_template");
        inference.put("target_conductances", fileId);
        return client.json(HttpMethod.POST, "/api/v1/experiments", Map.of("document", document), 201).get("id")
                .asString();
    }

    @Test
    void aHardwareRunCarriesTheUploadedFileAndOnlyItsOwnersFile() throws IOException {
        byte[] csv = sample();
        String fileId = SpecJson.mapper().readTree(upload(alice, "lenet5.csv", csv).getBody()).get("id").asString();
        String experiment = hardwareExperiment(alice, fileId);
        String runId = alice.json(HttpMethod.POST, "/api/v1/experiments/" + experiment + "/runs", Map.of(), 202)
                .get("id").asString();
        RunRequested job = await(Duration.ofSeconds(15), () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class);
        }, r -> r != null && r.runId().equals(runId));
        assertThat(job.targetConductances().fileId()).isEqualTo(fileId);
        assertThat(job.targetConductances().csv()).isEqualTo(csv);

        // bob cannot program alice's file by naming it, nor a file that does not exist
        JsonNode refused = bob.json(HttpMethod.POST, "/api/v1/experiments/" + hardwareExperiment(bob, fileId)
                + "/runs", Map.of(), 400);
        assertThat(refused.get("errors").get(0).get("pointer").asString()).isEqualTo("/inference/target_conductances");
        assertThat(refused.get("detail").asString()).contains("names no conductance file of yours");
        JsonNode notAnId = alice.json(HttpMethod.POST, "/api/v1/experiments/" + hardwareExperiment(alice, "mine.csv")
                + "/runs", Map.of(), 400);
        assertThat(notAnId.get("errors").get(0).get("message").asString()).contains("'mine.csv' is not a file id");
    }
}
