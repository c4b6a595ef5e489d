package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** How the analog MVM treats positive and negative inputs (AIHWKit AnalogMVType). */
public enum AnalogMvType implements WireEnum {
    IDEAL, ONE_PASS, POS_NEG_SEPARATE, POS_NEG_SEPARATE_DIGITAL_SUM
}
