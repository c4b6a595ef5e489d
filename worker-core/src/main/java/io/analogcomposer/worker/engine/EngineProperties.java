package io.analogcomposer.worker.engine;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the worker runs the simulator engine.
 *
 * @param datasetDirs directories searched for dataset files first; then those in {@code ANALOG_COMPOSER_DATASETS}
 *        and {@code /usr/share/datasets}
 * @param computeBackend {@code java} (pure Java, bit-reproducible for any thread count), {@code openblas} or
 *        {@code auto} (OpenBLAS when it loads, else Java)
 * @param threads compute threads per job; 0 means every core
 * @param composerTemplatesDir directory searched first for the real composer's AIHWKit LeNet5 checkpoints
 *        ({@code hwa-trained-lenet5-mapped.pth}, ...) for the weight templates named after them; then
 *        {@code $ANALOG_COMPOSER_TEMPLATES} and {@code /usr/share/analog-composer/templates} are searched
 *        ({@link WeightTemplates#standard}); where none holds the file such templates are refused (the project's own
 *        {@code ac-…} templates ship with the worker)
 * @param uploadCacheDir where the users' uploaded datasets that jobs carry are unpacked and kept for the next run
 *        of the same upload (by SHA-256); unset: {@code analog-composer-uploaded-datasets} in the temporary directory
 * @param uploadCacheSize the size that directory is trimmed to (least recently used first)
 */
@ConfigurationProperties("composer.worker.engine")
public record EngineProperties(@DefaultValue List<Path> datasetDirs, @DefaultValue("java") String computeBackend,
        @DefaultValue("0") int threads, Path composerTemplatesDir, Path uploadCacheDir,
        @DefaultValue("256MB") DataSize uploadCacheSize) {

    public EngineProperties {
        datasetDirs = datasetDirs == null ? List.of() : List.copyOf(datasetDirs);
        uploadCacheDir = uploadCacheDir == null ? EngineExperimentExecutor.DEFAULT_UPLOAD_CACHE : uploadCacheDir;
        uploadCacheSize = uploadCacheSize == null ? DataSize.ofMegabytes(256) : uploadCacheSize;
        if (threads < 0) {
            throw new IllegalArgumentException("composer.worker.engine.threads must be >= 0, was " + threads);
        }
    }
}
