package io.analogcomposer.spec.validation;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of validating one document.
 *
 * @param errors every error found (empty when valid)
 * @param warnings legal but suspicious settings
 * @param resolved the fully resolved document when valid (defaults, presets and inferred sizes applied), else
 *        null
 * @param resolvedJson the same as a JSON tree, else null
 * @param backend the concrete backend the run goes to when valid ({@code auto} resolved), else null
 */
public record ValidationResult(List<Issue> errors, List<Issue> warnings, ExperimentSpec resolved,
        JsonNode resolvedJson, Backend backend) {

    public ValidationResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    static ValidationResult invalid(List<Issue> errors, List<Issue> warnings) {
        return new ValidationResult(errors, warnings, null, null, null);
    }
}
