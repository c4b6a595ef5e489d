package io.analogcomposer.api.estimate;

import io.analogcomposer.api.experiment.ExperimentService;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.spec.cost.ParameterSets;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What one inference of an experiment would cost on a chip: tiles, MVMs, energy and latency per layer and in
 * total, with the figures and publications they come from.
 */
@RestController
@RequestMapping("/api/v1")
class EstimateController {

    private final ExperimentService experiments;
    private final CostEstimates estimates;

    EstimateController(ExperimentService experiments, CostEstimates estimates) {
        this.experiments = experiments;
        this.estimates = estimates;
    }

    /** The estimate of a stored experiment; {@code parameter_set} picks another shipped set. */
    @GetMapping("/experiments/{id}/estimate")
    Object experiment(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id,
            @RequestParam(name = "parameter_set", required = false) String parameterSet) {
        return estimates.estimate(experiments.get(me.admin() ? null : me.id(), id).document(), parameterSet);
    }

    /** The estimate of a document being edited, not stored. */
    @PostMapping(path = "/estimate", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    Object document(@RequestBody String document,
            @RequestParam(name = "parameter_set", required = false) String parameterSet) {
        return estimates.estimate(document, parameterSet);
    }

    /** The shipped parameter sets with every figure's source. */
    @GetMapping("/cost-parameter-sets")
    Object parameterSets() {
        return java.util.Map.of("sets", ParameterSets.standard().sets(), "references",
                ParameterSets.standard().names().stream().flatMap(n -> ParameterSets.standard().set(n).stream())
                        .flatMap(s -> s.figures().values().stream()).map(ParameterSets.Figure::source).distinct()
                        .flatMap(r -> ParameterSets.standard().reference(r).stream()).toList());
    }
}
