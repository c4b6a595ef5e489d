package io.analogcomposer.chip.protocol;

/**
 * RESET devices to their lowest conductance: either the listed {@code addresses} or, with {@code all = true}, the
 * whole chip (exactly one of the two).
 */
public record ResetRequest(int[] addresses, Boolean all) {

    public ResetRequest {
        all = all != null && all;
        if (all == (addresses != null)) {
            throw new ProtocolException(new ChipError(ChipError.MALFORMED, "addresses",
                    "give either addresses or all = true, not both and not neither", null));
        }
        if (addresses != null) {
            Addresses.requireNonEmpty("addresses", addresses);
        }
    }

    public static ResetRequest everything() {
        return new ResetRequest(null, true);
    }

    public static ResetRequest of(int... addresses) {
        return new ResetRequest(addresses, false);
    }
}
