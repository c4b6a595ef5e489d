package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.WireEnum;

/** Training loss, named as PyTorch's loss classes (CrossEntropyLoss, NLLLoss, MSELoss, BCELoss). */
public enum Loss implements WireEnum {
    /** Expects raw scores (logits); applies log-softmax itself. */
    CROSS_ENTROPY,
    /** Expects log-probabilities, i.e. a network ending in log_softmax. */
    NLL,
    /** Mean squared error against one-hot targets. */
    MSE,
    /** Binary cross-entropy; expects probabilities in [0, 1], i.e. a network ending in sigmoid. */
    BCE
}
