package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunMessage;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.UploadedDataset;
import io.analogcomposer.testsupport.GeneratedImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job on a dataset the user uploaded carries the stored ZIP; the worker unpacks it into its cache (verified,
 * keyed by SHA-256) and trains on it like on any dataset, honouring the sample limits and the validation split.
 */
class UploadedDatasetExecutorTest {

    static final String REF = "user:7d3f6a52-8a55-4c1e-9f0e-1b2c3d4e5f60";
    /** 200 training and 50 test images of 1×8×8 in 3 classes. */
    static final GeneratedImages IMAGES = new GeneratedImages(200, 1, 8, 8, 3, 11);

    @TempDir
    Path emptyDir;
    @TempDir
    Path cache;

    EngineExperimentExecutor executor() {
        return new EngineExperimentExecutor(FoundDatasets.onlyIn(List.of(emptyDir)), new JavaBackend(2),
                WeightTemplates.shipped(), new UploadedDatasetCache(cache, 1 << 20));
    }

    static UploadedDataset upload(GeneratedImages images) {
        return UploadedDataset.of(REF, "bands", List.of(images.channels(), images.height(), images.width()),
                images.classes(), images.train(), images.test(), images.storedZip());
    }

    static ExperimentSpec spec(String dataset, String datasetExtra, int epochs) {
        return SpecJson.read("""
                {"schema_version": 1, "kind": "training", "name": "uploaded", "seed": 3,
                 "dataset": {"name": "%s", "validation_fraction": 0, "max_train_samples": 0,
                             "max_test_samples": 0, "normalize": true, "synthetic_classes": 10,
                             "synthetic_samples": 1000%s},
                 "network": {"input_shape": [1, 8, 8], "layers": [
                    {"type": "flatten"},
                    {"type": "analog_linear", "out_features": 3},
                    {"type": "log_softmax"}]},
                 "training": {"epochs": %d, "batch_size": 10, "loss": "nll", "shuffle": true,
                              "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0, "weight_decay": 0},
                              "lr_schedule": {"type": "none"}},
                 "backend": "cpu"}
                """.formatted(dataset, datasetExtra, epochs), ExperimentSpec.class);
    }

    static RunJob job(ExperimentSpec spec, UploadedDataset uploaded) {
        return new RunJob(RunMessage.VERSION, UUID.randomUUID(), "run-" + UUID.randomUUID(), 1, Instant.now(), "exp",
                "user-1", Backend.CPU, spec, null, uploaded);
    }

    @Test
    void aJobOnAnUploadedDatasetTrainsOnItAndLearnsIt() throws Exception {
        EngineExperimentExecutorTest.Recorder recorder = new EngineExperimentExecutorTest.Recorder();
        UploadedDataset uploaded = upload(IMAGES);
        ExecutionOutcome outcome = executor().execute(job(spec(REF, "", 2), uploaded), recorder);

        RunResult result = ((ExecutionOutcome.Completed) outcome).result();
        double accuracy = result.summary().get("test_accuracy");
        System.out.printf("uploaded 200×1×8×8, 3 classes, 2 epochs: test accuracy %.4f%n", accuracy);
        // three classes: chance is 1/3; the bands are easy to tell apart
        assertThat(accuracy).isGreaterThan(0.9);
        assertThat(recorder.epochs).containsExactly(0, 1);
        // unpacked once, by its digest, as the four IDX files
        assertThat(cache.resolve(uploaded.sha256()).resolve("train-images-idx3-ubyte")).isRegularFile();
        assertThat(Files.list(cache).filter(Files::isDirectory).count()).isEqualTo(1);
    }

    @Test
    void theSampleLimitsAndTheValidationSplitApply() throws Exception {
        EngineExperimentExecutorTest.Recorder recorder = new EngineExperimentExecutorTest.Recorder();
        // lr 1e-9: the (all but) untrained network's accuracies show how many samples each split had
        ExperimentSpec spec = SpecJson.read(SpecJson.write(spec(REF, "", 1))
                .replace("\"max_train_samples\":0", "\"max_train_samples\":60")
                .replace("\"validation_fraction\":0.0", "\"validation_fraction\":0.25")
                .replace("\"max_test_samples\":0", "\"max_test_samples\":20").replace("\"lr\":0.1", "\"lr\":1.0E-9"),
                ExperimentSpec.class);
        assertThat(spec.dataset().maxTrainSamples()).isEqualTo(60);
        assertThat(spec.dataset().maxTestSamples()).isEqualTo(20);
        assertThat(spec.dataset().validationFraction()).isEqualTo(0.25);
        assertThat(spec.training().optimizer().lr()).isEqualTo(1e-9);
        RunResult result = ((ExecutionOutcome.Completed) executor().execute(job(spec, upload(IMAGES)), recorder))
                .result();
        // 60 training samples less a quarter: 15 validate; the test split is cut to 20 (else 50 of each)
        double validation = recorder.metrics.getFirst().get("accuracy") * 15;
        double test = result.summary().get("test_accuracy") * 20;
        System.out.printf("limits: validation %.4f × 15, test %.4f × 20%n", validation / 15, test / 20);
        assertThat(validation).isCloseTo(Math.rint(validation), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(test).isCloseTo(Math.rint(test), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aJobWithoutTheDatasetItNamesOrWithForgedContentFailsWithAReason() {
        ExperimentSpec spec = spec(REF, "", 1);
        assertThatThrownBy(() -> executor().execute(job(spec, null), new EngineExperimentExecutorTest.Recorder()))
                .isInstanceOf(ExperimentFailure.class).hasMessageContaining("did not come with the job")
                .extracting(e -> ((ExperimentFailure) e).code()).isEqualTo(FailureCode.DATASET_MISSING);
        UploadedDataset good = upload(IMAGES);
        UploadedDataset other = upload(new GeneratedImages(200, 1, 8, 8, 3, 12));
        UploadedDataset forged = new UploadedDataset(REF, "bands", 1, 8, 8, 3, 200, 50, good.sha256(),
                other.sizeBytes(), other.zipBase64());
        assertThatThrownBy(() -> executor().execute(job(spec, forged), new EngineExperimentExecutorTest.Recorder()))
                .isInstanceOf(ExperimentFailure.class).hasMessageContaining("does not match its size");
    }
}
