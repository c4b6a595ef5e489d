package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.WireEnum;

/** Post-training calibration of the DAC input ranges (AIHWKit {@code InputRangeCalibrationType}). */
public enum InputRangeCalibrationType implements WireEnum {
    NONE, MOVING_STD, MOVING_QUANTILE, CACHE_QUANTILE, MAX
}
