package io.analogcomposer.engine.resume;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;

/**
 * A saved training session: copies of every array and scalar its parts registered, and a fingerprint of what was
 * being trained, so it is only ever restored into the same experiment. Format (version 1), big-endian:
 *
 * <pre>
 * magic "ACMPRSUM", version int32, fingerprint (UTF), then three sections each as count int32 followed by entries:
 *   floats  { name UTF, length int32, float32 x length }
 *   doubles { name UTF, length int32, float64 x length }
 *   scalars { name UTF, int64 }
 * crc32 int32 of every preceding byte
 * </pre>
 */
public final class TrainingState {

    private static final byte[] MAGIC = "ACMPRSUM".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** Something that registers training state: a model, an optimizer, the runner's own bookkeeping. */
    @FunctionalInterface
    public interface Part {
        void visitTrainingState(StateRegistry registry);
    }

    private final String fingerprint;
    private final Map<String, float[]> floats;
    private final Map<String, double[]> doubles;
    private final Map<String, Long> scalars;

    private TrainingState(String fingerprint, Map<String, float[]> floats, Map<String, double[]> doubles,
            Map<String, Long> scalars) {
        this.fingerprint = fingerprint;
        this.floats = floats;
        this.doubles = doubles;
        this.scalars = scalars;
    }

    /** What of these parts is not captured (empty: the session is resumable). */
    public static List<String> unsupported(List<? extends Part> parts) {
        List<String> missing = new ArrayList<>();
        StateRegistry probe = new StateRegistry() {
            @Override
            public void floats(String name, float[] live) {
            }

            @Override
            public void doubles(String name, double[] live) {
            }

            @Override
            public void scalar(String name, java.util.function.LongSupplier get, LongConsumer set) {
            }

            @Override
            public void unsupported(String what) {
                if (!missing.contains(what)) {
                    missing.add(what);
                }
            }
        };
        parts.forEach(p -> p.visitTrainingState(probe));
        return missing;
    }

    /** Copies the parts' state now; fails if a part cannot be captured. */
    public static TrainingState capture(String fingerprint, List<? extends Part> parts) {
        Map<String, float[]> floats = new LinkedHashMap<>();
        Map<String, double[]> doubles = new LinkedHashMap<>();
        Map<String, Long> scalars = new LinkedHashMap<>();
        StateRegistry copier = new StateRegistry() {
            @Override
            public void floats(String name, float[] live) {
                unique(name, floats.put(name, live.clone()));
            }

            @Override
            public void doubles(String name, double[] live) {
                unique(name, doubles.put(name, live.clone()));
            }

            @Override
            public void scalar(String name, java.util.function.LongSupplier get, LongConsumer set) {
                unique(name, scalars.put(name, get.getAsLong()));
            }

            @Override
            public void unsupported(String what) {
                throw new IllegalStateException("the training state of " + what + " cannot be saved");
            }
        };
        parts.forEach(p -> p.visitTrainingState(copier));
        return new TrainingState(fingerprint, floats, doubles, scalars);
    }

    private static void unique(String name, Object previous) {
        if (previous != null) {
            throw new IllegalStateException("two parts of the training state are named " + name);
        }
    }

    /**
     * Writes the saved state back into freshly built parts of the same experiment: every registered name must be
     * present with its length, and nothing saved may be left over.
     */
    public void restore(String expectedFingerprint, List<? extends Part> parts) {
        if (!fingerprint.equals(expectedFingerprint)) {
            throw new IllegalStateException("the saved training state belongs to another experiment");
        }
        // check everything first, so that a state that does not fit changes nothing
        Restorer checked = new Restorer(false);
        parts.forEach(p -> p.visitTrainingState(checked));
        int saved = floats.size() + doubles.size() + scalars.size();
        if (checked.used != saved) {
            throw new IllegalStateException("the saved training state has " + saved + " parts, the experiment "
                    + checked.used);
        }
        parts.forEach(p -> p.visitTrainingState(new Restorer(true)));
    }

    /** Checks (and with {@code write}, writes back) every registered part against the saved one. */
    private final class Restorer implements StateRegistry {
        private final boolean write;
        private int used;

        Restorer(boolean write) {
            this.write = write;
        }

        @Override
        public void floats(String name, float[] live) {
            float[] saved = floats.get(name);
            if (saved == null || saved.length != live.length) {
                throw mismatch(name);
            }
            if (write) {
                System.arraycopy(saved, 0, live, 0, live.length);
            }
            used++;
        }

        @Override
        public void doubles(String name, double[] live) {
            double[] saved = doubles.get(name);
            if (saved == null || saved.length != live.length) {
                throw mismatch(name);
            }
            if (write) {
                System.arraycopy(saved, 0, live, 0, live.length);
            }
            used++;
        }

        @Override
        public void scalar(String name, java.util.function.LongSupplier get, LongConsumer set) {
            Long saved = scalars.get(name);
            if (saved == null) {
                throw mismatch(name);
            }
            if (write) {
                set.accept(saved);
            }
            used++;
        }

        @Override
        public void unsupported(String what) {
            throw new IllegalStateException("the training state of " + what + " cannot be restored");
        }
    }

    private static IllegalStateException mismatch(String name) {
        return new IllegalStateException("the saved training state does not fit the experiment at " + name);
    }

    /** The serialized form. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(floats.size());
            for (Map.Entry<String, float[]> e : floats.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float v : e.getValue()) {
                    out.writeFloat(v);
                }
            }
            out.writeInt(doubles.size());
            for (Map.Entry<String, double[]> e : doubles.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (double v : e.getValue()) {
                    out.writeDouble(v);
                }
            }
            out.writeInt(scalars.size());
            for (Map.Entry<String, Long> e : scalars.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads a serialized state; IllegalArgumentException when the bytes are not one (or were damaged). */
    public static TrainingState fromBytes(byte[] data) {
        if (data.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not a saved training state");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        int stored = ((data[data.length - 4] & 0xff) << 24) | ((data[data.length - 3] & 0xff) << 16)
                | ((data[data.length - 2] & 0xff) << 8) | (data[data.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new IllegalArgumentException("the saved training state is damaged (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 4))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("saved training state version " + version + " is not supported");
            }
            String fingerprint = in.readUTF();
            Map<String, float[]> floats = new LinkedHashMap<>();
            for (int n = in.readInt(), i = 0; i < n; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                floats.put(name, v);
            }
            Map<String, double[]> doubles = new LinkedHashMap<>();
            for (int n = in.readInt(), i = 0; i < n; i++) {
                String name = in.readUTF();
                double[] v = new double[in.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readDouble();
                }
                doubles.put(name, v);
            }
            Map<String, Long> scalars = new LinkedHashMap<>();
            for (int n = in.readInt(), i = 0; i < n; i++) {
                scalars.put(in.readUTF(), in.readLong());
            }
            return new TrainingState(fingerprint, floats, doubles, scalars);
        } catch (IOException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("the saved training state is truncated", e);
        }
    }

    /** A saved scalar by name (e.g. the runner's epoch count), or the fallback. */
    public long scalar(String name, long fallback) {
        return scalars.getOrDefault(name, fallback);
    }

    /** A saved double array by name, or null. */
    public double[] doubles(String name) {
        double[] v = doubles.get(name);
        return v == null ? null : v.clone();
    }
}
