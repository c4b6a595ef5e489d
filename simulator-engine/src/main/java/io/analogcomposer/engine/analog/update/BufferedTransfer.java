package io.analogcomposer.engine.analog.update;

/**
 * The digital buffer of TTv2 (AIHWKit's {@code BufferedTransferCompound}): a read column of the fast device is added
 * to a buffer H (times the transfer rate); whole multiples {@code n = trunc(H / (thres_scale dw_min))} (at most the
 * transfer BL) are written to the slow device as {@code n · step · dw_min}, and the buffer keeps {@code momentum · H}
 * ({@code forget_buffer}) or {@code H - (1 - momentum) n thres_scale dw_min}.
 *
 * @param thresScale buffer threshold in units of the slow device's dw_min, &gt; 0
 * @param step size of one written unit in units of dw_min, &gt; 0
 * @param momentum fraction of the buffer kept after a write, [0, 1]
 * @param forgetBuffer after a write keep {@code momentum · H} instead of subtracting the written amount
 */
public record BufferedTransfer(double thresScale, double step, double momentum, boolean forgetBuffer) {

    /** AIHWKit's defaults: threshold 1, step 1, momentum 0.1, forget the buffer. */
    public static final BufferedTransfer DEFAULT = new BufferedTransfer(1.0, 1.0, 0.1, true);

    /** Validates; throws naming the field and its allowed range. */
    public BufferedTransfer {
        if (!(thresScale > 0) || !(step > 0)) {
            throw new IllegalArgumentException("buffered_transfer.thres_scale and step must be > 0, got "
                    + thresScale + ", " + step);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("buffered_transfer.momentum must be in [0, 1], got " + momentum);
        }
    }
}
