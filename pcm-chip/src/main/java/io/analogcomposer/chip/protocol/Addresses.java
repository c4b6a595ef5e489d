package io.analogcomposer.chip.protocol;

/** Checks shared by every request that lists addresses. */
final class Addresses {

    private Addresses() {
    }

    static void requireNonEmpty(String field, int[] addresses) {
        if (addresses == null) {
            throw ProtocolException.missing(field);
        }
        if (addresses.length == 0) {
            throw ProtocolException.outOfRange(field + ".length", 0, "at least one address");
        }
    }
}
