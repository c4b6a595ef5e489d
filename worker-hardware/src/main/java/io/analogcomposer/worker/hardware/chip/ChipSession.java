package io.analogcomposer.worker.hardware.chip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.protocol.ChipIdentity;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.chip.protocol.ProgramResult;
import io.analogcomposer.chip.protocol.ReadResult;

/**
 * One worker's use of one chip: identify it, place layers, program conductances (given, or converted from
 * weights) and read them back. Requests are cut into chunks (default {@link #CHUNK} devices) so that progress can
 * be reported, no single request holds the chip for long, and a chip that goes away mid-way costs one chunk.
 */
public final class ChipSession {

    /** Devices per program/read request, by default. */
    public static final int CHUNK = 65536;

    /** Progress of a long operation, in devices. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {
        };

        void devices(long done, long total);
    }

    private final ChipClient client;
    private final ChipIdentity identity;
    private final ChipRetry retry;
    private final int chunk;

    private ChipSession(ChipClient client, ChipIdentity identity, ChipRetry retry, int chunk) {
        this.client = client;
        this.identity = identity;
        this.retry = retry;
        this.chunk = chunk;
    }

    /** The same session with another number of devices per request (1..1048576). */
    public ChipSession withChunk(int devices) {
        if (devices < 1 || devices > 1 << 20) {
            throw new IllegalArgumentException("chunk is " + devices + " devices, allowed 1..1048576");
        }
        return new ChipSession(client, identity, retry, devices);
    }

    /** Identifies the chip (which also checks the protocol version); requests are not retried. */
    public static ChipSession open(ChipClient client) {
        return open(client, ChipRetry.NONE);
    }

    /** Identifies the chip; every request is retried per {@code retry} while the chip is unavailable. */
    public static ChipSession open(ChipClient client, ChipRetry retry) {
        return new ChipSession(client, retry.call(client::identify), retry, CHUNK);
    }

    public ChipIdentity identity() {
        return identity;
    }

    public ChipGeometry geometry() {
        return identity.geometry();
    }

    /** Places the layers on this chip, or refuses with the numbers (nothing is programmed either way). */
    public Placement place(List<LayerShape> layers, BitSet excluded, int firstAddress) {
        return ChipPlacer.place(geometry(), layers, excluded, firstAddress);
    }

    /** Programs target conductances (µS, one row-major array per placed layer). */
    public ProgrammedConductances program(Placement placement, List<float[]> targetsUs, ProgramAndVerify algorithm,
            Progress progress) {
        if (!placement.geometry().equals(geometry())) {
            throw new IllegalArgumentException("the placement is for a " + placement.geometry().wordLines() + "×"
                    + placement.geometry().bitLines() + " chip, chip " + identity.chipId() + " is "
                    + identity.wordLines() + "×" + identity.bitLines());
        }
        if (targetsUs.size() != placement.layers().size()) {
            throw new IllegalArgumentException("the placement has " + placement.layers().size() + " layers, "
                    + targetsUs.size() + " target arrays were given");
        }
        for (int l = 0; l < targetsUs.size(); l++) {
            LayerPlacement layer = placement.layers().get(l);
            if (targetsUs.get(l).length != layer.addresses().length) {
                throw new IllegalArgumentException("layer " + layer.shape().name() + " has "
                        + layer.addresses().length + " devices but " + targetsUs.get(l).length + " targets");
            }
        }
        int[] addresses = placement.allAddresses();
        float[] all = concatenate(targetsUs, addresses.length);
        BitSet failed = new BitSet();
        long pulses = 0;
        double programmedAt = Double.NaN;
        for (int from = 0; from < addresses.length; from += chunk) {
            int to = Math.min(addresses.length, from + chunk);
            int[] part = Arrays.copyOfRange(addresses, from, to);
            float[] partTargets = Arrays.copyOfRange(all, from, to);
            ProgramResult result = retry.call(() -> client.program(part, partTargets, algorithm));
            for (int a : result.failedAddresses()) {
                failed.set(a);
            }
            pulses += result.pulses();
            programmedAt = result.programmedAtS();
            progress.devices(to, addresses.length);
        }
        return new ProgrammedConductances(identity.chipId(), placement, targetsUs, programmedAt, pulses, failed);
    }

    /**
     * Reads programmed devices ({@code reads} averaged reads each).
     *
     * @param gMaxUs the conductance scale for the normalised error statistic
     */
    public ConductanceReadback read(ProgrammedConductances programmed, int reads, double gMaxUs) {
        int[] addresses = programmed.placement().allAddresses();
        float[] measured = new float[addresses.length];
        double readAt = Double.NaN;
        for (int from = 0; from < addresses.length; from += chunk) {
            int to = Math.min(addresses.length, from + chunk);
            int[] part = Arrays.copyOfRange(addresses, from, to);
            ReadResult result = retry.call(() -> client.read(part, reads));
            System.arraycopy(result.conductancesUs(), 0, measured, from, to - from);
            if (Double.isNaN(readAt)) {
                readAt = result.readAtS();
            }
        }
        List<float[]> perLayer = new ArrayList<>();
        int offset = 0;
        for (float[] target : programmed.targetsUs()) {
            perLayer.add(Arrays.copyOfRange(measured, offset, offset + target.length));
            offset += target.length;
        }
        boolean[] failed = new boolean[addresses.length];
        BitSet failedAddresses = programmed.failedAddresses();
        for (int i = 0; i < addresses.length; i++) {
            failed[i] = failedAddresses.get(addresses[i]);
        }
        ProgrammingStatistics statistics = ProgrammingStatistics.of(concatenate(programmed.targetsUs(),
                addresses.length), measured, failed, gMaxUs);
        return new ConductanceReadback(readAt, readAt - programmed.programmedAtS(), reads, perLayer, statistics);
    }

    /**
     * Moves an emulated chip's clock forward (a real chip's clock only runs), e.g. to re-read programmed devices at
     * a later inference time; returns the chip time after the move.
     */
    public double advanceTime(double seconds) {
        if (!identity.emulated()) {
            throw new IllegalStateException("chip " + identity.chipId() + " is a real chip: its clock cannot be "
                    + "advanced, wait instead");
        }
        return retry.call(() -> client.advanceTime(seconds)).chipTimeS();
    }

    /** Converts each layer's weights (row-major, in placement order) to conductances and programs them. */
    public ProgrammedModel programWeights(Placement placement, List<float[]> weights,
            FusionConductanceConverter converter, ProgramAndVerify algorithm, Progress progress) {
        if (converter.gMaxUs() > identity.maxTargetUs()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "g_max_us is %.1f but chip %s accepts targets up to %.1f µS", converter.gMaxUs(),
                    identity.chipId(), identity.maxTargetUs()));
        }
        if (weights.size() != placement.layers().size()) {
            throw new IllegalArgumentException("the placement has " + placement.layers().size() + " layers, "
                    + weights.size() + " weight matrices were given");
        }
        List<ConductanceTargets> targets = new ArrayList<>(weights.size());
        for (int l = 0; l < weights.size(); l++) {
            LayerShape shape = placement.layers().get(l).shape();
            targets.add(converter.toConductances(shape.name(), weights.get(l), shape.rows(), shape.columns()));
        }
        ProgrammedConductances chip = program(placement,
                targets.stream().map(ConductanceTargets::conductancesUs).toList(), algorithm, progress);
        return new ProgrammedModel(chip, targets, converter);
    }

    /** Reads a programmed model back and recovers its weights with the model's converter. */
    public Measurement readWeights(ProgrammedModel model, int reads) {
        ConductanceReadback readback = read(model.chip(), reads, model.converter().gMaxUs());
        List<float[]> weights = new ArrayList<>();
        for (int l = 0; l < model.targets().size(); l++) {
            weights.add(model.converter().toWeights(model.targets().get(l), readback.conductancesUs().get(l)));
        }
        return new Measurement(readback, weights);
    }

    private static float[] concatenate(List<float[]> parts, int length) {
        float[] all = new float[length];
        int k = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, k, part.length);
            k += part.length;
        }
        return all;
    }
}
