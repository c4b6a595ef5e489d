package io.analogcomposer.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.worker.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAJobForItsBackend() throws Exception {
        RunJob job = TestJobs.tiny("run-1", 1);
        assertThat(JobReader.read(bytes(SpecJson.write(job)), "cpu")).isEqualTo(job);
    }

    @Test
    void textThatIsNotJsonIsPoisonWithoutARun() {
        assertThatThrownBy(() -> JobReader.read(bytes("\u0000\u0001"), "cpu")).isInstanceOf(PoisonMessage.class)
                .hasMessageContaining("not JSON").satisfies(e -> assertThat(((PoisonMessage) e).runId()).isNull());
    }

    @Test
    void anUnknownVersionNamesTheVersionsAndKeepsTheRunAndAttempt() {
        String json = SpecJson.write(TestJobs.tiny("run-2", 1)).replace("\"message_version\":1",
                "\"message_version\":7").replace("\"attempt\":1", "\"attempt\":3");
        assertThatThrownBy(() -> JobReader.read(bytes(json), "cpu")).isInstanceOf(PoisonMessage.class)
                .hasMessageContaining("message_version 7").hasMessageContaining("reads version 1")
                .satisfies(e -> {
                    assertThat(((PoisonMessage) e).runId()).isEqualTo("run-2");
                    assertThat(((PoisonMessage) e).attempt()).isEqualTo(3);
                });
    }

    @Test
    void aJobWithABrokenSpecIsPoisonNamingTheProblem() {
        String json = SpecJson.write(TestJobs.tiny("run-3", 1)).replace("\"kind\":\"training\"",
                "\"kind\":\"dreaming\"");
        assertThatThrownBy(() -> JobReader.read(bytes(json), "cpu")).isInstanceOf(PoisonMessage.class)
                .hasMessageContaining("not a valid job").hasMessageContaining("dreaming")
                .satisfies(e -> assertThat(((PoisonMessage) e).runId()).isEqualTo("run-3"));
    }

    @Test
    void aJobOnAnotherBackendsQueueIsPoison() {
        String json = SpecJson.write(TestJobs.tiny("run-4", 1));
        assertThatThrownBy(() -> JobReader.read(bytes(json), "gpu")).isInstanceOf(PoisonMessage.class)
                .hasMessageContaining("for backend 'cpu'").hasMessageContaining("backend 'gpu'");
    }
}
