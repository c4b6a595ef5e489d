package io.analogcomposer.spec.datasets;

import io.analogcomposer.spec.catalogue.DatasetInfo;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The facts of the datasets users uploaded, which only the API knows (they live in its database): a document names
 * one as {@code user:<uuid>}, and whoever validates the document passes in what that name stands for (the API for
 * the submitter's own datasets, the validator service from the job message). Without them such a name is refused.
 */
@FunctionalInterface
public interface UploadedDatasets {

    /** The prefix of an uploaded dataset's name in documents. */
    String PREFIX = "user:";

    /** The form of such a name: the prefix and a UUID in its canonical lower-case form. */
    String PATTERN = "^user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    Pattern REFERENCE = Pattern.compile(PATTERN);

    /** Knows no uploaded dataset (offline validation, the AIHWKit translation). */
    UploadedDatasets NONE = reference -> Optional.empty();

    /**
     * The facts of the uploaded dataset named {@code reference} (its input shape, classes and sizes), or empty when
     * the caller knows none of that name (not the submitter's, deleted, or not carried by the job).
     */
    Optional<DatasetInfo> find(String reference);

    /** Whether {@code name} has the form of an uploaded dataset's name. */
    static boolean isReference(String name) {
        return name != null && REFERENCE.matcher(name).matches();
    }

    /** The name of the uploaded dataset with this id. */
    static String reference(UUID id) {
        return PREFIX + id;
    }

    /** Exactly the one dataset given (e.g. the one a job carries). */
    static UploadedDatasets of(DatasetInfo only) {
        return reference -> only != null && only.name().equals(reference) ? Optional.of(only) : Optional.empty();
    }
}
