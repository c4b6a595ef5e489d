package io.analogcomposer.api.dataset;

import io.analogcomposer.spec.datasets.DatasetAvailability;
import io.analogcomposer.spec.datasets.DatasetLayouts;
import io.analogcomposer.spec.datasets.download.DatasetDownloader;
import io.analogcomposer.spec.datasets.download.DatasetSource;
import io.analogcomposer.spec.datasets.download.OfficialSources;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When the API is ready: says in the log which datasets this server has and, for each missing one, how to get it;
 * then, when downloads are enabled ({@code composer.datasets.download.enabled}), fetches the missing ones in the
 * background (verified, resumable; progress in the log). Runs never wait for this: a run on a dataset still
 * downloading is refused with the usual reason until it is there.
 */
@Component
class DatasetStartup {

    private static final Logger log = LoggerFactory.getLogger(DatasetStartup.class);

    private final DatasetCatalogue catalogue;
    private final DatasetSettings settings;

    DatasetStartup(DatasetCatalogue catalogue, DatasetSettings settings) {
        this.catalogue = catalogue;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        for (String name : DatasetLayouts.names()) {
            DatasetAvailability a = catalogue.finder().availability(name);
            if (a.available()) {
                log.info("Dataset {}: available in {} ({} MB)", name, a.location(), a.sizeBytes() / 1_000_000);
            } else if (!settings.download().enabled() || !settings.download().datasets().contains(name)) {
                log.warn("Dataset {}: not available; its templates are refused before running. {}", name,
                        a.reason());
            }
        }
        if (settings.download().enabled()) {
            Thread.ofVirtual().name("dataset-downloads").start(this::downloadMissing);
        }
    }

    /** Downloads every configured dataset that is missing, one after the other; a failure skips to the next. */
    void downloadMissing() {
        Path dir = settings.download().dir() != null
                ? settings.download().dir()
                : settings.dirs().isEmpty() ? null : settings.dirs().getFirst();
        if (dir == null) {
            log.error("Dataset downloads are enabled but have nowhere to go: set composer.datasets.download.dir "
                    + "or composer.datasets.dirs");
            return;
        }
        DatasetDownloader downloader = DatasetDownloader.create(dir, line -> log.info("Dataset download: {}", line));
        for (String name : settings.download().datasets()) {
            if (catalogue.finder().find(name).isPresent()) {
                continue;
            }
            DatasetSource source = OfficialSources.of(name).orElse(null);
            if (source == null) {
                log.error("Dataset download: '{}' has no download source; known: {}", name, DatasetLayouts.names());
                continue;
            }
            if (settings.download().mirror() != null) {
                source = OfficialSources.mirrored(source, settings.download().mirror());
            }
            try {
                downloader.download(source);
            } catch (IOException e) {
                log.error("Dataset download: {} failed: {} (a restart resumes it)", name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
