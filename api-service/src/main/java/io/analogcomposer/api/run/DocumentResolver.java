package io.analogcomposer.api.run;

import io.analogcomposer.api.dataset.UserDatasetService;
import io.analogcomposer.spec.json.SpecJson;
import java.util.UUID;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import org.springframework.stereotype.Component;

/**
 * The fully resolved form of a document (defaults, presets, inferred sizes applied), computed with the same
 * experiment-spec library the validator runs, so users can download exactly what ran.
 */
@Component
class DocumentResolver {

    private final Validator validator;
    private final UserDatasetService userDatasets;

    DocumentResolver(Validator validator, UserDatasetService userDatasets) {
        this.validator = validator;
        this.userDatasets = userDatasets;
    }

    /**
     * The resolved document as JSON, or null when the document does not validate here (also when it names an
     * uploaded dataset its owner has deleted since).
     */
    String resolve(String document, UUID owner) {
        ValidationResult result = validator.validate(document, userDatasets.facts(owner));
        return result.valid() && result.resolvedJson() != null ? SpecJson.write(result.resolvedJson()) : null;
    }
}
