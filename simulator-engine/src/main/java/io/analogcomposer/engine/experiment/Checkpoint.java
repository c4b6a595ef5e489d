package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.json.Json;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Our checkpoint format (version 1), big-endian throughout:
 *
 * <pre>
 * magic      8 bytes  "ACMPCKPT"
 * version    int32    1
 * json_len   int32    length of the UTF-8 JSON header
 * json       bytes    {"format": 1, "network": &lt;resolved network spec&gt;, "metadata": {...}}
 * count      int32    number of tensors
 * tensor     count x { name_len uint16, name UTF-8 (e.g. "1.weight"), rank uint8, dims int32 x rank,
 *                      data float32 x prod(dims) }
 * crc32      int32    CRC-32 of every preceding byte
 * </pre>
 *
 * Loading rebuilds the network from the header and copies every tensor in by name, checking shapes.
 */
public final class Checkpoint {
    /** File magic. */
    public static final byte[] MAGIC = "ACMPCKPT".getBytes(StandardCharsets.US_ASCII);
    /** Current format version. */
    public static final int VERSION = 1;

    private Checkpoint() {
    }

    /** A loaded checkpoint: the network spec, the model with its weights, and the saved metadata. */
    public record Loaded(NetworkSpec network, Sequential model, Map<String, Object> metadata) {}

    /** Writes a model and its (resolved) network spec with free-form metadata (e.g. the run result's map). */
    public static void save(Path file, NetworkSpec network, Sequential model, Map<String, Object> metadata)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", VERSION);
        header.put("network", ModelBuilder.resolve(network).toMap());
        header.put("metadata", metadata == null ? Map.of() : metadata);
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        CRC32 crc = new CRC32();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), crc))) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(json.length);
            out.write(json);
            Map<String, Tensor> state = model.state();
            out.writeInt(state.size());
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(name.length);
                out.write(name);
                Tensor t = e.getValue();
                out.writeByte(t.rank());
                for (int d : t.shape()) {
                    out.writeInt(d);
                }
                float[] data = t.data();
                for (int i = 0; i < t.size(); i++) {
                    out.writeFloat(data[i]);
                }
            }
            out.flush();
            int sum = (int) crc.getValue();
            out.writeInt(sum);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a checkpoint, verifying magic, version, checksum and every tensor's name and shape. */
    public static Loaded load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
    }

    /**
     * Reads a checkpoint from a stream (e.g. a resource shipped in a jar), with the same checks as
     * {@link #load(Path)}; {@code file} names the source in error messages. The stream is not closed.
     */
    @SuppressWarnings("unchecked")
    public static Loaded load(InputStream source, String file) throws IOException {
        CRC32 crc = new CRC32();
        try {
            CheckedInputStream cin = new CheckedInputStream(new BufferedInputStream(source, 1 << 16), crc);
            DataInputStream in = new DataInputStream(cin);
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not an Analog Composer checkpoint (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": unsupported checkpoint version " + version + " (this engine reads "
                        + VERSION + ")");
            }
            int len = in.readInt();
            if (len < 0 || len > (64 << 20)) {
                throw new IOException(file + ": corrupt header length " + len);
            }
            Map<String, Object> header = (Map<String, Object>) Json
                    .parse(new String(in.readNBytes(len), StandardCharsets.UTF_8));
            NetworkSpec net = NetworkSpec.fromMap((Map<String, Object>) header.get("network"));
            Sequential model = ModelBuilder.build(net, 0, null);
            Map<String, Tensor> state = model.state();
            int count = in.readInt();
            if (count != state.size()) {
                throw new IOException(file + ": holds " + count + " tensors but the network has " + state.size());
            }
            for (int k = 0; k < count; k++) {
                String name = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
                int rank = in.readUnsignedByte();
                int[] dims = new int[rank];
                for (int i = 0; i < rank; i++) {
                    dims[i] = in.readInt();
                }
                Tensor target = state.get(name);
                if (target == null) {
                    throw new IOException(file + ": tensor '" + name + "' does not exist in the network; it has "
                            + state.keySet());
                }
                if (!Arrays.equals(target.shape(), dims)) {
                    throw new IOException(file + ": tensor '" + name + "' has shape " + Arrays.toString(dims)
                            + " but the network expects " + target.shapeString());
                }
                float[] d = target.data();
                for (int i = 0; i < target.size(); i++) {
                    d[i] = in.readFloat();
                }
            }
            int expected = (int) crc.getValue();
            int stored = in.readInt();
            if (stored != expected) {
                throw new IOException(file + ": checksum mismatch (file is corrupt or truncated)");
            }
            Object meta = header.get("metadata");
            return new Loaded(net, model, meta instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated checkpoint", e);
        }
    }
}
