package io.analogcomposer.spec.datasets;

import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.validation.Issue;
import java.util.List;

/**
 * Refuses a run whose dataset is not on this server, before it runs: the API's validation (the editor) and the
 * validator service apply the same check, with the same words (what to install or upload).
 */
public final class DatasetCheck {
    /** Where a document names its dataset. */
    public static final String POINTER = "/dataset/name";
    /** The issue's code. */
    public static final String CODE = "dataset_unavailable";

    private final DatasetFinder finder;

    public DatasetCheck(DatasetFinder finder) {
        this.finder = finder;
    }

    /** The problem with the document's dataset, or null when it is available (or the document names none). */
    public Issue check(ExperimentSpec spec) {
        if (spec == null || spec.dataset() == null || spec.dataset().name() == null
                || UploadedDatasets.isReference(spec.dataset().name())) {
            // an uploaded dataset is not on disk: it travels with the run, and the validator knows it from the job
            return null;
        }
        DatasetAvailability a = finder.availability(spec.dataset().name());
        if (a.available()) {
            return null;
        }
        return new Issue(POINTER, a.reason(), "a dataset installed here: " + String.join(", ", available()), CODE);
    }

    /** The names of the datasets available here, generated ones included. */
    public List<String> available() {
        List<String> names = new java.util.ArrayList<>();
        for (String n : DatasetLayouts.names()) {
            if (finder.find(n).isPresent()) {
                names.add(n);
            }
        }
        names.add("synthetic");
        return names;
    }
}
