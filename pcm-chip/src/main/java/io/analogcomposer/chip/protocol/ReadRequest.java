package io.analogcomposer.chip.protocol;

/**
 * Read devices, averaging {@code reads} consecutive reads per address (1..1024, default 1). Averaging lowers the
 * fast part of the read noise; the slow 1/f part is common to reads made together and stays.
 */
public record ReadRequest(int[] addresses, Integer reads) {

    public static final int MAX_READS = 1024;

    public ReadRequest {
        Addresses.requireNonEmpty("addresses", addresses);
        reads = reads == null ? 1 : reads;
        if (reads < 1 || reads > MAX_READS) {
            throw ProtocolException.outOfRange("reads", reads, "1.." + MAX_READS);
        }
    }
}
