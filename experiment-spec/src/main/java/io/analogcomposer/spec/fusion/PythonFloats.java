package io.analogcomposer.spec.fusion;

import java.math.BigDecimal;

/**
 * Writes doubles exactly as Python's {@code repr(float)} does, because Fusion CSV files are written by Python
 * (AIHWKit's {@code fusion_export}, the composer): the shortest digits that read back to the same double, in
 * positional notation when the decimal exponent is in [-4, 16), otherwise as {@code 1.5e-05} / {@code 1e+16}.
 * The shortest digits come from {@link Double#toString(double)}, which since JDK 19 picks them the same way.
 */
public final class PythonFloats {

    private PythonFloats() {
    }

    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = (value < 0 || (value == 0 && 1 / value < 0)) ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        StringBuilder out = new StringBuilder(sign);
        if (exponent >= -4 && exponent < 16) {
            if (exponent < 0) {
                out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            } else if (exponent >= digits.length() - 1) {
                out.append(digits).append("0".repeat(exponent - digits.length() + 1)).append(".0");
            } else {
                out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            out.append(magnitude < 10 ? "0" : "").append(magnitude);
        }
        return out.toString();
    }
}
