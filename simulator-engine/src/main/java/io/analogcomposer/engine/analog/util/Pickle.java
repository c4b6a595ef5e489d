package io.analogcomposer.engine.analog.util;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, safe reader of Python pickles (protocols 2 to 5) as written by {@code torch.save} for state dicts. It
 * never executes anything: classes become {@link Global} names, object constructions become {@link Obj} values
 * holding their arguments and state, and only a few well-known reductions are interpreted (ordered dicts, torch
 * tensors and parameters, numpy arrays, latin-1 encoded bytes). Dicts become {@link LinkedHashMap}s, lists
 * {@link ArrayList}s, tuples {@link Tuple}s.
 */
public final class Pickle {
    private Pickle() {
    }

    /** A class or function reference {@code module.name}. */
    public record Global(String module, String name) {
        /** {@code module.name}. */
        public String qualified() {
            return module + "." + name;
        }
    }

    /** An object built by calling {@code callable(args)} and then setting {@code state} (may be null). */
    public static final class Obj {
        /** What was called. */
        public final Global callable;
        /** The arguments. */
        public final Tuple args;
        /** The state set by BUILD, or null. */
        public Object state;

        Obj(Global callable, Tuple args) {
            this.callable = callable;
            this.args = args;
        }

        @Override
        public String toString() {
            return callable.qualified() + args;
        }
    }

    /** An immutable tuple. */
    public record Tuple(List<Object> items) {
        /** Item {@code i}. */
        public Object get(int i) {
            return items.get(i);
        }

        /** Number of items. */
        public int size() {
            return items.size();
        }
    }

    /** A torch storage referenced by key inside the archive ({@code data/<key>}). */
    public record StorageRef(String key, String type) {}

    /** A torch tensor: a view (offset, shape, strides) into a storage. */
    public record TensorRef(StorageRef storage, long offset, int[] shape, int[] stride) {
        @Override
        public String toString() {
            return "Tensor" + Arrays.toString(shape);
        }
    }

    /** A numpy array with its raw little-endian data. */
    public record NdArray(int[] shape, String dtype, byte[] data) {
        /** The elements as float (float32/float64 only). */
        public float[] floats() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = switch (dtype) {
                    case "f4" -> b.getFloat(i * 4);
                    case "f8" -> (float) b.getDouble(i * 8);
                    default -> throw new IllegalArgumentException("numpy dtype " + dtype + " is not supported");
                };
            }
            return f;
        }
    }

    private static final Object MARK = new Object();

    /** Unpickles {@code data}. */
    public static Object load(byte[] data) {
        return new Machine(data).run();
    }

    private static final class Machine {
        final ByteBuffer in;
        final List<Object> stack = new ArrayList<>();
        final Map<Long, Object> memo = new HashMap<>();

        Machine(byte[] data) {
            in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        Object pop() {
            return stack.remove(stack.size() - 1);
        }

        Object top() {
            return stack.get(stack.size() - 1);
        }

        List<Object> popMark() {
            int k = stack.size() - 1;
            while (stack.get(k) != MARK) {
                k--;
            }
            List<Object> items = new ArrayList<>(stack.subList(k + 1, stack.size()));
            stack.subList(k, stack.size()).clear();
            return items;
        }

        String str(int n) {
            byte[] b = new byte[n];
            in.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        byte[] bytes(int n) {
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        String line() {
            StringBuilder sb = new StringBuilder();
            byte c;
            while ((c = in.get()) != '\n') {
                sb.append((char) c);
            }
            return sb.toString();
        }

        @SuppressWarnings("unchecked")
        Object run() {
            while (true) {
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO
                    case 0x95 -> in.getLong(); // FRAME
                    case '.' -> {
                        return pop();
                    }
                    case '(' -> stack.add(MARK);
                    case '}' -> stack.add(new LinkedHashMap<>());
                    case ']' -> stack.add(new ArrayList<>());
                    case ')' -> stack.add(new Tuple(List.of()));
                    case 0x8f -> stack.add(new ArrayList<>()); // EMPTY_SET (as a list)
                    case 'N' -> stack.add(null);
                    case 0x88 -> stack.add(Boolean.TRUE);
                    case 0x89 -> stack.add(Boolean.FALSE);
                    case 'J' -> stack.add((long) in.getInt());
                    case 'K' -> stack.add((long) (in.get() & 0xff));
                    case 'M' -> stack.add((long) (in.getShort() & 0xffff));
                    case 0x8a -> stack.add(longN(in.get() & 0xff)); // LONG1
                    case 0x8b -> stack.add(longN(in.getInt())); // LONG4
                    case 'G' -> { // BINFLOAT is big-endian
                        in.order(ByteOrder.BIG_ENDIAN);
                        double d = in.getDouble();
                        in.order(ByteOrder.LITTLE_ENDIAN);
                        stack.add(d);
                    }
                    case 'X' -> stack.add(str(in.getInt()));
                    case 0x8c -> stack.add(str(in.get() & 0xff)); // SHORT_BINUNICODE
                    case 0x8d -> stack.add(str((int) in.getLong())); // BINUNICODE8
                    case 'T' -> stack.add(new String(bytes(in.getInt()), StandardCharsets.ISO_8859_1));
                    case 'U' -> stack.add(new String(bytes(in.get() & 0xff), StandardCharsets.ISO_8859_1));
                    case 'B' -> stack.add(bytes(in.getInt()));
                    case 'C' -> stack.add(bytes(in.get() & 0xff));
                    case 0x8e -> stack.add(bytes((int) in.getLong()));
                    case 0x96 -> stack.add(bytes((int) in.getLong())); // BYTEARRAY8
                    case 'q' -> memo.put((long) (in.get() & 0xff), top());
                    case 'r' -> memo.put((long) in.getInt() & 0xffffffffL, top());
                    case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                    case 'h' -> stack.add(memo.get((long) (in.get() & 0xff)));
                    case 'j' -> stack.add(memo.get((long) in.getInt() & 0xffffffffL));
                    case 'c' -> stack.add(new Global(line(), line()));
                    case 0x93 -> {
                        String name = (String) pop();
                        stack.add(new Global((String) pop(), name));
                    }
                    case 't' -> stack.add(new Tuple(popMark()));
                    case 0x85 -> stack.add(new Tuple(List.of(pop())));
                    case 0x86 -> {
                        Object b = pop(), a = pop();
                        stack.add(new Tuple(Arrays.asList(a, b)));
                    }
                    case 0x87 -> {
                        Object c = pop(), b = pop(), a = pop();
                        stack.add(new Tuple(Arrays.asList(a, b, c)));
                    }
                    case 'l' -> stack.add(new ArrayList<>(popMark()));
                    case 'd' -> {
                        List<Object> kv = popMark();
                        Map<Object, Object> m = new LinkedHashMap<>();
                        for (int i = 0; i < kv.size(); i += 2) {
                            m.put(kv.get(i), kv.get(i + 1));
                        }
                        stack.add(m);
                    }
                    case 'a' -> {
                        Object v = pop();
                        ((List<Object>) top()).add(v);
                    }
                    case 'e' -> {
                        List<Object> items = popMark();
                        ((List<Object>) top()).addAll(items);
                    }
                    case 0x90 -> {
                        List<Object> items = popMark();
                        ((List<Object>) top()).addAll(items); // ADDITEMS to a set
                    }
                    case 0x91 -> stack.add(new ArrayList<>(popMark())); // FROZENSET
                    case 's' -> {
                        Object v = pop(), k = pop();
                        ((Map<Object, Object>) top()).put(k, v);
                    }
                    case 'u' -> {
                        List<Object> kv = popMark();
                        Map<Object, Object> m = (Map<Object, Object>) top();
                        for (int i = 0; i < kv.size(); i += 2) {
                            m.put(kv.get(i), kv.get(i + 1));
                        }
                    }
                    case 'Q' -> stack.add(persistent(pop())); // BINPERSID
                    case 'R', 0x81 -> { // REDUCE, NEWOBJ
                        Tuple args = (Tuple) pop();
                        Object f = pop();
                        stack.add(reduce((Global) f, args));
                    }
                    case 0x92 -> { // NEWOBJ_EX
                        pop();
                        Tuple args = (Tuple) pop();
                        stack.add(reduce((Global) pop(), args));
                    }
                    case 'b' -> { // BUILD
                        Object state = pop();
                        Object target = top();
                        if (target instanceof Obj o) {
                            o.state = state;
                            if (o.callable.qualified().endsWith("multiarray._reconstruct")) {
                                stack.set(stack.size() - 1, ndarray(state));
                            }
                        } else if (target instanceof Map<?, ?> m && state instanceof Map<?, ?> s) {
                            ((Map<Object, Object>) m).putAll(s);
                        }
                    }
                    case '0' -> pop();
                    case '2' -> stack.add(top());
                    default -> throw new IllegalArgumentException(
                            "unsupported pickle opcode 0x" + Integer.toHexString(op) + " at byte "
                                    + (in.position() - 1));
                }
            }
        }

        Object longN(int n) {
            byte[] b = bytes(n);
            byte[] be = new byte[Math.max(n, 1)];
            for (int i = 0; i < n; i++) {
                be[n - 1 - i] = b[i];
            }
            BigInteger v = n == 0 ? BigInteger.ZERO : new BigInteger(be);
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        }

        Object persistent(Object pid) {
            if (pid instanceof Tuple t && t.size() >= 3 && "storage".equals(t.get(0))) {
                Object type = t.get(1);
                String tn = type instanceof Global g ? g.name() : String.valueOf(type);
                return new StorageRef(String.valueOf(t.get(2)), tn);
            }
            return pid;
        }

        Object reduce(Global f, Tuple args) {
            String q = f.qualified();
            switch (q) {
                case "collections.OrderedDict" -> {
                    return new LinkedHashMap<>();
                }
                case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                    return new TensorRef((StorageRef) args.get(0), ((Number) args.get(1)).longValue(),
                            ints(args.get(2)), ints(args.get(3)));
                }
                case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                    return args.get(0);
                }
                case "_codecs.encode" -> {
                    return ((String) args.get(0)).getBytes(StandardCharsets.ISO_8859_1);
                }
                default -> {
                    return new Obj(f, args);
                }
            }
        }

        static int[] ints(Object o) {
            Tuple t = (Tuple) o;
            int[] r = new int[t.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = ((Number) t.get(i)).intValue();
            }
            return r;
        }

        /** numpy's BUILD state: (version, shape, dtype, fortran, raw bytes). */
        static Object ndarray(Object state) {
            if (!(state instanceof Tuple t) || t.size() < 5 || !(t.get(4) instanceof byte[] raw)) {
                return state;
            }
            String dtype = "?";
            if (t.get(2) instanceof Obj d && d.args.size() > 0) {
                dtype = String.valueOf(d.args.get(0));
            }
            if (Boolean.TRUE.equals(t.get(3))) {
                throw new IllegalArgumentException("Fortran-ordered numpy arrays are not supported");
            }
            return new NdArray(ints(t.get(1)), dtype, raw);
        }
    }
}
