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
        assertThat(r.exitCode()).isEqualTo(1);
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
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("none.npy");
    }
}
