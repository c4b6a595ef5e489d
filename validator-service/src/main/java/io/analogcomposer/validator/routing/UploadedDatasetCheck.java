package io.analogcomposer.validator.routing;

import io.analogcomposer.spec.datasets.UploadedDatasets;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.messages.UploadedDataset;
import io.analogcomposer.spec.validation.Issue;

/**
 * The uploaded dataset a run carries: the one the document names, intact. Its facts were already checked against
 * the network by the validator's rules (they came in with the request); here the content itself is verified before
 * the run queues for a worker.
 */
final class UploadedDatasetCheck {

    static final String POINTER = "/dataset/name";

    private UploadedDatasetCheck() {
    }

    /** What the validator's rules may know about the request's uploaded dataset: only the one it carries. */
    static UploadedDatasets facts(UploadedDataset attached) {
        return attached == null ? UploadedDatasets.NONE : UploadedDatasets.of(attached.info());
    }

    /** The problem with the run's dataset, or null when there is none (or the run names a catalogue dataset). */
    static Issue check(ExperimentSpec spec, UploadedDataset attached) {
        String named = spec.dataset() == null ? null : spec.dataset().name();
        if (!UploadedDatasets.isReference(named)) {
            return attached == null
                    ? null
                    : new Issue(POINTER, "The run carries the uploaded dataset " + attached.reference()
                            + " but the document names " + named + ".", attached.reference(), "uploaded_dataset");
        }
        if (attached == null || !named.equals(attached.reference())) {
            return new Issue(POINTER, "The uploaded dataset " + named + " did not come with the run; submit the run "
                    + "again through the API, which attaches it.", "one of your uploaded datasets",
                    "uploaded_dataset");
        }
        try {
            attached.zip();
        } catch (IllegalArgumentException e) {
            return new Issue(POINTER, "The uploaded dataset " + named + " arrived damaged: " + e.getMessage() + ".",
                    "submit the run again", "uploaded_dataset");
        }
        return null;
    }
}
