package io.analogcomposer.validator;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the validator looks for datasets before it routes a run ({@code composer.datasets.dirs}, the same key as the
 * API's): then {@code ANALOG_COMPOSER_DATASETS} and the system directories. Give it the directories the workers
 * read (deploy/README.md), so a run it lets through finds its data.
 */
@ConfigurationProperties("composer.datasets")
public record DatasetDirs(@DefaultValue List<Path> dirs) {

    public DatasetDirs {
        dirs = dirs == null ? List.of() : List.copyOf(dirs);
    }
}
