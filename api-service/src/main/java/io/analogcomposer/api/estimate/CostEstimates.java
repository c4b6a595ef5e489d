package io.analogcomposer.api.estimate;

import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import io.analogcomposer.spec.cost.CostEstimate;
import io.analogcomposer.spec.cost.CostEstimator;
import io.analogcomposer.spec.cost.ParameterSets;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;

/**
 * Per-inference chip cost estimates of experiment documents (the {@code cost} model of the experiment format):
 * for the experiment page before a run, over REST, and beside a run's result.
 */
@Service
public class CostEstimates {

    private final Validator validator;
    private final CostEstimator estimator = CostEstimator.standard();

    CostEstimates(Validator validator) {
        this.validator = validator;
    }

    /**
     * The estimate of a document, as JSON-ready data.
     *
     * @param parameterSet a shipped set to use instead of the document's, or null
     * @throws ApiProblem 400 naming the fields at fault when the document is not valid or the set unknown
     */
    public Object estimate(String document, String parameterSet) {
        if (parameterSet != null && ParameterSets.standard().set(parameterSet).isEmpty()) {
            throw ApiProblem.badRequest("Unknown cost parameter set '" + parameterSet + "'.",
                    new FieldError("parameter_set", "'" + parameterSet + "' is not a cost parameter set.",
                            String.join(", ", ParameterSets.standard().names())));
        }
        ValidationResult result = validator.validate(document);
        if (!result.valid()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid experiment",
                    "The experiment's document is not valid, so its network cannot be estimated; fix these first.",
                    result.errors().stream().map(i -> new FieldError(i.pointer(), i.message(), i.allowed()))
                            .toList());
        }
        return SpecJson.tree(estimator.estimate(result.resolved(), parameterSet));
    }

    /**
     * The estimate of a run's resolved document, or empty when there is none or it no longer reads (a result
     * must never fail because of its estimate).
     */
    public Optional<CostEstimate> ofResolved(String resolvedDocument) {
        if (resolvedDocument == null) {
            return Optional.empty();
        }
        try {
            ExperimentSpec spec = SpecJson.read(resolvedDocument, ExperimentSpec.class);
            return Optional.of(estimator.estimate(spec));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The headline numbers of an estimate, as entries of a run result's summary. */
    public static Map<String, Double> summary(CostEstimate estimate) {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("estimated_tiles", (double) estimate.totals().tiles());
        summary.put("estimated_mvms_per_inference", (double) estimate.totals().mvms());
        summary.put("estimated_energy_per_inference_nj", estimate.totals().energyPj() / 1e3);
        summary.put("estimated_latency_per_inference_us", estimate.totals().latencyNs() / 1e3);
        return summary;
    }
}
