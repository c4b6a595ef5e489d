package io.analogcomposer.spec.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.Issue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MessageJsonTest {

    @Test
    void everyEventRoundTripsThroughItsInterfaceWithItsEventName() {
        RunRequested request = RunRequested.of("run-1", "exp-1", "user-1", Backend.AUTO,
                SpecJson.mapper().readTree("{\"kind\":\"training\"}"));
        List<RunEvent> events = List.of(RunValidated.of(request, Backend.CPU, List.of()),
                RunRejected.of(request, List.of(new Issue("/kind", "is wrong", "training", "enum")), List.of()),
                RunStarted.of("run-1", 1, Backend.CPU, "host-1/42"),
                RunProgress.epoch("run-1", 1, 0, 10, Map.of("accuracy", 0.81, "train_loss", 0.52)),
                RunProgress.inferenceTime("run-1", 1, 3, 10, 3600.0, 2, Map.of("avg_accuracy", 85.1)),
                RunCompleted.of("run-1", 1,
                        new RunResult(ExperimentKind.TRAINING,
                                List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.81))), List.of(),
                                Map.of("accuracy", 0.81),
                                List.of(new RunResult.Artifact("weights.ckpt", "application/octet-stream", "s3://x",
                                        12, "ab")),
                                "0.1.0", 12.5)),
                RunFailed.of("run-1", 1, "worker crashed 3 times", "worker_crashed"),
                RunCancelled.of("run-1", 1, "cancelled by the user"), RunHeartbeat.of("run-1", 1, "host-1/42"));
        for (RunEvent event : events) {
            String json = SpecJson.write(event);
            JsonNode tree = SpecJson.mapper().readTree(json);
            assertThat(tree.get("event").asString()).isEqualTo(event.eventName());
            assertThat(tree.get("run_id").asString()).isEqualTo("run-1");
            assertThat(tree.get("message_version").asInt()).isEqualTo(RunMessage.VERSION);
            assertThat(tree.has("event_id")).isTrue();
            assertThat(event.routingKey()).isEqualTo("run." + event.eventName());
            assertThat(SpecJson.read(json, RunEvent.class)).isEqualTo(event);
        }
    }

    @Test
    void progressUsesSnakeCaseNamesAndTimestampsAreIsoStrings() {
        RunProgress progress = RunProgress.inferenceTime("r", 2, 1, 10, 60.0, 3, Map.of("avg_accuracy", 80.0));
        JsonNode tree = SpecJson.tree(progress);
        assertThat(tree.get("kind").asString()).isEqualTo("inference_time");
        assertThat(tree.get("t_inference").asDouble()).isEqualTo(60.0);
        assertThat(tree.get("repetitions_done").asInt()).isEqualTo(3);
        assertThat(tree.get("total_steps").asInt()).isEqualTo(10);
        assertThat(tree.get("timestamp").isString()).isTrue();
    }

    @Test
    void requestsCarryTheDocumentAsSubmittedAndJobsNeedAConcreteBackend() {
        JsonNode document = SpecJson.mapper().readTree("{\"kind\":\"trainin\",\"whatever\":[1,2]}");
        RunRequested request = RunRequested.of("r", "e", "u", null, document);
        RunRequested back = SpecJson.read(SpecJson.write(request), RunRequested.class);
        assertThat(back.document()).isEqualTo(document);
        assertThat(back).isEqualTo(request);

        assertThatThrownBy(() -> RunJob.of(request, Backend.AUTO, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunRejected.of(request, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatTheValidatorPublishesForARequestHasIdsDerivedFromIt() {
        RunRequested request = RunRequested.of("r", "e", "u", null, SpecJson.mapper().readTree("{}"));
        assertThat(RunValidated.of(request, Backend.CPU, List.of()).eventId())
                .isEqualTo(RunValidated.of(request, Backend.GPU, List.of()).eventId())
                .isNotEqualTo(request.eventId());
        List<Issue> errors = List.of(new Issue("", "x", null, "y"));
        assertThat(RunRejected.of(request, errors, List.of()).eventId())
                .isEqualTo(RunRejected.of(request, errors, List.of()).eventId())
                .isNotEqualTo(RunValidated.of(request, Backend.CPU, List.of()).eventId());
        RunRequested other = RunRequested.of("r", "e", "u", null, SpecJson.mapper().readTree("{}"));
        assertThat(RunValidated.of(other, Backend.CPU, List.of()).eventId())
                .isNotEqualTo(RunValidated.of(request, Backend.CPU, List.of()).eventId());
    }

    @Test
    void onlyEndingEventsAreTerminal() {
        assertThat(RunStarted.of("r", 1, Backend.CPU, "w").terminal()).isFalse();
        assertThat(RunFailed.of("r", 1, "x", "y").terminal()).isTrue();
        assertThat(RunCancelled.of("r", 1, "x").terminal()).isTrue();
    }

    @Test
    void aHardwareResultRoundTripsAndResultsWithoutOneReadAsBefore() {
        HardwareResult hardware = new HardwareResult("fusion-0", "fw/1", true,
                java.time.Instant.parse("2026-11-23T22:00:00Z"), 25, 8, 2, 7850, 1048576, 7850 / 1048576.0, 31000,
                12, 0.01, 0.9, 0.91, 3.2, new HardwareResult.Histogram(-4, 4, List.of(1L, 5L, 2L)),
                List.of(1.0, 20.0), List.of(1.3, 19.1),
                List.of(new HardwareResult.Readback(86400, 86400, 0.7, -5.0, 2.0)));
        RunResult result = new RunResult(ExperimentKind.HARDWARE_INFERENCE, List.of(), List.of(),
                Map.of("test_accuracy", 0.9), List.of(), "0.1.0", 3.0, hardware);
        String json = SpecJson.write(result);
        JsonNode tree = SpecJson.mapper().readTree(json);
        assertThat(tree.at("/hardware/chip_id").asString()).isEqualTo("fusion-0");
        assertThat(tree.at("/hardware/error_histogram/counts").size()).isEqualTo(3);
        assertThat(tree.at("/hardware/scatter_programmed_us/1").asDouble()).isEqualTo(19.1);
        assertThat(tree.at("/hardware/readbacks/0/mean_conductance_ratio").asDouble()).isEqualTo(0.7);
        assertThat(SpecJson.read(json, RunResult.class)).isEqualTo(result);

        // what workers wrote before the field existed still reads, without a chip side, and writes back unchanged
        String old = "{\"kind\":\"training\",\"epochs\":[],\"inference\":[],\"summary\":{},\"artifacts\":[],"
                + "\"simulator_version\":\"0.1.0\",\"duration_seconds\":1.5}";
        RunResult read = SpecJson.read(old, RunResult.class);
        assertThat(read.hardware()).isNull();
        assertThat(SpecJson.mapper().readTree(SpecJson.write(read))).isEqualTo(SpecJson.mapper().readTree(old));
    }

    @Test
    void eachProgrammingOfAChipRunRoundTripsAndAResultStoredWithoutThemReadsWithNone() {
        HardwareResult.Histogram histogram = new HardwareResult.Histogram(-4, 4, List.of(1L, 5L, 2L));
        HardwareResult hardware = new HardwareResult("fusion-0", "fw/1", true,
                java.time.Instant.parse("2026-11-23T22:00:00Z"), 25, 8, 2, 7850, 1048576, 7850 / 1048576.0, 62000,
                12, 0.01, 0.9, 0.91, 3.2, histogram, List.of(), List.of(), List.of(),
                List.of(new HardwareResult.Repetition(List.of(90.2, 89.4), 31000, 12, 0.95),
                        new HardwareResult.Repetition(List.of(89.7, 89.9), 31000, 9, 0.96)));
        String json = SpecJson.write(hardware);
        JsonNode tree = SpecJson.mapper().readTree(json);
        assertThat(tree.at("/repetitions/1/accuracy/0").asDouble()).isEqualTo(89.7);
        assertThat(tree.at("/repetitions/0/failed_devices").asLong()).isEqualTo(12);
        assertThat(tree.at("/repetitions/0/std_error_us").asDouble()).isEqualTo(0.95);
        assertThat(SpecJson.read(json, HardwareResult.class)).isEqualTo(hardware);

        ((tools.jackson.databind.node.ObjectNode) tree).remove("repetitions");
        assertThat(SpecJson.read(tree.toString(), HardwareResult.class).repetitions()).isEmpty();
    }

    @Test
    void aWorkerAnnouncementCarriesItsChipAndOneWithoutReadsAsBefore() {
        WorkerAnnouncement announcement = WorkerAnnouncement.of("lab/1/x",
                io.analogcomposer.spec.experiment.Backend.HARDWARE,
                1, 0, "PCM chip", 10_000, false, new ChipStatus("fusion-0", "Fusion PCM", "fw/1", false, 1, 512, 2048,
                        true, null, java.time.Instant.parse("2026-12-07T10:00:00Z")));
        String json = SpecJson.write(announcement);
        JsonNode tree = SpecJson.mapper().readTree(json);
        assertThat(tree.at("/chip/word_lines").asInt()).isEqualTo(512);
        assertThat(tree.at("/chip/detail").asString()).isEmpty();
        assertThat(tree.at("/chip").has("devices")).as("derived, not sent").isFalse();
        assertThat(SpecJson.read(json, WorkerAnnouncement.class)).isEqualTo(announcement);

        ((tools.jackson.databind.node.ObjectNode) tree).remove("chip");
        assertThat(SpecJson.read(tree.toString(), WorkerAnnouncement.class).chip()).isNull();
    }

    @Test
    void hardwareScatterSamplesAreBoundedAndPaired() {
        List<Double> many = java.util.Collections.nCopies(HardwareResult.MAX_SCATTER + 1, 1.0);
        assertThatThrownBy(() -> new HardwareResult("c", "f", true, null, 25, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, null,
                many, many, null)).hasMessageContaining("at most 2000 scatter points");
        assertThatThrownBy(() -> new HardwareResult("c", "f", true, null, 25, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, null,
                List.of(1.0), List.of(), null)).hasMessageContaining("as many programmed values as targets");
    }
}
