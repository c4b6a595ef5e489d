package io.analogcomposer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.json.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Commands that need no server: simulate, response-curve, validate --offline, and the helpers behind them. */
class OfflineCommandsTest {

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("AIMC_CONFIG", dir.resolve("none.json").toString());
    }

    @Test
    void simulateRunsTheDocumentWithTheEngineAndWritesAReproducibleResult() throws Exception {
        Path doc = dir.resolve("tiny.json");
        Files.writeString(doc, CliAgainstServiceTest.TINY);
        CliRunner.Result r = CliRunner.run(env(), "simulate", doc.toString(), "--out", dir.resolve("r.json")
                .toString(), "--threads", "1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("epoch 1/2").contains("epoch 2/2").contains("Result written to");
        JsonNode result = SpecJson.mapper().readTree(Files.readString(dir.resolve("r.json")));
        assertThat(result.get("epochs")).hasSize(2);
        assertThat(result.get("seed").asLong()).isEqualTo(3);
        assertThat(result.get("resolved").get("training").get("epochs").asInt()).isEqualTo(2);
        // synthetic classes well apart: the same tiny network reaches 1.0 in the worker's executor test; 0.8 leaves
        // room for this document's smaller training set, while a network that did not learn stays near 0.1
        assertThat(result.get("summary").get("test_accuracy").asDouble()).isBetween(0.8, 1.0);

        // same seed, same backend: the same numbers, printed on stdout this time
        CliRunner.Result again = CliRunner.run(env(), "simulate", doc.toString(), "--threads", "1");
        JsonNode second = SpecJson.mapper().readTree(again.out());
        assertThat(second.get("epochs").get(1).get("metrics").get("train_loss").asDouble())
                .isEqualTo(result.get("epochs").get(1).get("metrics").get("train_loss").asDouble());
    }

    @Test
    void simulateRefusesAnInvalidDocumentWithUsageExitAndLines() throws Exception {
        Path doc = dir.resolve("bad.json");
        Files.writeString(doc, CliAgainstServiceTest.TINY.replace("\"epochs\": 2", "\"epochs\": 0"));
        CliRunner.Result r = CliRunner.run(env(), "simulate", doc.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(doc + ":6:").contains("/training/epochs").contains("not a valid experiment");
        assertThat(r.out()).isEmpty();
        CliRunner.Result missing = CliRunner.run(env(), "simulate", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").contains("nope.json");
    }

    @Test
    void simulateRunsTheComposersWeightTemplatesFromTemplatesDir() throws Exception {
        tools.jackson.databind.node.ObjectNode doc = (tools.jackson.databind.node.ObjectNode) io.analogcomposer.spec.catalogue.Catalogue
                .get().template("lenet5-inference").orElseThrow().document().deepCopy();
        ((tools.jackson.databind.node.ObjectNode) doc.path("dataset")).put("max_test_samples", 100);
        tools.jackson.databind.node.ObjectNode inf = (tools.jackson.databind.node.ObjectNode) doc.path("inference");
        inf.put("weight_template", "hwa-trained-lenet5");
        inf.put("repetitions", 1);
        inf.putArray("t_inference").add(0);
        Path file = dir.resolve("template.json");
        Files.writeString(file, doc.toString());

        // without the composer's file the project's own HWA LeNet5 stands in, and the summary says so
        CliRunner.Result without = CliRunner.run(env(), "simulate", file.toString(), "--threads", "1", "-o", "json");
        assertThat(without.exitCode()).as(without.toString()).isZero();
        assertThat(SpecJson.mapper().readTree(without.out()).get("summary").get("weights_substituted").asDouble())
                .isEqualTo(1.0);

        // an operator's templates directory: here a checkpoint in the composer's format under the composer's name
        // (the project's own test checkpoint, pseudo-random weights; IBM's files stay out of the repository)
        Path templates = Files.createDirectories(dir.resolve("composer-templates"));
        Files.copy(io.analogcomposer.testsupport.SharedReference.file(
                "reference/torch-checkpoints/lenet5-mapped-layout.pth"),
                templates.resolve("hwa-trained-lenet5-mapped.pth"));
        CliRunner.Result with = CliRunner.run(env(), "simulate", file.toString(), "--templates-dir",
                templates.toString(), "--threads", "1", "-o", "json");
        assertThat(with.exitCode()).as(with.toString()).isZero();
        JsonNode result = SpecJson.mapper().readTree(with.out());
        assertThat(result.get("summary").get("weights_substituted").asDouble())
                .as("--templates-dir holds the composer's own file").isZero();
        assertThat(result.get("epochs")).as("pre-trained weights are evaluated, not trained").isEmpty();
        // the file's pseudo-random weights were evaluated, not the stand-in's trained ones (above 70 %)
        double withFile = result.get("inference").get(0).get("avg_accuracy").asDouble();
        double standIn = SpecJson.mapper().readTree(without.out()).get("inference").get(0).get("avg_accuracy")
                .asDouble();
        assertThat(standIn).isGreaterThan(70);
        assertThat(withFile).isLessThan(standIn - 20);

        CliRunner.Result notADir = CliRunner.run(env(), "simulate", file.toString(), "--templates-dir",
                dir.resolve("missing").toString());
        assertThat(notADir.exitCode()).isEqualTo(2);
        assertThat(notADir.err()).contains("--templates-dir").contains("not a directory");
    }

    @Test
    void responseCurveOfADeviceFileRisesOnUpPulses() throws Exception {
        Path device = dir.resolve("device.json");
        Files.writeString(device, "{\"type\": \"constant_step\", \"dw_min\": 0.01, \"dw_min_dtod\": 0, "
                + "\"dw_min_std\": 0, \"w_max\": 1, \"w_min\": -1, \"w_max_dtod\": 0, \"w_min_dtod\": 0, "
                + "\"up_down_dtod\": 0}");
        CliRunner.Result r = CliRunner.run(env(), "response-curve", "--device", device.toString(), "--pulses", "10",
                "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        double[] mean = SpecJson.mapper().convertValue(SpecJson.mapper().readTree(r.out()).get("response_curves")
                .get(0).get("mean"), double[].class);
        // ten steps of dw_min up from 0, then back down
        assertThat(mean[10]).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(mean[20]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-4));
        CliRunner.Result both = CliRunner.run(env(), "response-curve", "--device", device.toString(), "--preset",
                "IdealizedPreset");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void validateWithoutLoginValidatesLocally() throws Exception {
        Path doc = dir.resolve("tiny.json");
        Files.writeString(doc, CliAgainstServiceTest.TINY);
        CliRunner.Result r = CliRunner.run(env(), "validate", doc.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("valid (backend cpu) [validated by local]");
    }

    @Test
    void jsonLinesFindsKeysAndFallsBackToTheNearestParent() {
        JsonLines lines = JsonLines.of("{\n  \"a\": {\"b\": [1,\n    {\"c\": 2}]},\n  \"d~/e\": 3\n}");
        assertThat(lines.find("/a")).isEqualTo(new JsonLines.Position(2, 3));
        assertThat(lines.find("/a/b/1/c")).isEqualTo(new JsonLines.Position(3, 6));
        assertThat(lines.find("/a/b/1/missing")).isEqualTo(new JsonLines.Position(3, 5));
        assertThat(lines.find("/d~0~1e")).isEqualTo(new JsonLines.Position(4, 3));
        assertThat(lines.find("/nowhere")).isEqualTo(new JsonLines.Position(1, 1));
    }

    @Test
    void settingsEditNestedFieldsAndNameWhatIsWrong() {
        JsonNode doc = SpecJson.mapper().readTree("{\"training\": {\"epochs\": 3}, \"layers\": [{\"t\": \"a\"}]}");
        JsonNode edited = Documents.apply(doc, List.of(Documents.Setting.parse("training.epochs=5"),
                Documents.Setting.parse("layers.0.t=relu"), Documents.Setting.parse("dataset.name=synthetic")));
        assertThat(edited.at("/training/epochs").asInt()).isEqualTo(5);
        assertThat(edited.at("/layers/0/t").asString()).isEqualTo("relu");
        assertThat(edited.at("/dataset/name").asString()).isEqualTo("synthetic");
        assertThat(doc.at("/training/epochs").asInt()).as("the original is unchanged").isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Documents.apply(doc, List.of(Documents.Setting
                .parse("layers.7.t=x")))).hasMessageContaining("index 7").hasMessageContaining("list of 1");
    }

    @Test
    void sweepValuesSplitOutsideBracketsAndMultiply() {
        assertThat(SweepCommand.splitTopLevel("[1,2],[3,4],x")).containsExactly("[1,2]", "[3,4]", "x");
        var product = SweepCommand.product(List.of(SweepCommand.Axis.parse("a=1,2"), SweepCommand.Axis.parse(
                "b=x,y,z")));
        assertThat(product).hasSize(6);
        assertThat(product.get(5).stream().map(Documents.Setting::label)).containsExactly("2", "z");
    }

    @Test
    void problemsMapToExitCodesAndNameTheFields() {
        CliException invalid = ApiClient.problem("POST", "/api/v1/experiments", 400, "{\"title\":\"Invalid "
                + "request\",\"detail\":\"bad\",\"errors\":[{\"pointer\":\"/template\",\"message\":\"no template "
                + "'x'\",\"allowed\":\"a, b\"}]}");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.getMessage()).contains("/template: no template 'x' (allowed: a, b)");
        assertThat(ApiClient.problem("GET", "/x", 500, "<html>").exitCode()).isEqualTo(3);
        assertThat(ApiClient.retryAfter("7", 0)).isEqualTo(7);
        assertThat(ApiClient.retryAfter(null, 2)).isEqualTo(4);
    }
}
