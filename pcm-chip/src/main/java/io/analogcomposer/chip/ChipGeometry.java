package io.analogcomposer.chip;

/**
 * The shape of a PCM crossbar chip: one device per (word line, bit line) address. The Fusion chip the real
 * composer drives has 512 word lines and 2048 bit lines.
 */
public record ChipGeometry(int wordLines, int bitLines) {

    /** The Fusion PCM chip of the tutorial's Section VI.4. */
    public static final ChipGeometry FUSION = new ChipGeometry(512, 2048);

    public ChipGeometry {
        if (wordLines < 1 || bitLines < 1) {
            throw new IllegalArgumentException(
                    "a chip needs at least one word line and one bit line, got " + wordLines + "×" + bitLines);
        }
    }

    public long devices() {
        return (long) wordLines * bitLines;
    }

    /** Checks an address and says which coordinate is out of range and what the range is. */
    public void checkAddress(int wordLine, int bitLine) {
        if (wordLine < 0 || wordLine >= wordLines) {
            throw new IllegalArgumentException(
                    "word line " + wordLine + " is outside the chip: allowed 0.." + (wordLines - 1));
        }
        if (bitLine < 0 || bitLine >= bitLines) {
            throw new IllegalArgumentException(
                    "bit line " + bitLine + " is outside the chip: allowed 0.." + (bitLines - 1));
        }
    }

    /**
     * Whether a weight matrix fits as one block, one device per weight (the sign stays in the client): rows on word
     * lines, columns on bit lines. The Fusion chip does not need blocks (it stores weights and computes nothing, so
     * any device can hold any weight); see {@link #holds(long)}.
     */
    public boolean fits(int rows, int columns) {
        return rows <= wordLines && columns <= bitLines;
    }

    /** Whether a model of {@code weights} weights fits, one device per weight placed anywhere. */
    public boolean holds(long weights) {
        return weights >= 0 && weights <= devices();
    }

    /** The linear address of a device, as the chip protocol numbers them. */
    public int address(int wordLine, int bitLine) {
        checkAddress(wordLine, bitLine);
        return wordLine * bitLines + bitLine;
    }
}
