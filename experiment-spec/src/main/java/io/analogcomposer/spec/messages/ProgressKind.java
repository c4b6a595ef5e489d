package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.meta.WireEnum;

/** What one progress step is. */
public enum ProgressKind implements WireEnum {
    /** One training epoch finished; metrics such as accuracy, train_loss, valid_loss, time_epoch. */
    EPOCH,
    /**
     * One inference time evaluated, aggregated over the repetitions done so far; metrics such as avg_accuracy,
     * std_accuracy, avg_error, avg_loss.
     */
    INFERENCE_TIME
}
