package io.analogcomposer.api.dataset;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.DatasetInfo;
import io.analogcomposer.spec.datasets.DatasetAvailability;
import io.analogcomposer.spec.datasets.DatasetCheck;
import io.analogcomposer.spec.datasets.DatasetFinder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The datasets a user can pick, each with whether this server has it: the catalogue's facts (classes, input shape,
 * sizes) joined with what experiment-spec's {@link DatasetFinder} finds on disk now (so a dataset installed while
 * the API runs shows up on the next request).
 */
@Service
public class DatasetCatalogue {

    private final Catalogue catalogue;
    private final DatasetFinder finder;

    DatasetCatalogue(Catalogue catalogue, DatasetSettings settings) {
        this.catalogue = catalogue;
        this.finder = new DatasetFinder(settings.dirs(),
                settings.systemDirs() ? System.getenv(DatasetFinder.ENV) : null,
                settings.systemDirs());
    }

    public DatasetFinder finder() {
        return finder;
    }

    /** Every dataset of the catalogue with its availability, in catalogue order. */
    public List<Map<String, Object>> list() {
        return catalogue.datasets().stream().map(this::view).toList();
    }

    /** One dataset, or null when the catalogue has none of that name. */
    public Map<String, Object> get(String name) {
        return catalogue.dataset(name).map(this::view).orElse(null);
    }

    /** The checker the validation endpoint and the run submission share with the validator service. */
    public DatasetCheck check() {
        return new DatasetCheck(finder);
    }

    private Map<String, Object> view(DatasetInfo info) {
        DatasetAvailability a = finder.availability(info.name());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", info.name());
        v.put("title", info.title());
        v.put("kind", info.anyShape() ? "generated" : "built_in");
        v.put("available", a.available());
        v.put("reason", a.reason());
        v.put("location", a.location());
        v.put("format", a.format());
        v.put("size_bytes", a.sizeBytes());
        v.put("classes", info.classes());
        v.put("input_shape", info.inputShape());
        v.put("train_samples", a.trainSamples() != null ? a.trainSamples() : info.trainSamples());
        v.put("test_samples", a.testSamples() != null ? a.testSamples() : info.testSamples());
        v.put("source", info.source());
        v.put("searched", a.searched());
        return v;
    }
}
