package io.analogcomposer.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.emulator.PcmPhysics;
import io.analogcomposer.chip.server.ChipHttpServer;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.spec.fusion.FusionLayer;
import io.analogcomposer.spec.messages.HardwareResult;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunMessage;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.TargetConductances;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.testsupport.FusionSample;
import io.analogcomposer.worker.hardware.run.HardwareExperimentExecutor;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;

/**
 * The two hardware runs without training, through {@code jobs.hardware} on the real RabbitMQ and an emulated chip over
 * its real protocol: "bring your own conductances" (the real composer's LeNet5 Fusion CSV programmed as it is and
 * returned as the programmed file) and a shipped LeNet5 weight template programmed and evaluated on Fashion-MNIST.
 */
@SpringBootTest(properties = {"composer.worker.hardware.chip.retry-attempts=5",
        "composer.worker.hardware.chip.retry-first-backoff=100ms", "composer.worker.engine.threads=2"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class UploadedConductancesAndTemplatesTest {

    /** 128 word lines × 1,024 bit lines: 131,072 devices, room for LeNet5's 80,016 weights. */
    private static final ChipGeometry GEOMETRY = new ChipGeometry(128, 1024);
    private static final ChipHttpServer SERVER;

    static {
        try {
            Path state = Files.createTempDirectory("byoc-test").resolve("chip.state");
            EmulatedChip chip = new EmulatedChip(
                    new EmulatorConfig("byoc-fusion", GEOMETRY, 23, state, 0, 4, PcmPhysics.DEFAULT));
            SERVER = ChipHttpServer.start(chip, "127.0.0.1", 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    @DynamicPropertySource
    static void chip(DynamicPropertyRegistry registry) {
        registry.add("composer.worker.hardware.chip.url", () -> "http://127.0.0.1:" + SERVER.port());
    }

    @AfterAll
    static void stopChip() {
        SERVER.close();
    }

    static ExperimentSpec resolved(String document) {
        ValidationResult validation = Validator.standard().validate(document);
        assertThat(validation.errors()).as("test document is valid").isEmpty();
        return validation.resolved();
    }

    /**
     * The composer's LeNet5 inference template as a hardware run on 1,000 test images, with {@code inference} as
     * given (JSON).
     */
    static String lenet5(String inference) {
        tools.jackson.databind.node.ObjectNode doc = (tools.jackson.databind.node.ObjectNode) io.analogcomposer.spec.json.SpecJson
                .mapper().readTree(io.analogcomposer.spec.json.SpecJson.write(io.analogcomposer.spec.catalogue.Catalogue
                        .get().template("lenet5-inference").orElseThrow().document()));
        doc.put("kind", "hardware_inference");
        doc.put("backend", "hardware");
        ((tools.jackson.databind.node.ObjectNode) doc.get("dataset")).put("max_test_samples", 1000);
        doc.set("inference", io.analogcomposer.spec.json.SpecJson.mapper().readTree(inference));
        return io.analogcomposer.spec.json.SpecJson.write(doc);
    }

    private List<RunEvent> run(RunJob job) {
        Broker.publish(rabbit, topology.jobsExchange(), "hardware", job, Map.of());
        return new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(job.runId(), Duration.ofMinutes(4));
    }

    private static byte[] artifact(List<RunEvent> events, String name) {
        return events.stream().filter(e -> e instanceof RunArtifact a && a.name().equals(name))
                .map(e -> ((RunArtifact) e).content()).findFirst().orElseThrow();
    }

    @Test
    void theComposersFusionSampleIsProgrammedAsItIsAndComesBackProgrammed() throws IOException {
        byte[] uploaded = FusionSample.bytes();
        String fileId = UUID.randomUUID().toString();
        ExperimentSpec spec = resolved(lenet5("{\"target_conductances\": \"" + fileId + "\", "
                + "\"t_inference\": [0, 86400], \"repetitions\": 1}"));
        String runId = TestJobs.newRunId("byoc");
        RunJob job = new RunJob(RunMessage.VERSION, UUID.randomUUID(), runId, 1, Instant.now(), "exp", "user-1",
                Backend.HARDWARE, spec, TargetConductances.of(fileId, "lenet5.csv", uploaded));

        List<RunEvent> events = run(job);

        assertThat(events.getLast()).as("the run completes: %s", events.getLast()).isInstanceOf(RunCompleted.class);
        RunResult result = ((RunCompleted) events.getLast()).result();
        HardwareResult hw = result.hardware();
        System.out.printf("BYOC run: %d devices, error mean %.3f std %.3f µS, %d failed, ratio after a day %.3f%n",
                hw.devices(), hw.meanErrorUs(), hw.stdErrorUs(), hw.failedDevices(),
                hw.readbacks().getLast().meanConductanceRatio());
        assertThat(result.epochs()).isEmpty(); // nothing trained
        assertThat(result.inference()).isEmpty(); // nothing evaluated: the model stays with the user
        assertThat(result.summary()).doesNotContainKey("test_accuracy").containsEntry("uploaded_values", 80016.0);
        assertThat(hw.devices()).isEqualTo(80016);
        assertThat(hw.layers()).isEqualTo(4);
        assertThat(hw.stdErrorUs()).isBetween(0.4, 1.2); // PCM programming noise over the sample's 0..26 µS
        assertThat(hw.failedDevices()).isLessThan(80016 / 50);
        assertThat(hw.readbacks()).extracting(HardwareResult.Readback::tInference).containsExactly(0.0, 86400.0);
        assertThat(hw.readbacks().getLast().meanConductanceRatio()).isBetween(0.5, 0.95); // drift after a day

        // the uploaded file comes back byte for byte as the targets, and programmed with the same layers
        assertThat(artifact(events, HardwareExperimentExecutor.TARGETS_CSV)).isEqualTo(uploaded);
        FusionCsv targets = FusionCsv.parse(new String(uploaded, StandardCharsets.UTF_8));
        FusionCsv programmed = FusionCsv
                .parse(new String(artifact(events, HardwareExperimentExecutor.PROGRAMMED_CSV), StandardCharsets.UTF_8));
        assertThat(programmed.layers()).extracting(FusionLayer::name).containsExactly("0", "3", "8", "10");
        assertThat(programmed.layers()).extracting(FusionLayer::className)
                .containsExactlyElementsOf(targets.layers().stream().map(FusionLayer::className).toList());
        double sum = 0, sum2 = 0;
        long n = 0;
        for (int l = 0; l < 4; l++) {
            double[] t = targets.layers().get(l).conductancesUs(), p = programmed.layers().get(l).conductancesUs();
            assertThat(p).hasSameSizeAs(t);
            for (int i = 0; i < t.length; i++) {
                double e = p[i] - t[i];
                sum += e;
                sum2 += e * e;
                n++;
            }
        }
        double std = Math.sqrt(sum2 / n - (sum / n) * (sum / n));
        assertThat(std).as("per-value error of the downloaded file").isBetween(0.4, 3.0);
    }

    @Test
    void aShippedTemplateIsProgrammedWithoutTrainingAndScoresCloseToTheSimulator() {
        ExperimentSpec spec = resolved(lenet5("{\"weight_template\": \"ac-digital-trained-lenet5\", "
                + "\"t_inference\": [0], \"repetitions\": 1, \"batch_size\": 250}"));
        List<RunEvent> events = run(TestJobs.job(TestJobs.newRunId("hw-template"), Backend.HARDWARE, spec));

        assertThat(events.getLast()).as("the run completes: %s", events.getLast()).isInstanceOf(RunCompleted.class);
        RunResult result = ((RunCompleted) events.getLast()).result();
        double chip = result.summary().get("test_accuracy");
        double simulated = result.summary().get("simulated_test_accuracy");
        System.out.printf("template on chip: %.3f, simulated %.3f, error std %.3f µS%n", chip, simulated,
                result.hardware().stdErrorUs());
        assertThat(result.epochs()).isEmpty(); // not trained
        assertThat(result.durationSeconds()).as("the job's programming and reading took time").isPositive();
        assertThat(EventsProbe.names(events)).doesNotContain("epoch");
        assertThat(simulated).isGreaterThan(0.8); // the template's ~90 % on Fashion-MNIST
        assertThat(chip).isGreaterThan(0.75).isCloseTo(simulated, org.assertj.core.data.Offset.offset(0.06));
        assertThat(result.hardware().devices()).isEqualTo(80016);
    }

    /**
     * Each repetition programs the chip anew: programming noise differs per programming, so three programmings give
     * three accuracies and a real spread, and the run's duration is the whole job's wall time.
     */
    @Test
    void eachRepetitionProgramsTheChipAnewSoTheSpreadIsReal() {
        ExperimentSpec spec = resolved(lenet5("{\"weight_template\": \"ac-hwa-trained-lenet5\", "
                + "\"t_inference\": [0, 86400], \"repetitions\": 3, \"batch_size\": 250}"));
        long started = System.nanoTime();
        List<RunEvent> events = run(TestJobs.job(TestJobs.newRunId("hw-repetitions"), Backend.HARDWARE, spec));
        double observed = (System.nanoTime() - started) / 1e9;

        assertThat(events.getLast()).as("the run completes: %s", events.getLast()).isInstanceOf(RunCompleted.class);
        RunResult result = ((RunCompleted) events.getLast()).result();
        List<HardwareResult.Repetition> programmings = result.hardware().repetitions();
        System.out.printf("3 programmings: accuracies %s, mean %s ± %s %%, error std %s µS, %.1f s of %.1f s%n",
                programmings.stream().map(HardwareResult.Repetition::accuracy).toList(),
                result.inference().stream().map(RunResult.InferenceResult::avgAccuracy).toList(),
                result.inference().stream().map(RunResult.InferenceResult::stdAccuracy).toList(),
                programmings.stream().map(HardwareResult.Repetition::stdErrorUs).toList(), result.durationSeconds(),
                observed);
        assertThat(programmings).hasSize(3).allSatisfy(p -> {
            assertThat(p.accuracy()).hasSize(2).allSatisfy(a -> assertThat(a).isBetween(70.0, 100.0));
            assertThat(p.pulses()).isPositive();
            assertThat(p.stdErrorUs()).isBetween(0.3, 2.0); // PCM programming noise
        });
        // three programmings are three draws of the programming noise: not one result copied three times
        assertThat(programmings.stream().map(HardwareResult.Repetition::accuracy).distinct().count())
                .isGreaterThan(1);
        assertThat(result.inference()).hasSize(2);
        for (int k = 0; k < 2; k++) {
            RunResult.InferenceResult point = result.inference().get(k);
            int time = k;
            double[] accuracies = programmings.stream().mapToDouble(p -> p.accuracy().get(time)).toArray();
            double mean = java.util.Arrays.stream(accuracies).average().orElseThrow();
            double variance = java.util.Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum() / 2;
            assertThat(point.avgAccuracy()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(point.stdAccuracy()).isCloseTo(Math.sqrt(variance), org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(result.inference().stream().mapToDouble(RunResult.InferenceResult::stdAccuracy).max()
                .orElseThrow()).as("std over the programmings").isPositive();
        assertThat(result.summary().get("test_accuracy") * 100)
                .isCloseTo(result.inference().getFirst().avgAccuracy(), org.assertj.core.data.Offset.offset(1e-9));
        // the progress of the last time step counts all three programmings
        assertThat(events.stream().filter(e -> e instanceof io.analogcomposer.spec.messages.RunProgress p
                && p.repetitionsDone() != null && p.repetitionsDone() == 3).count()).isEqualTo(2);
        // three programmings take three times the programming: the duration is the job's wall time, not 0
        assertThat(result.durationSeconds()).isPositive().isLessThanOrEqualTo(observed)
                .isGreaterThan(0.5 * observed);
        assertThat(result.hardware().pulses()).isEqualTo(programmings.stream()
                .mapToLong(HardwareResult.Repetition::pulses).sum());
    }
}
