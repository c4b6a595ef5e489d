package io.analogcomposer.api.run;

import io.analogcomposer.spec.json.SpecJson;
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

    DocumentResolver(Validator validator) {
        this.validator = validator;
    }

    /** The resolved document as JSON, or null when the document does not validate here. */
    String resolve(String document) {
        ValidationResult result = validator.validate(document);
        return result.valid() && result.resolvedJson() != null ? SpecJson.write(result.resolvedJson()) : null;
    }
}
