package io.analogcomposer.spec.cost;

import io.analogcomposer.spec.meta.Param;

/**
 * Which hardware the per-inference cost estimate of an experiment assumes: a shipped parameter set, optionally
 * with some of its figures replaced by the user's own. It changes no run; it only feeds the estimate.
 */
public record CostModel(
        @Param(doc = "Shipped hardware parameter set the estimate starts from (hermes_pcm_14nm: IBM's 64-core PCM chip, Le Gallo et al. 2023; aon_cim_pcm_14nm: AON-CiM, Zhou et al. 2021).", def = "\"hermes_pcm_14nm\"", catalogue = "cost_parameter_sets") String parameterSet,
        @Param(doc = "Your own figures, replacing those of parameter_set one by one (they are reported as user-supplied).") CostParameters parameters) {}
