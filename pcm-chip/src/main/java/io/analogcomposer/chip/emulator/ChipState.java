package io.analogcomposer.chip.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import io.analogcomposer.chip.ChipGeometry;

/**
 * Everything the emulated chip remembers, as flat arrays indexed by linear address (a million devices as objects
 * would cost ten times the memory). Persisted as one little-endian binary file with a CRC-32 trailer, written to a
 * temporary file, forced to disk and atomically renamed, so a crash leaves either the old or the new state.
 */
final class ChipState {

    static final byte STUCK_RESET = 1;
    static final byte STUCK_SET = 2;
    static final byte WORN_OUT = 4;
    static final byte PROGRAMMED = 8;

    private static final long MAGIC = 0x3154_5350_4d43_5041L; // "APCMPST1" read little-endian
    private static final int FORMAT_VERSION = 1;

    final String chipId;
    final ChipGeometry geometry;
    final int historyDepth;
    final long seed;
    final int devices;

    volatile long nextOperationId = 1;
    long noiseCounter;
    double chipTimeS;
    long savedAtWallMillis;
    /** Chip time of each operation, indexed by operation id − 1 (history events refer to operations by id). */
    double[] operationTimes = new double[16];
    int operationCount;

    // Per device: manufacturing variation (fixed at creation) ...
    final float[] gain;
    final float[] saturationUs;
    // ... present state ...
    final byte[] flags;
    final float[] programmedUs;
    final float[] nu;
    final double[] programmedAtS;
    // ... wear ...
    final int[] pulses;
    final int[] programOperations;
    final int[] resets;
    // ... and a ring of the last historyDepth program events (operation id 0 marks an empty slot).
    final int[] historyOperation;
    final float[] historyTargetUs;
    final float[] historyVerifiedUs;
    /** Verify reads used; negative when the device did not converge. */
    final short[] historyIterations;
    final byte[] historyNext;

    private ChipState(String chipId, ChipGeometry geometry, int historyDepth, long seed) {
        this.chipId = chipId;
        this.geometry = geometry;
        this.historyDepth = historyDepth;
        this.seed = seed;
        this.devices = Math.toIntExact(geometry.devices());
        gain = new float[devices];
        saturationUs = new float[devices];
        flags = new byte[devices];
        programmedUs = new float[devices];
        nu = new float[devices];
        programmedAtS = new double[devices];
        pulses = new int[devices];
        programOperations = new int[devices];
        resets = new int[devices];
        historyOperation = new int[devices * historyDepth];
        historyTargetUs = new float[devices * historyDepth];
        historyVerifiedUs = new float[devices * historyDepth];
        historyIterations = new short[devices * historyDepth];
        historyNext = new byte[devices];
    }

    /** A freshly manufactured chip: device-to-device variation and stuck devices drawn from the seed. */
    static ChipState manufacture(EmulatorConfig config) {
        ChipState state = new ChipState(config.chipId(), config.geometry(), config.historyDepth(), config.seed());
        PcmPhysics physics = config.physics();
        SplittableRandom random = new SplittableRandom(config.seed());
        for (int i = 0; i < state.devices; i++) {
            state.gain[i] = (float) Math.max(0.05, 1 + physics.gainSpread() * random.nextGaussian());
            state.saturationUs[i] = (float) Math.max(physics.resetUs() + 1.0,
                    physics.saturationMeanUs() + physics.saturationStdUs() * random.nextGaussian());
            double u = random.nextDouble();
            if (u < physics.stuckFraction() / 2) {
                state.flags[i] = STUCK_RESET;
                state.programmedUs[i] = (float) physics.resetUs();
            } else if (u < physics.stuckFraction()) {
                state.flags[i] = STUCK_SET;
                state.programmedUs[i] = state.saturationUs[i];
            } else {
                // As delivered, a device is in the RESET state.
                state.programmedUs[i] = (float) physics.resetUs();
            }
        }
        return state;
    }

    boolean stuck(int address) {
        return (flags[address] & (STUCK_RESET | STUCK_SET | WORN_OUT)) != 0;
    }

    long recordOperation(double atS) {
        if (operationCount == operationTimes.length) {
            operationTimes = java.util.Arrays.copyOf(operationTimes, operationCount * 2);
        }
        operationTimes[operationCount++] = atS;
        return nextOperationId++;
    }

    double operationTime(long operationId) {
        return operationTimes[(int) (operationId - 1)];
    }

    void recordEvent(int address, long operationId, float targetUs, float verifiedUs, int iterations,
            boolean converged) {
        int slot = address * historyDepth + historyNext[address];
        historyOperation[slot] = (int) operationId;
        historyTargetUs[slot] = targetUs;
        historyVerifiedUs[slot] = verifiedUs;
        historyIterations[slot] = (short) (converged ? iterations : -iterations);
        historyNext[address] = (byte) ((historyNext[address] + 1) % historyDepth);
    }

    // ---- persistence ----

    void save(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Out out = new Out(channel);
            out.putLong(MAGIC);
            out.putInt(FORMAT_VERSION);
            byte[] id = chipId.getBytes(StandardCharsets.UTF_8);
            out.putInt(id.length);
            for (byte b : id) {
                out.putByte(b);
            }
            out.putInt(geometry.wordLines());
            out.putInt(geometry.bitLines());
            out.putInt(historyDepth);
            out.putLong(seed);
            out.putLong(nextOperationId);
            out.putLong(noiseCounter);
            out.putDouble(chipTimeS);
            out.putLong(savedAtWallMillis);
            out.putInt(operationCount);
            for (int i = 0; i < operationCount; i++) {
                out.putDouble(operationTimes[i]);
            }
            out.floats(gain);
            out.floats(saturationUs);
            out.bytes(flags);
            out.floats(programmedUs);
            out.floats(nu);
            for (double v : programmedAtS) {
                out.putDouble(v);
            }
            out.ints(pulses);
            out.ints(programOperations);
            out.ints(resets);
            out.ints(historyOperation);
            out.floats(historyTargetUs);
            out.floats(historyVerifiedUs);
            for (short v : historyIterations) {
                out.putShort(v);
            }
            out.bytes(historyNext);
            out.finish();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static ChipState load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            In in = new In(channel, file);
            if (in.getLong() != MAGIC) {
                throw new IOException(file + " is not a PCM chip state file (wrong magic number)");
            }
            int version = in.getInt();
            if (version != FORMAT_VERSION) {
                throw new IOException(file + " has state format " + version + ", this emulator reads format "
                        + FORMAT_VERSION);
            }
            int idLength = in.getInt();
            if (idLength < 1 || idLength > 256) {
                throw new IOException(file + " is corrupt: chip id length " + idLength);
            }
            byte[] id = new byte[idLength];
            for (int i = 0; i < idLength; i++) {
                id[i] = in.getByte();
            }
            ChipGeometry geometry = new ChipGeometry(in.getInt(), in.getInt());
            int depth = in.getInt();
            if (geometry.devices() > 16L * 1024 * 1024 || depth < 1 || depth > 64) {
                throw new IOException(file + " is corrupt: geometry " + geometry + ", history depth " + depth);
            }
            ChipState state = new ChipState(new String(id, StandardCharsets.UTF_8), geometry, depth, in.getLong());
            state.nextOperationId = in.getLong();
            state.noiseCounter = in.getLong();
            state.chipTimeS = in.getDouble();
            state.savedAtWallMillis = in.getLong();
            state.operationCount = in.getInt();
            state.operationTimes = new double[Math.max(16, state.operationCount)];
            for (int i = 0; i < state.operationCount; i++) {
                state.operationTimes[i] = in.getDouble();
            }
            in.floats(state.gain);
            in.floats(state.saturationUs);
            in.bytes(state.flags);
            in.floats(state.programmedUs);
            in.floats(state.nu);
            for (int i = 0; i < state.devices; i++) {
                state.programmedAtS[i] = in.getDouble();
            }
            in.ints(state.pulses);
            in.ints(state.programOperations);
            in.ints(state.resets);
            in.ints(state.historyOperation);
            in.floats(state.historyTargetUs);
            in.floats(state.historyVerifiedUs);
            for (int i = 0; i < state.historyIterations.length; i++) {
                state.historyIterations[i] = in.getShort();
            }
            in.bytes(state.historyNext);
            in.verifyChecksum();
            return state;
        }
    }

    /** Buffered little-endian writer that checksums everything it writes. */
    private static final class Out {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32 crc = new CRC32();

        Out(FileChannel channel) {
            this.channel = channel;
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        void putByte(byte v) throws IOException {
            room(1);
            buffer.put(v);
        }

        void putShort(short v) throws IOException {
            room(2);
            buffer.putShort(v);
        }

        void putInt(int v) throws IOException {
            room(4);
            buffer.putInt(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            buffer.putLong(v);
        }

        void putDouble(double v) throws IOException {
            room(8);
            buffer.putDouble(v);
        }

        void floats(float[] values) throws IOException {
            for (float v : values) {
                room(4);
                buffer.putFloat(v);
            }
        }

        void ints(int[] values) throws IOException {
            for (int v : values) {
                room(4);
                buffer.putInt(v);
            }
        }

        void bytes(byte[] values) throws IOException {
            for (byte v : values) {
                putByte(v);
            }
        }

        void finish() throws IOException {
            flush();
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue());
            trailer.flip();
            while (trailer.hasRemaining()) {
                channel.write(trailer);
            }
        }
    }

    /** Buffered little-endian reader that names the file when it runs short. */
    private static final class In {
        private final FileChannel channel;
        private final Path file;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        In(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
            buffer.limit(0);
        }

        private void need(int bytes) throws IOException {
            if (buffer.remaining() >= bytes) {
                return;
            }
            buffer.compact();
            while (buffer.position() < bytes) {
                if (channel.read(buffer) < 0) {
                    throw new IOException(file + " is truncated: the chip state ends early");
                }
            }
            buffer.flip();
        }

        byte getByte() throws IOException {
            need(1);
            return buffer.get();
        }

        short getShort() throws IOException {
            need(2);
            return buffer.getShort();
        }

        int getInt() throws IOException {
            need(4);
            return buffer.getInt();
        }

        long getLong() throws IOException {
            need(8);
            return buffer.getLong();
        }

        double getDouble() throws IOException {
            need(8);
            return buffer.getDouble();
        }

        void floats(float[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                need(4);
                values[i] = buffer.getFloat();
            }
        }

        void ints(int[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                need(4);
                values[i] = buffer.getInt();
            }
        }

        void bytes(byte[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                need(1);
                values[i] = buffer.get();
            }
        }

        /** The trailer holds the CRC-32 of everything before it. */
        void verifyChecksum() throws IOException {
            need(8);
            long expectedTrailer = buffer.getLong();
            if (buffer.hasRemaining() || channel.position() != channel.size()) {
                throw new IOException(file + " has unexpected bytes after the chip state");
            }
            long actual = checksumOfPayload();
            if (actual != expectedTrailer) {
                throw new IOException(file + " is corrupt: checksum mismatch (stored " + Long.toHexString(
                        expectedTrailer) + ", computed " + Long.toHexString(actual) + ")");
            }
        }

        private long checksumOfPayload() throws IOException {
            // A second pass over the file keeps the parsing simple; it runs only at start-up.
            CRC32 payload = new CRC32();
            long length = channel.size() - 8;
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            long position = 0;
            while (position < length) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), length - position));
                int read = channel.read(chunk, position);
                if (read < 0) {
                    break;
                }
                chunk.flip();
                payload.update(chunk);
                position += read;
            }
            return payload.getValue();
        }
    }
}
