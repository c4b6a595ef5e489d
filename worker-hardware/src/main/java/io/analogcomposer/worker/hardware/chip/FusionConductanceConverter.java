package io.analogcomposer.worker.hardware.chip;

/**
 * Weights to Fusion chip conductances and back, as AIHWKit's {@code FusionConductanceConverter} defines it: one
 * device per weight holding |w|, the sign kept by the client; each output row is scaled so that its largest |w|
 * maps to {@code gMaxUs}. Back from measured conductances, each row's scale is either the programming scale
 * ({@link Readback#PROGRAMMING_SCALE}) or, as AIHWKit's {@code fusion_import} does, the slope of a least-squares
 * fit of the original weights on the signed measured conductances ({@link Readback#LEAST_SQUARES}), which also
 * absorbs a common drift of the row.
 *
 * @param gMaxUs the conductance the largest |w| of a row maps to, 10..40 µS (the Fusion chip's range)
 * @param readback how measured conductances become weights again
 */
public record FusionConductanceConverter(double gMaxUs, Readback readback) {

    public static final double MIN_G_MAX_US = 10;
    public static final double MAX_G_MAX_US = 40;
    /** AIHWKit's default for the Fusion chip. */
    public static final FusionConductanceConverter DEFAULT = new FusionConductanceConverter(40, Readback.LEAST_SQUARES);

    private static final double ZERO_CLIP = 1e-10;

    /** How weights are recovered from measured conductances. */
    public enum Readback {
        /** w = sign · g_measured / row scale: what was programmed, with drift and noise left in. */
        PROGRAMMING_SCALE,
        /** Per row, the least-squares slope from signed conductances to the original weights (AIHWKit). */
        LEAST_SQUARES
    }

    public FusionConductanceConverter {
        if (!(gMaxUs >= MIN_G_MAX_US && gMaxUs <= MAX_G_MAX_US)) {
            throw new IllegalArgumentException("g_max_us is " + gMaxUs + ", allowed " + MIN_G_MAX_US + ".."
                    + MAX_G_MAX_US + " µS (the Fusion chip's programmable range)");
        }
        if (readback == null) {
            throw new IllegalArgumentException("readback is required: PROGRAMMING_SCALE or LEAST_SQUARES");
        }
    }

    /** Target conductances for a row-major {@code rows × columns} weight matrix (rows = outputs). */
    public ConductanceTargets toConductances(String layer, float[] weights, int rows, int columns) {
        if ((long) rows * columns != weights.length) {
            throw new IllegalArgumentException("layer " + layer + ": " + rows + "×" + columns + " = "
                    + ((long) rows * columns) + " weights expected, got " + weights.length);
        }
        float[] conductances = new float[weights.length];
        float[] scales = new float[rows];
        boolean[] negative = new boolean[weights.length];
        for (int r = 0; r < rows; r++) {
            double absMax = 0;
            for (int c = 0; c < columns; c++) {
                float w = weights[r * columns + c];
                if (!Float.isFinite(w)) {
                    throw new IllegalArgumentException("layer " + layer + ": weight [" + r + "][" + c + "] is " + w);
                }
                absMax = Math.max(absMax, Math.abs(w));
            }
            double scale = gMaxUs / Math.max(absMax, ZERO_CLIP);
            scales[r] = (float) scale;
            for (int c = 0; c < columns; c++) {
                int i = r * columns + c;
                conductances[i] = (float) Math.min(Math.abs(weights[i]) * scale, gMaxUs);
                negative[i] = weights[i] < 0;
            }
        }
        return new ConductanceTargets(layer, rows, columns, weights.clone(), conductances, negative, scales);
    }

    /** Weights from measured conductances, laid out as the targets. */
    public float[] toWeights(ConductanceTargets targets, float[] measuredUs) {
        if (measuredUs.length != targets.conductancesUs().length) {
            throw new IllegalArgumentException("layer " + targets.layer() + ": " + targets.conductancesUs().length
                    + " conductances programmed, " + measuredUs.length + " measured");
        }
        int columns = targets.columns();
        float[] weights = new float[measuredUs.length];
        for (int r = 0; r < targets.rows(); r++) {
            double slope = 1 / targets.rowScales()[r];
            if (readback == Readback.LEAST_SQUARES) {
                slope = leastSquaresSlope(targets, measuredUs, r, slope);
            }
            for (int c = 0; c < columns; c++) {
                int i = r * columns + c;
                double signed = targets.negative()[i] ? -measuredUs[i] : measuredUs[i];
                weights[i] = (float) (signed * slope);
            }
        }
        return weights;
    }

    /**
     * Slope of the ordinary least-squares line (with intercept, which AIHWKit fits and then drops) from the signed
     * measured conductances of a row to its original weights; the programming scale when the row is constant.
     */
    private static double leastSquaresSlope(ConductanceTargets targets, float[] measuredUs, int row, double fallback) {
        int columns = targets.columns();
        double meanX = 0;
        double meanY = 0;
        for (int c = 0; c < columns; c++) {
            int i = row * columns + c;
            meanX += targets.negative()[i] ? -measuredUs[i] : measuredUs[i];
            meanY += targets.weights()[i];
        }
        meanX /= columns;
        meanY /= columns;
        double covariance = 0;
        double variance = 0;
        for (int c = 0; c < columns; c++) {
            int i = row * columns + c;
            double x = (targets.negative()[i] ? -measuredUs[i] : measuredUs[i]) - meanX;
            covariance += x * (targets.weights()[i] - meanY);
            variance += x * x;
        }
        return variance > 0 ? covariance / variance : fallback;
    }
}
