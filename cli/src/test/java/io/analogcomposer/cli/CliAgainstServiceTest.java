package io.analogcomposer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.ApiTokens;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.standalone.StandaloneComposer;
import io.analogcomposer.standalone.StandaloneOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Every {@code aimc} command that talks to a server, against the real composer: the standalone app (API, validator,
 * CPU worker, embedded PostgreSQL and AMQP broker) on a random port, started once for the class.
 */
class CliAgainstServiceTest {

    /** A run that finishes in about a second: synthetic data, a tiny MLP, one epoch. */
    static final String TINY = """
            {"schema_version": 1, "kind": "training", "name": "tiny", "seed": 3,
             "dataset": {"name": "synthetic", "validation_fraction": 0.2, "synthetic_samples": 200},
             "network": {"input_shape": [1, 28, 28], "layers": [
                {"type": "flatten"}, {"type": "linear", "out_features": 16}, {"type": "relu"},
                {"type": "linear", "out_features": 10}, {"type": "log_softmax"}]},
             "training": {"epochs": 2, "batch_size": 16, "loss": "nll", "optimizer": {"type": "sgd", "lr": 0.05}}}
            """;

    @TempDir
    static Path dir;

    static StandaloneComposer composer;
    static String url;
    static String token;

    @BeforeAll
    static void startComposer() throws Exception {
        composer = StandaloneComposer.start(new StandaloneOptions(dir.resolve("composer"), 0));
        var api = composer.apiContext();
        UserAccount account = api.getBean(UserAccountRepository.class).save(new UserAccount("cli-user",
                api.getBean(PasswordEncoder.class).encode("cli-user-password"), UserAccount.Role.USER));
        token = api.getBean(ApiTokens.class).create(AccountPrincipal.of(account), "cli", null).secret();
        url = "http://localhost:" + composer.apiPort();
    }

    @AfterAll
    static void stopComposer() {
        if (composer != null) {
            composer.close();
        }
    }

    /** Logged in through the environment, with a config file of the test's own. */
    private static Map<String, String> env(String name) {
        Map<String, String> env = new HashMap<>();
        env.put("AIMC_CONFIG", dir.resolve(name + ".json").toString());
        env.put("AIMC_URL", url);
        env.put("AIMC_TOKEN", token);
        return env;
    }

    private static CliRunner.Result aimc(Map<String, String> env, String... args) {
        return CliRunner.run(env, args);
    }

    private static Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void loginChecksTheTokenAndStoresItReadableByTheUserOnly() throws Exception {
        Path config = dir.resolve("login/config.json");
        Map<String, String> env = Map.of("AIMC_CONFIG", config.toString());
        CliRunner.Result login = aimc(env, "login", "--url", url + "/", "--token", token);
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains("Logged in to " + url + " as cli-user");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(config)).contains(token).contains(url);

        CliRunner.Result me = aimc(env, "whoami");
        assertThat(me.exitCode()).as(me.toString()).isZero();
        assertThat(me.out()).startsWith("cli-user (user) at " + url);
        JsonNode meJson = SpecJson.mapper().readTree(aimc(env, "whoami", "--output", "json").out());
        assertThat(meJson.get("username").asString()).isEqualTo("cli-user");

        assertThat(aimc(env, "logout").exitCode()).isZero();
        assertThat(Files.readString(config)).doesNotContain(token);
        CliRunner.Result after = aimc(env, "whoami");
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(after.err()).contains("not logged in").contains("aimc login");
    }

    @Test
    void aWrongTokenIsAnAuthErrorWithAClearMessageAndNothingIsStored() throws Exception {
        Path config = dir.resolve("wrong/config.json");
        CliRunner.Result login = aimc(Map.of("AIMC_CONFIG", config.toString()), "login", "--url", url, "--token",
                "aimc_not-a-real-token");
        assertThat(login.exitCode()).as(login.toString()).isEqualTo(3);
        assertThat(login.err()).contains("refused the credentials (401").contains("aimc login")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(config).doesNotExist();

        Map<String, String> env = env("wrong-env");
        env.put("AIMC_TOKEN", "aimc_wrong");
        CliRunner.Result list = aimc(env, "experiments", "list");
        assertThat(list.exitCode()).isEqualTo(3);
        assertThat(list.err()).contains("refused the credentials");

        CliRunner.Result down = aimc(Map.of("AIMC_CONFIG", config.toString(), "AIMC_TOKEN", "x", "AIMC_URL",
                "http://127.0.0.1:1"), "whoami");
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.err()).contains("cannot reach the server at http://127.0.0.1:1");

        // validation needs no server: when none answers it validates locally and says so
        Path good = file("offline-good.json", TINY);
        CliRunner.Result validate = aimc(Map.of("AIMC_CONFIG", config.toString(), "AIMC_TOKEN", "x", "AIMC_URL",
                "http://127.0.0.1:1"), "validate", good.toString());
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.err()).contains("validating locally instead").contains("[validated by local]");
    }

    @Test
    void createFromTemplateRunWithWatchAndReadResultsInEveryFormat() throws Exception {
        Map<String, String> env = env("template");
        // the 3FC template, made tiny: synthetic data, one epoch, digital layers so the run takes a second
        CliRunner.Result created = aimc(env, "experiments", "create", "--template", "3fc-training", "--set",
                "dataset={\"name\":\"synthetic\",\"synthetic_samples\":200,\"validation_fraction\":0.2}", "--set",
                "training.epochs=2", "--set", "network.layers.1.type=linear", "--set", "network.layers.3.type=linear",
                "--set", "network.layers.5.type=linear", "--tag", "cli-test");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String experiment = created.out().strip();
        JsonNode shown = SpecJson.mapper().readTree(aimc(env, "experiments", "show", experiment).out());
        assertThat(shown.path("training").path("epochs").asInt()).isEqualTo(2);
        assertThat(shown.path("network").path("layers").get(1).path("type").asString()).isEqualTo("linear");
        assertThat(shown.path("preset").asString()).isEqualTo("TikiTakaReRamSBPreset");

        CliRunner.Result run = aimc(env, "run", experiment, "--watch");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // progress and status on stderr, the metrics table on stdout
        assertThat(run.err()).contains("completed").contains("epoch 2/2");
        List<String> table = run.out().lines().toList();
        assertThat(table.getFirst()).startsWith("kind").contains("accuracy").contains("train_loss");
        assertThat(table.subList(1, table.size())).hasSize(2).allMatch(l -> l.startsWith("epoch"));

        JsonNode runs = SpecJson.mapper().readTree(aimc(env, "runs", "list", "--experiment", experiment, "--output",
                "json").out());
        assertThat(runs).hasSize(1);
        String runId = runs.get(0).get("id").asString();
        assertThat(runs.get(0).get("status").asString()).isEqualTo("completed");

        CliRunner.Result json = aimc(env, "results", runId, "--format", "json");
        JsonNode result = SpecJson.mapper().readTree(json.out());
        assertThat(result.get("epochs")).hasSize(2);
        double accuracy = result.get("epochs").get(1).get("metrics").get("accuracy").asDouble();

        CliRunner.Result csv = aimc(env, "results", runId, "--format", "csv");
        List<String> rows = csv.out().lines().toList();
        assertThat(rows).hasSize(3);
        List<String> header = Arrays.asList(rows.get(0).split(","));
        assertThat(header).startsWith("epoch").contains("accuracy", "train_loss", "valid_loss");
        String[] second = rows.get(2).split(",");
        assertThat(second[0]).isEqualTo("1");
        assertThat(Double.parseDouble(second[header.indexOf("accuracy")])).isCloseTo(accuracy,
                org.assertj.core.data.Offset.offset(1e-3));

        CliRunner.Result text = aimc(env, "results", runId);
        assertThat(text.out()).contains("epoch").contains("SUMMARY").contains("test_accuracy")
                .contains("simulator ");

        CliRunner.Result download = aimc(env, "download", runId, "--dir", dir.resolve("artifacts").toString());
        assertThat(download.exitCode()).as(download.toString()).isZero();
        assertThat(dir.resolve("artifacts/result.json")).exists();
        assertThat(SpecJson.mapper().readTree(Files.readString(dir.resolve("artifacts/submitted.json")))
                .path("training").path("epochs").asInt()).isEqualTo(2);
        // the binary checkpoint arrives byte for byte (it was once written as text, which broke it)
        CliRunner.Result listed = aimc(env, "results", runId, "-o", "json");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        String sha = null;
        for (JsonNode a : SpecJson.mapper().readTree(listed.out()).path("artifacts")) {
            if (a.path("name").asString().equals("checkpoint.acck")) {
                sha = a.path("sha256").asString();
            }
        }
        assertThat(sha).as("the run lists its checkpoint").isNotNull();
        assertThat(io.analogcomposer.spec.messages.RunArtifact.sha256(
                Files.readAllBytes(dir.resolve("artifacts/checkpoint.acck")))).isEqualTo(sha);
    }

    @Test
    void conductanceFilesUploadListDownloadAndDelete() throws Exception {
        Map<String, String> env = env("conductances");
        Path sample = io.analogcomposer.testsupport.FusionSample.file();
        CliRunner.Result up = aimc(env, "conductances", "upload", sample.toString(), "--name", "lenet5.csv");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        String id = up.out().lines().findFirst().orElseThrow().strip();
        assertThat(up.out())
                .contains("lenet5.csv: 80016 conductances in 4 layers (0 16x25, 3 32x400, 8 128x512, 10 10x128)");

        CliRunner.Result list = aimc(env, "conductances", "list");
        assertThat(list.out()).contains(id).contains("lenet5.csv").contains("80016");

        Path copy = dir.resolve("copy.csv");
        CliRunner.Result down = aimc(env, "conductances", "download", id, "--out", copy.toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(sample));

        Path bad = file("bad.csv", "1\nAnalogLinear\n2\n1\n2\n0\n1.0,abc\r\n");
        CliRunner.Result refused = aimc(env, "conductances", "upload", bad.toString());
        assertThat(refused.exitCode()).as("the user's input: exit 2").isEqualTo(2);
        assertThat(refused.err()).contains("line 7, column 2 (layer 0): 'abc' is not a number");

        assertThat(aimc(env, "conductances", "delete", id).exitCode()).isZero();
        assertThat(aimc(env, "conductances", "list").out()).doesNotContain(id);
    }

    @Test
    void datasetsListUploadAndDelete() throws Exception {
        Map<String, String> env = env("datasets");
        CliRunner.Result list = aimc(env, "datasets", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("fashion-mnist").contains("synthetic").contains("AVAILABLE")
                .contains("svhn: SVHN is not installed on this server.");

        StringBuilder csv = new StringBuilder("label,p0,p1,p2,p3\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i % 3).append(",0,10,200,255\n");
        }
        Path pixels = file("pixels.csv", csv.toString());
        CliRunner.Result up = aimc(env, "datasets", "upload", pixels.toString(), "--name", "pixels",
                "--test-fraction", "0.3");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        String name = up.out().lines().findFirst().orElseThrow().strip();
        assertThat(name).startsWith("user:");
        assertThat(up.out()).contains("pixels: 1x2x2 images, 3 classes, 7 training and 3 test images");
        assertThat(aimc(env, "datasets", "list").out()).contains(name).contains("uploaded");

        Path bad = file("bad.csv", "label,p0,p1,p2,p3\n0,1,2,3,4\n1,1,2,?,4\n");
        CliRunner.Result refused = aimc(env, "datasets", "upload", bad.toString());
        assertThat(refused.exitCode()).as("the user's input: exit 2").isEqualTo(2);
        assertThat(refused.err()).contains("line 3, field 4 (p2): '?' is not a number");

        CliRunner.Result deleted = aimc(env, "datasets", "delete", name);
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(aimc(env, "datasets", "list").out()).doesNotContain(name);
    }

    @Test
    void aCancelledRunEndsTheWatchWithExitCodeOne() throws Exception {
        Map<String, String> env = env("cancel");
        // long enough that the cancel lands before it ends: many epochs on more data
        Path doc = file("long.json", TINY.replace("\"epochs\": 2", "\"epochs\": 500")
                .replace("\"synthetic_samples\": 200", "\"synthetic_samples\": 2000"));
        String experiment = aimc(env, "experiments", "create", doc.toString()).out().strip();
        CliRunner.Result submitted = aimc(env, "run", experiment, "--output", "json");
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        String run = SpecJson.mapper().readTree(submitted.out()).get("id").asString();

        CliRunner.Result cancel = aimc(env, "runs", "cancel", run);
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.err()).contains("Cancel requested for " + run);
        CliRunner.Result watch = aimc(env, "watch", run);
        assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(1);
        assertThat(watch.err()).contains("cancelled");
        assertThat(SpecJson.mapper().readTree(aimc(env, "runs", "show", run, "-o", "json").out()).get("status")
                .asString()).isEqualTo("cancelled");
    }

    @Test
    void aRunOnABackendWithoutWorkerSaysSoInListAndShowAndIsCancelledAtOnce() throws Exception {
        Map<String, String> env = env("no-gpu");
        Path doc = file("gpu.json", TINY);
        String experiment = aimc(env, "experiments", "create", doc.toString()).out().strip();
        CliRunner.Result submitted = aimc(env, "run", experiment, "--backend", "gpu", "--output", "json");
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        String run = SpecJson.mapper().readTree(submitted.out()).get("id").asString();

        // the standalone runs no GPU worker: the run is queued and says why it does not start
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode shown = SpecJson.mapper().readTree(aimc(env, "runs", "show", run, "-o", "json").out());
        while (!shown.path("status_detail").isString()) {
            assertThat(System.currentTimeMillis()).as("%s", shown).isLessThan(deadline);
            Thread.sleep(500);
            shown = SpecJson.mapper().readTree(aimc(env, "runs", "show", run, "-o", "json").out());
        }
        assertThat(shown.get("status").asString()).isEqualTo("validated");
        assertThat(aimc(env, "runs", "show", run).out()).contains("no worker for gpu is running");
        assertThat(aimc(env, "runs", "list", "--experiment", experiment).out())
                .contains("no worker for gpu is running");

        assertThat(aimc(env, "runs", "cancel", run).exitCode()).isZero();
        CliRunner.Result watch = aimc(env, "watch", run);
        assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(1);
        assertThat(watch.err()).contains("cancelled — cancelled by the user before it started");
    }

    @Test
    void aSweepOfTwoByTwoRunsEveryCombinationAndComparesThem() throws Exception {
        Map<String, String> env = env("sweep");
        Path doc = file("sweep.json", TINY.replace("\"epochs\": 2", "\"epochs\": 1"));
        CliRunner.Result sweep = aimc(env, "sweep", doc.toString(), "--vary", "seed=1,2", "--vary",
                "training.batch_size=16,32");
        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        List<String> lines = sweep.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("seed").contains("training.batch_size").contains("status")
                .contains("test_accuracy");
        assertThat(lines.subList(1, lines.size())).hasSize(4).allMatch(l -> l.contains("completed"));
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.split("\\s+")[0] + "/" + l.split("\\s+")[1]))
                .containsExactlyInAnyOrder("1/16", "1/32", "2/16", "2/32");
        // the four runs were really submitted with their values
        JsonNode experiments = SpecJson.mapper().readTree(aimc(env, "experiments", "list", "--name", "tiny [",
                "-o", "json").out());
        assertThat(experiments).hasSize(4);
    }

    @Test
    void anInvalidFileIsAUsageErrorListingEachFieldWithItsLine() throws Exception {
        Map<String, String> env = env("invalid");
        Path bad = file("bad.json", """
                {
                  "kind": "training",
                  "dataset": {"name": "synthetic"},
                  "network": {"input_shape": [1, 28, 28], "layers": [{"type": "flatn"}]},
                  "training": {"epochs": -1, "batch_size": 8}
                }
                """);
        CliRunner.Result server = aimc(env, "validate", bad.toString());
        assertThat(server.exitCode()).as(server.toString()).isEqualTo(2);
        assertThat(server.out()).contains(bad + ":4:").contains("/network/layers/0/type").contains("flatten");
        assertThat(server.out()).contains(bad + ":5:").contains("/training/epochs");
        assertThat(server.err()).contains("2 error(s)").contains("validated by " + url);

        CliRunner.Result offline = aimc(env, "validate", "--offline", bad.toString(), "-o", "json");
        assertThat(offline.exitCode()).isEqualTo(2);
        JsonNode errors = SpecJson.mapper().readTree(offline.out()).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.findValuesAsString("pointer")).containsExactlyInAnyOrder("/network/layers/0/type",
                "/training/epochs");
        assertThat(errors.get(0).get("line").asInt()).isIn(4, 5);

        Path good = file("good.json", TINY);
        CliRunner.Result valid = aimc(env, "validate", good.toString());
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.err()).contains("valid (backend cpu)");

        CliRunner.Result badSet = aimc(env, "experiments", "create", good.toString(), "--set", "no-equals-sign");
        assertThat(badSet.exitCode()).isEqualTo(2);
        assertThat(badSet.err()).contains("path=value");
    }

    @Test
    void catalogueCommandsPrintTablesOrJson() throws Exception {
        Map<String, String> env = env("catalogue");
        CliRunner.Result templates = aimc(env, "templates", "list");
        assertThat(templates.out()).contains("3fc-training").contains("lenet5-inference");
        JsonNode doc = SpecJson.mapper().readTree(aimc(env, "templates", "show", "3fc-training").out());
        assertThat(doc.get("kind").asString()).isEqualTo("training");
        assertThat(aimc(env, "presets", "list").out()).contains("ReRamSBPreset");
        JsonNode preset = SpecJson.mapper().readTree(aimc(env, "presets", "show", "IdealizedPreset", "--pulses",
                "50", "-o", "json").out());
        JsonNode curve = preset.get("response_curves").get(0);
        assertThat(curve.get("type").asString()).isEqualTo("constant_step");
        // an up ramp raises the mean weight, the down ramp brings it back
        double[] mean = SpecJson.mapper().convertValue(curve.get("mean"), double[].class);
        assertThat(mean).hasSize(101);
        assertThat(mean[50]).isGreaterThan(mean[0]);
        assertThat(mean[100]).isLessThan(mean[50]);
        assertThat(SpecJson.mapper().readTree(aimc(env, "schema").out()).get("$schema").asString())
                .contains("2020-12");
        CliRunner.Result missing = aimc(env, "templates", "show", "no-such-template");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("404").contains("no-such-template");
    }
}
