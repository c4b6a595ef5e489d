package io.analogcomposer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar aimc.jar} starts without the Vector API module. These tests start a JVM exactly like that (same
 * class path, no {@code --add-modules}) and check that the offline commands still work because aimc relaunches
 * itself, and that the engine indeed cannot run without the module (so the relaunch is what makes it work).
 */
class VectorRelaunchTest {

    @TempDir
    Path dir;

    private record Child(int exit, String out, String err) {}

    private Child aimcWithoutVectorModule(List<String> jvmFlags, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Aimc.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AIMC_CONFIG", dir.resolve("none.json").toString());
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("aimc finished").isTrue();
        return new Child(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void simulateWorksFromAPlainJvmByRelaunchingWithTheModule() throws Exception {
        Path doc = dir.resolve("tiny.json");
        Files.writeString(doc, CliAgainstServiceTest.TINY.replace("\"epochs\": 2", "\"epochs\": 1"));
        Child c = aimcWithoutVectorModule(List.of(), "simulate", doc.toString(), "--threads", "1");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("\"test_accuracy\"");
        assertThat(c.err()).contains("epoch 1/1");
    }

    @Test
    void withoutTheRelaunchTheEngineCannotLoadItsKernels() throws Exception {
        Path doc = dir.resolve("tiny.json");
        Files.writeString(doc, CliAgainstServiceTest.TINY.replace("\"epochs\": 2", "\"epochs\": 1"));
        Child c = aimcWithoutVectorModule(List.of("-D" + VectorRelaunch.GUARD + "=true"), "simulate", doc.toString());
        assertThat(c.exit()).isNotZero();
        assertThat(c.err()).contains("jdk/incubator/vector");
    }

    @Test
    void onlyOfflineCommandsRelaunch() {
        // an option's value is not the command
        assertThat(VectorRelaunch.usesEngine(new String[]{"--url", "http://h", "simulate", "f.json"})).isTrue();
        assertThat(VectorRelaunch.usesEngine(new String[]{"-o", "json", "runs", "list"})).isFalse();
        assertThat(VectorRelaunch.usesEngine(new String[]{"--output=json", "mvm"})).isTrue();
        assertThat(VectorRelaunch.usesEngine(new String[]{"simulate", "f.json"})).isTrue();
        assertThat(VectorRelaunch.usesEngine(new String[]{"response-curve", "--preset", "x"})).isTrue();
        assertThat(VectorRelaunch.usesEngine(new String[]{"runs", "list"})).isFalse();
    }

    @Test
    void theRelaunchUsesTheAotCacheBesideTheJarUnlessTheUserChoseAotSettings() throws Exception {
        Path jar = Files.createFile(dir.resolve("aimc.jar"));
        assertThat(VectorRelaunch.aotCache(jar.toString(), List.of())).as("no cache built").isEmpty();
        Path cache = Files.createFile(dir.resolve("aimc.aot"));
        assertThat(VectorRelaunch.aotCache(jar.toString(), List.of("-Xmx1g"))).contains(cache);
        assertThat(VectorRelaunch.aotCache(jar.toString(), List.of("-XX:AOTCache=/elsewhere.aot"))).isEmpty();
        assertThat(VectorRelaunch.aotCache(jar.toString(), List.of("-XX:AOTMode=off"))).isEmpty();
        // from classes (tests, an IDE) there is no jar and so no cache
        assertThat(VectorRelaunch.aotCache(dir.toString(), List.of())).isEmpty();
    }
}
