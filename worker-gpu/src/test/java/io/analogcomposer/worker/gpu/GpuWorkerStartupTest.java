package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The GPU worker on a machine without CUDA, with allow-cpu: it reports its tensor device, runs an inference job and a
 * hardware-aware training job (train, then program and drift) from {@code jobs.gpu} end to end over the real broker
 * with the tensor program on DJL's CPU device (and the run says so), and refuses by name what the tensor program
 * lacks (in-memory training with compound devices: Tiki-Taka).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.worker.gpu.allow-cpu=true")
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class GpuWorkerStartupTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    @Test
    void reportsHealthIncludingTheBrokerAndTheDevice() {
        String health = http.getForObject("/actuator/health", String.class);
        assertThat(health).contains("\"status\":\"UP\"").contains("\"rabbit\"").contains("\"gpuDevice\"")
                .contains("\"type\":\"cpu\"").contains("\"cudaVersion\"").contains("\"memoryTotalBytes\"");
        assertThat(http.getForObject("/actuator/prometheus", String.class))
                .contains("composer_worker_device_memory_total_bytes{").contains("device=\"cpu\"");
    }

    @Test
    void tellsWhichBackendAndDeviceItServes() {
        assertThat(http.getForObject("/actuator/info", String.class)).contains("\"backend\":\"gpu\"")
                .contains("\"engineVersion\"").contains("CPU device of PyTorch");
    }

    @Test
    void runsATemplateInferenceJobFromTheGpuQueueOnTheTensorProgram() {
        String runId = TestJobs.newRunId("gpu");
        Broker.publish(rabbit, topology.jobsExchange(), "gpu",
                TestJobs.job(runId, Backend.GPU, TemplateJobs.lenet5(100, 1, 0, 3600)), Map.of());

        List<RunEvent> all = new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId,
                Duration.ofSeconds(60));

        assertThat(EventsProbe.names(all)).as(EventsProbe.describe(all)).startsWith("started").endsWith("completed")
                .doesNotContain("failed");
        RunCompleted done = (RunCompleted) all.getLast();
        assertThat(done.result().summary()).containsEntry("tensor_program", 1.0).containsEntry("device_cuda", 0.0)
                .containsKey("device_memory_gib");
        assertThat(done.result().inference()).hasSize(2)
                .allSatisfy(p -> assertThat(p.avgAccuracy()).as("LeNet5 on 100 images").isGreaterThan(60.0));
    }

    @Test
    void trainsHardwareAwareThenDriftsFromTheGpuQueueOnTheTensorProgram() {
        String runId = TestJobs.newRunId("gpu-hwa");
        Broker.publish(rabbit, topology.jobsExchange(), "gpu",
                TestJobs.job(runId, Backend.GPU, TemplateJobs.threeFcHwa(3000, 200, 1, 1, 0, 3600)), Map.of());

        List<RunEvent> all = new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId,
                Duration.ofSeconds(180));

        assertThat(EventsProbe.names(all)).as(EventsProbe.describe(all)).startsWith("started").contains("progress")
                .endsWith("completed")
                .doesNotContain("failed");
        RunCompleted done = (RunCompleted) all.getLast();
        assertThat(done.result().summary()).containsEntry("tensor_program", 1.0).containsEntry("device_cuda", 0.0);
        assertThat(done.result().epochs()).hasSize(1);
        assertThat(done.result().inference()).hasSize(2)
                .allSatisfy(p -> assertThat(p.avgAccuracy()).as("3FC after one HWA epoch on 3,000 images")
                        .isGreaterThan(40.0));
    }

    @Test
    void trainsInMemoryWithSinglePulsedDevicesFromTheGpuQueueOnTheTensorProgram() {
        String runId = TestJobs.newRunId("gpu-pulsed");
        Broker.publish(rabbit, topology.jobsExchange(), "gpu", TestJobs.job(runId, Backend.GPU,
                TemplateJobs.threeFcInMemory(TensorInMemoryTrainingAccuracyTest.CONSTANT_STEP, 400, 200, 1)),
                Map.of());

        List<RunEvent> all = new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId,
                Duration.ofSeconds(180));

        assertThat(EventsProbe.names(all)).as(EventsProbe.describe(all)).startsWith("started").contains("progress")
                .endsWith("completed")
                .doesNotContain("failed");
        RunCompleted done = (RunCompleted) all.getLast();
        assertThat(done.result().summary()).containsEntry("tensor_program", 1.0).containsEntry("device_cuda", 0.0);
        assertThat(done.result().epochs()).hasSize(1);
        assertThat(done.result().epochs().getFirst().metrics().get("train_loss")).as("a finite training loss")
                .isFinite();
    }

    @Test
    void refusesCompoundInMemoryTrainingByNameInsteadOfRunningItOnTheJavaEngine() {
        String runId = TestJobs.newRunId("gpu-tiki-taka");
        Broker.publish(rabbit, topology.jobsExchange(), "gpu",
                TestJobs.job(runId, Backend.GPU, TemplateJobs.threeFcTikiTaka(100)), Map.of());

        List<RunEvent> all = new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId,
                Duration.ofSeconds(30));

        assertThat(EventsProbe.names(all)).doesNotContain("progress", "completed").endsWith("failed");
        RunFailed failed = (RunFailed) all.getLast();
        assertThat(failed.code()).isEqualTo("unsupported");
        assertThat(failed.reason()).contains("in-memory training with compound devices").contains("Tiki-Taka")
                .contains("not on the tensor (GPU) path");
    }
}
