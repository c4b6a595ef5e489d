package io.analogcomposer.worker.hardware;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

import java.time.Duration;

import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.worker.engine.UploadedDatasetCache;
import io.analogcomposer.worker.WorkerConfiguration;
import io.analogcomposer.worker.WorkerProperties;
import io.analogcomposer.worker.hardware.chip.ChipWatch;
import io.analogcomposer.worker.engine.EngineProperties;
import io.analogcomposer.worker.engine.WeightTemplates;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.hardware.run.HardwareExperimentExecutor;

/**
 * Runs hardware inference from {@code jobs.hardware} with the shared worker runtime: trains with the engine,
 * programs the weights on a PCM chip through the chip client ({@code composer.worker.hardware.chip.*}), reads them
 * back and evaluates on the measured conductances. It runs on the lab host next to the chip and reaches the broker
 * outbound only.
 */
@SpringBootApplication
@Import(WorkerConfiguration.class)
@EnableConfigurationProperties(HardwareProperties.class)
@PropertySource("classpath:worker-hardware.properties")
public class HardwareWorkerApplication {

    /** Longest wait for the chip's answer when only checking that it is there. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    public static void main(String[] args) {
        SpringApplication.run(HardwareWorkerApplication.class, args);
    }

    /** The chip controller's client; connecting opens nothing, so the worker starts while the chip is away. */
    @Bean(destroyMethod = "close")
    ChipClient chipClient(HardwareProperties chip) {
        return ChipClient.connect(chip.url(), chip.requestTimeout(), chip.token());
    }

    /**
     * Which chip this worker drives and whether it answers, for its announcements (the editor shows it where the
     * hardware backend is chosen). Its own client with a short timeout: a hung chip must not hold the check for the
     * minutes a programming request may take. Checked about as often as the worker announces itself.
     */
    @Bean(destroyMethod = "close")
    ChipWatch chipWatch(HardwareProperties chip, WorkerProperties worker) {
        Duration timeout = chip.requestTimeout().compareTo(PROBE_TIMEOUT) < 0 ? chip.requestTimeout() : PROBE_TIMEOUT;
        return new ChipWatch(ChipClient.connect(chip.url(), timeout, chip.token()), worker.announceInterval());
    }

    @Bean
    ExperimentExecutor hardwareExperimentExecutor(EngineProperties engine, ChipClient client,
            HardwareProperties chip, ChipWatch watch) {
        return new HardwareExperimentExecutor(FoundDatasets.in(engine.datasetDirs()),
                ComputeBackends.byName(engine.computeBackend(), engine.threads()), client, chip,
                WeightTemplates.standard(engine.composerTemplatesDir()),
                new UploadedDatasetCache(engine.uploadCacheDir(), engine.uploadCacheSize().toBytes()), watch);
    }
}
