package io.analogcomposer.api.web;

/**
 * Text that may be stored: PostgreSQL text and JSON cannot hold the NUL character, and a lone UTF-16 surrogate
 * is no character at all (it cannot be encoded as UTF-8). Such input is refused with 400 where it enters,
 * instead of failing in the database.
 */
public final class TextChecks {

    public static final String WHAT_IS_REFUSED = "the NUL character U+0000 and unpaired UTF-16 surrogates";

    private TextChecks() {
    }

    public static boolean acceptable(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
