package io.analogcomposer.chip.protocol;

/** Ask for the programming history and wear of at most {@link Protocol#MAX_HISTORY_ADDRESSES} addresses. */
public record HistoryRequest(int[] addresses) {

    public HistoryRequest {
        Addresses.requireNonEmpty("addresses", addresses);
        if (addresses.length > Protocol.MAX_HISTORY_ADDRESSES) {
            throw ProtocolException.outOfRange("addresses.length", addresses.length,
                    "1.." + Protocol.MAX_HISTORY_ADDRESSES + " addresses per history request");
        }
    }
}
