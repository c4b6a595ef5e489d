package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** The stochastic pulse-train update of in-memory training, after AIHWKit's {@code UpdateParameters}. */
public record UpdateParameters(
        @Param(doc = "Desired length of the pulse trains (BL).", def = "31", min = 1, max = 10000) Integer desiredBl,
        @Param(doc = "Always use desired_bl pulses instead of adapting the train length to the learning rate.", def = "true") Boolean fixedBl,
        @Param(doc = "How the update pulse trains are generated.", def = "\"stochastic_compressed\"") PulseType pulseType,
        @Param(doc = "Resolution of the update probabilities (0 = none).", def = "0.0", min = 0, max = 1) Double res,
        @Param(doc = "Resolution of x for the deterministic implicit pulse type (0 = automatic).", def = "0.0", min = 0, max = 1) Double xResImplicit,
        @Param(doc = "Resolution of d for the deterministic implicit pulse type (0 = automatic).", def = "0.0", min = 0, max = 1) Double dResImplicit,
        @Param(doc = "Count only non-zero d values to save pulses.", def = "false") Boolean dSparsity,
        @Param(doc = "Round the update probabilities stochastically.", def = "false") Boolean stoRound,
        @Param(doc = "Adapt the pulse-train length to the largest x and d per update (update BL management).", def = "true") Boolean updateBlManagement,
        @Param(doc = "Balance the pulse probabilities of x and d (update management).", def = "true") Boolean updateManagement,
        @Param(doc = "Scales the balance of update management between x and d.", def = "1.0", min = 0, exclusiveMin = true, max = 1000) Double umGradScale) {}
