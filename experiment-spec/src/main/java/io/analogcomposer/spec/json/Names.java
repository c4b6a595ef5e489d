package io.analogcomposer.spec.json;

/** The one rule that turns Java names into the format's JSON names. */
public final class Names {

    private Names() {
    }

    /**
     * {@code inpRes} → {@code inp_res}, {@code irDropGRatio} → {@code ir_drop_g_ratio}, {@code nXBins} →
     * {@code n_x_bins}: an underscore before every capital. Jackson's built-in snake case joins runs of
     * capitals ({@code ir_drop_gratio}), which would break AIHWKit's names.
     */
    public static String snake(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 8);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
