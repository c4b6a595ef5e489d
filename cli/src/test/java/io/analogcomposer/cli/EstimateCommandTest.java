package io.analogcomposer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.json.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code aimc estimate FILE}: the chip cost of one inference, offline. */
class EstimateCommandTest {

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("AIMC_CONFIG", dir.resolve("none.json").toString());
    }

    private Path lenet5() throws Exception {
        Path file = dir.resolve("lenet5.json");
        Files.writeString(file, SpecJson.write(Catalogue.get().template("lenet5-training").orElseThrow().document()));
        return file;
    }

    @Test
    void printsThePerLayerTableTotalsAndSources() throws Exception {
        CliRunner.Result r = CliRunner.run(env(), "estimate", lenet5().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("hermes_pcm_14nm").contains("analog_conv2d").contains("total")
                .contains("le_gallo_2023").contains("https://doi.org/10.1038/s41928-023-01010-1")
                .contains("adc_energy_pj = 52.46");
        // LeNet5: 4 tiles, 642 MVMs (the hand count is in CostEstimatorTest); the total row carries them
        assertThat(r.out().lines().filter(l -> l.contains("total")).findFirst().orElseThrow()).contains(" 4 ")
                .contains(" 642 ");
    }

    @Test
    void jsonOutputAndAnotherParameterSet() throws Exception {
        CliRunner.Result r = CliRunner.run(env(), "estimate", lenet5().toString(), "--parameter-set",
                "aon_cim_pcm_14nm", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode estimate = SpecJson.mapper().readTree(r.out());
        assertThat(estimate.get("parameter_set").asString()).isEqualTo("aon_cim_pcm_14nm");
        assertThat(estimate.get("totals").get("mvms").asLong()).isEqualTo(642);
        // AON-CiM books 0.2331 pJ per multiply-accumulate and nothing else
        assertThat(estimate.get("totals").get("energy_pj").asDouble())
                .isCloseTo(0.2331 * estimate.get("totals").get("macs").asLong(),
                        org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void badInputIsAUsageErrorNamingWhatIsWrong() throws Exception {
        CliRunner.Result unknown = CliRunner.run(env(), "estimate", lenet5().toString(), "--parameter-set", "tpu");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'tpu' is not a cost parameter set").contains("hermes_pcm_14nm");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(lenet5()).replace("\"kind\":\"training\"",
                "\"kind\":\"training\",\"cost_model\":{\"parameter_set\":\"hermes\"}"));
        CliRunner.Result invalid = CliRunner.run(env(), "estimate", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("/cost_model/parameter_set").contains("not a valid experiment");
    }
}
