package io.analogcomposer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.util.Npy;
import io.analogcomposer.engine.json.Json;
import io.analogcomposer.engine.random.Rng;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalogCommandsTest {
    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Aimc.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void noisePreviewPrintsCurvesThatDriftDown() {
        Result r = run("noise-preview", "--levels", "3", "--times", "0,86400", "--samples", "500");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> m = (Map<String, Object>) Json.parse(r.out());
        List<Map<String, Object>> curves = (List<Map<String, Object>>) m.get("curves");
        assertThat(curves).hasSize(3);
        List<Map<String, Object>> top = (List<Map<String, Object>>) curves.get(2).get("over_time");
        assertThat(((Number) top.get(1).get("mean")).doubleValue())
                .isLessThan(((Number) top.get(0).get("mean")).doubleValue());
    }

    @Test
    void unknownNoiseModelIsAOneLineError() {
        Result r = run("noise-preview", "--model", "memristor9000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("memristor9000").contains("pcm_like");
    }

    @Test
    @SuppressWarnings("unchecked")
    void mvmReportsErrorStatisticsFromNpyFiles(@TempDir Path dir) throws Exception {
        float[] w = new float[16 * 32], x = new float[8 * 32];
        new Rng(1).fillUniform(w, 0, w.length, -1, 1);
        new Rng(2).fillUniform(x, 0, x.length, -1, 1);
        Files.write(dir.resolve("w.npy"), Npy.write(new int[]{16, 32}, w));
        Files.write(dir.resolve("x.npy"), Npy.write(new int[]{8, 32}, x));
        Result r = run("mvm", "--weights", dir.resolve("w.npy").toString(), "--inputs", dir.resolve("x.npy").toString(),
                "--preset", "floating_point", "--repeats", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) Json.parse(r.out())).get("statistics");
        assertThat(((Number) s.get("rel_frobenius_mean")).doubleValue()).isLessThan(1e-6);
        Result noisy = run("mvm", "--weights", dir.resolve("w.npy").toString(), "--inputs",
                dir.resolve("x.npy").toString(), "--repeats", "3");
        Map<String, Object> n = (Map<String, Object>) ((Map<String, Object>) Json.parse(noisy.out())).get("statistics");
        assertThat(((Number) n.get("per_element_std_mean")).doubleValue()).isGreaterThan(0.01);
        Result missing = run("mvm", "--weights", dir.resolve("none.npy").toString(), "--inputs",
                dir.resolve("x.npy").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("none.npy");
    }

    @Test
    void noisePreviewRefusesAnOptionTheModelDoesNotReadAndNamesWhatItReads() {
        Result r = run("noise-preview", "--model", "pcm_like", "--drift-nu-mean", "0.05");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--drift-nu-mean").contains("pcm_like").contains("--g-max");
        assertThat(r.out()).isEmpty();
        Result wan = run("noise-preview", "--model", "reram_wan2022", "--prog-noise-scale", "2");
        assertThat(wan.exitCode()).isEqualTo(2);
        assertThat(wan.err()).contains("--prog-noise-scale").contains("none of the model options");
    }

    @Test
    @SuppressWarnings("unchecked")
    void noisePreviewReportsTheDriftExponentAndTheExactZeros() {
        Result r = run("noise-preview", "--model", "state_independent", "--drift-nu-mean", "0.2", "--drift-nu-std",
                "0.01", "--g", "0,25", "--times", "3600", "--samples", "2000");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<Map<String, Object>> curves = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(r.out()))
                .get("curves");
        Map<String, Object> nu = (Map<String, Object>) curves.get(1).get("drift_parameter");
        assertThat(((Number) nu.get("mean")).doubleValue()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.005));
        assertThat(((Number) nu.get("std")).doubleValue()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(0.003));
        // programming noise around 0 uS is clamped at zero: a large share of exact zeros the percentiles hide
        Map<String, Object> atZero = (Map<String, Object>) curves.get(0).get("programmed");
        assertThat(((Number) atZero.get("zero_fraction")).doubleValue()).isBetween(0.3, 0.7);
        Map<String, Object> top = (Map<String, Object>) curves.get(1).get("programmed");
        assertThat(((Number) top.get("zero_fraction")).doubleValue()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void mvmHonoursTheMappingAndTheNoiseModelOfTheRpuConfig(@TempDir Path dir) throws Exception {
        float[] w = new float[16 * 32], x = new float[8 * 32];
        new Rng(1).fillUniform(w, 0, w.length, -1, 1);
        new Rng(2).fillUniform(x, 0, x.length, -1, 1);
        String wp = dir.resolve("w.npy").toString(), xp = dir.resolve("x.npy").toString();
        Files.write(Path.of(wp), Npy.write(new int[]{16, 32}, w));
        Files.write(Path.of(xp), Npy.write(new int[]{8, 32}, x));
        Path split = dir.resolve("split.json");
        Files.writeString(split, "{\"preset\": \"floating_point\", \"mapping\": {\"max_input_size\": 16}}");
        Result r = run("mvm", "--weights", wp, "--inputs", xp, "--rpu-config", split.toString(), "--repeats", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> out = (Map<String, Object>) Json.parse(r.out());
        assertThat(((Number) ((Map<String, Object>) out.get("tiles")).get("count")).intValue())
                .as("32 inputs over tiles of 16").isEqualTo(2);
        assertThat(((Number) ((Map<String, Object>) out.get("mapping")).get("max_input_size")).intValue())
                .isEqualTo(16);

        // a noisy periphery on the split layer: each tile has its own ADC, so the error differs from one tile
        Path noisy16 = dir.resolve("noisy16.json"), noisy32 = dir.resolve("noisy32.json");
        Files.writeString(noisy16, "{\"forward\": {\"out_noise\": 0.0}, \"mapping\": {\"max_input_size\": 16}}");
        Files.writeString(noisy32, "{\"forward\": {\"out_noise\": 0.0}, \"mapping\": {\"max_input_size\": 32}}");
        double e16 = relError(run("mvm", "--weights", wp, "--inputs", xp, "--rpu-config", noisy16.toString(),
                "--repeats", "1"));
        double e32 = relError(run("mvm", "--weights", wp, "--inputs", xp, "--rpu-config", noisy32.toString(),
                "--repeats", "1"));
        assertThat(e16).as("the tile split changes the analog result").isNotEqualTo(e32);

        // the noise model acts once the weights are programmed and drifted (exact periphery: only the devices err)
        Path perfect = dir.resolve("perfect.json");
        Files.writeString(perfect, "{\"forward\": {\"is_perfect\": true}, \"noise_model\": {\"type\": \"pcm_like\"}}");
        Result fresh = run("mvm", "--weights", wp, "--inputs", xp, "--rpu-config", perfect.toString(), "--repeats",
                "1");
        Result day = run("mvm", "--weights", wp, "--inputs", xp, "--rpu-config", perfect.toString(), "--repeats", "1",
                "--t-inference", "86400");
        assertThat(day.exitCode()).as(day.err()).isZero();
        Map<String, Object> noise = (Map<String, Object>) ((Map<String, Object>) Json.parse(day.out()))
                .get("noise_model");
        assertThat(noise.get("applied")).isEqualTo(true);
        assertThat(noise.get("type")).isEqualTo("pcm_like");
        assertThat(relError(fresh)).isLessThan(1e-6);
        assertThat(relError(day)).as("PCM programming noise, drift and read noise after a day").isGreaterThan(0.01);
    }

    @Test
    void mvmRefusesAnUnknownRpuConfigKeyWithTheClosestKnownOne(@TempDir Path dir) throws Exception {
        float[] w = new float[4 * 8], x = new float[2 * 8];
        Files.write(dir.resolve("w.npy"), Npy.write(new int[]{4, 8}, w));
        Files.write(dir.resolve("x.npy"), Npy.write(new int[]{2, 8}, x));
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"mappin\": {\"max_input_size\": 64}}");
        Result r = run("mvm", "--weights", dir.resolve("w.npy").toString(), "--inputs",
                dir.resolve("x.npy").toString(), "--rpu-config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown rpu_config key 'mappin'").contains("Did you mean 'mapping'?");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void mvmNamesTheFileLineAndColumnOfMalformedRpuConfigJson(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("w.npy"), Npy.write(new int[]{4, 8}, new float[4 * 8]));
        Files.write(dir.resolve("x.npy"), Npy.write(new int[]{2, 8}, new float[2 * 8]));
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\n  \"mapping\": {\"max_input_size\": 64},\n}\n");
        Result r = run("mvm", "--weights", dir.resolve("w.npy").toString(), "--inputs",
                dir.resolve("x.npy").toString(), "--rpu-config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("aimc mvm: " + cfg + ": invalid JSON at line 3, column 1:").contains("'}'");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static double relError(Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) Json.parse(r.out())).get("statistics");
        return ((Number) s.get("rel_frobenius_mean")).doubleValue();
    }
}
