package io.analogcomposer.chip.protocol;

/**
 * The operations of the protocol, as a Java interface: the emulator implements it, and so could a driver for a
 * real chip; {@link io.analogcomposer.chip.server.ChipHttpServer} exposes any implementation over HTTP.
 * Implementations throw {@link ProtocolException} for requests they refuse.
 */
public interface ChipController {

    ChipIdentity identity();

    ChipHealth health();

    ProgramResult program(ProgramRequest request);

    ReadResult read(ReadRequest request);

    ResetResult reset(ResetRequest request);

    HistoryResult history(HistoryRequest request);

    /** Emulator-only; real chips cannot travel in time. */
    default ClockState advanceTime(AdvanceTimeRequest request) {
        throw new ProtocolException(new ChipError(ChipError.UNSUPPORTED, null,
                "advance-time is an emulator-only operation; this controller drives a real chip", null));
    }
}
