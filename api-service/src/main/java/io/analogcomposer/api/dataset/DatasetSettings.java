package io.analogcomposer.api.dataset;

import io.analogcomposer.spec.messages.UploadedDataset;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the API looks for datasets and whether it may download them ({@code composer.datasets.*}).
 *
 * @param dirs directories searched first (the standalone's {@code <data-dir>/datasets}); then
 *        {@code ANALOG_COMPOSER_DATASETS} and the system directories ({@code /usr/share/datasets}, global npm
 *        modules). Give the workers and the validator the same directories (deploy/README.md)
 * @param systemDirs also search {@code ANALOG_COMPOSER_DATASETS} and the system directories (off: only {@code dirs})
 * @param download fetching the built-in datasets from their official locations
 * @param uploads users' own datasets
 */
@ConfigurationProperties("composer.datasets")
public record DatasetSettings(@DefaultValue List<Path> dirs, @DefaultValue("true") boolean systemDirs,
        @DefaultValue Download download, @DefaultValue Uploads uploads) {

    public DatasetSettings {
        dirs = dirs == null ? List.of() : List.copyOf(dirs);
    }

    /**
     * Users' uploaded datasets.
     *
     * @param maxUpload the largest upload accepted (the request body)
     * @param quotaPerUser the total stored size one user's datasets may have
     * @param maxInJob the largest stored dataset (a ZIP of IDX files) a run may use: it travels with the run's job
     *        message, base64-encoded (4/3 of its size), to workers that may reach only the broker. The default keeps
     *        a job below RabbitMQ 4's default {@code max_message_size} of 16 MiB; raise both together (at most
     *        {@value UploadedDataset#MAX_STORED_BYTES} bytes). Larger datasets are refused at submission, naming this
     *        setting
     */
    public record Uploads(@DefaultValue("64MB") DataSize maxUpload, @DefaultValue("256MB") DataSize quotaPerUser,
            @DefaultValue("10MB") DataSize maxInJob) {
        public Uploads {
            if (maxUpload.toBytes() < 1 || maxUpload.toBytes() > Integer.MAX_VALUE - 16
                    || quotaPerUser.toBytes() < 1) {
                throw new IllegalArgumentException("composer.datasets.uploads: max-upload must be 1 B..2 GB and "
                        + "quota-per-user at least 1 B, are " + maxUpload + " and " + quotaPerUser);
            }
            maxInJob = maxInJob == null ? DataSize.ofMegabytes(10) : maxInJob;
            if (maxInJob.toBytes() < 1 || maxInJob.toBytes() > UploadedDataset.MAX_STORED_BYTES) {
                throw new IllegalArgumentException("composer.datasets.uploads.max-in-job must be 1 B.."
                        + UploadedDataset.MAX_STORED_BYTES + " B (a job message carries the dataset), is " + maxInJob);
            }
        }
    }

    /**
     * Downloads like torchvision's, for installations with internet: off by default, since the composer is usually
     * run where no network is expected.
     *
     * @param enabled download the missing datasets in the background when the API starts
     * @param dir where they go; unset: the first of {@code dirs}
     * @param datasets which ones (fashion-mnist, mnist, cifar10, svhn)
     * @param mirror a base URL used instead of each file's official host (a local mirror; the file name is
     *        appended), or unset
     */
    public record Download(@DefaultValue("false") boolean enabled, Path dir,
            @DefaultValue( {"fashion-mnist", "mnist", "cifar10", "svhn"}) List<String> datasets, URI mirror){}
}
