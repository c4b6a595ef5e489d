package io.analogcomposer.engine.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenBLAS through the FFM API. The library comes from bytedeco's bundled natives (on the classpath) or, failing
 * that, from the system ({@code libopenblas.so.0}). Heap arrays are passed without copying ({@code critical} downcalls
 * with heap access). Small products stay in Java: a native call plus BLAS's own threading costs more than they do.
 */
public final class BlasBackend implements ComputeBackend {
    /**
     * Products below this many flops use the single-threaded Java kernels: measured here, they beat a native call
     * (and OpenBLAS's thread wake-ups) on training-step sizes such as a 3FC layer on a batch of 10.
     */
    static final long MIN_BLAS_FLOPS = JavaBackend.DEFAULT_MIN_PARALLEL_FLOPS;

    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    private static volatile Native nativeLib;
    private static volatile String unavailableReason;

    private final int threads;
    private final Native lib;

    private BlasBackend(int threads, Native lib) {
        this.threads = threads;
        this.lib = lib;
    }

    /** A BLAS backend with {@code threads} threads, or empty (with {@link #unavailableReason()}) if no OpenBLAS loads. */
    public static Optional<BlasBackend> create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Native n = load();
        return n == null ? Optional.empty() : Optional.of(new BlasBackend(threads, n));
    }

    /** Why the BLAS backend is not available, or null if it is. */
    public static String unavailableReason() {
        load();
        return unavailableReason;
    }

    private record Native(MethodHandle sgemm, MethodHandle setThreads, String source) {}

    private static synchronized Native load() {
        if (nativeLib != null || unavailableReason != null) {
            return nativeLib;
        }
        List<String> tried = new ArrayList<>();
        Linker linker = Linker.nativeLinker();
        for (Lookup candidate : candidates()) {
            try {
                SymbolLookup lookup = candidate.open();
                Optional<MemorySegment> gemm = lookup.find("cblas_sgemm");
                Optional<MemorySegment> threads = lookup.find("openblas_set_num_threads");
                if (gemm.isEmpty() || threads.isEmpty()) {
                    tried.add(candidate.name() + ": cblas_sgemm not found");
                    continue;
                }
                FunctionDescriptor fd = FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
                MethodHandle sgemm = linker.downcallHandle(gemm.get(), fd, Linker.Option.critical(true));
                MethodHandle set = linker.downcallHandle(threads.get(),
                        FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
                nativeLib = new Native(sgemm, set, candidate.name());
                return nativeLib;
            } catch (Throwable e) {
                tried.add(candidate.name() + ": " + e);
            }
        }
        unavailableReason = "no OpenBLAS could be loaded: " + String.join("; ", tried);
        return null;
    }

    private record Lookup(String name, java.util.concurrent.Callable<SymbolLookup> opener) {
        SymbolLookup open() throws Exception {
            return opener.call();
        }
    }

    private static List<Lookup> candidates() {
        return List.of(new Lookup("bytedeco openblas", () -> {
            // Loading the preset class extracts and dlopens the bundled library; its symbols then resolve through
            // this class loader's libraries.
            Class<?> preset = Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            Class.forName("org.bytedeco.javacpp.Loader").getMethod("load", Class.class).invoke(null, preset);
            return SymbolLookup.loaderLookup();
        }), new Lookup("system libopenblas.so.0",
                () -> SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global())));
    }

    /** Where the native library came from, for reports. */
    public String source() {
        return lib.source();
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        ComputeBackend.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (2L * m * n * k < MIN_BLAS_FLOPS || k == 0) {
            JavaGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, 1,
                    Long.MAX_VALUE);
            return;
        }
        try {
            synchronized (BlasBackend.class) {
                // OpenBLAS's thread count is process-global, so set it per call under a lock.
                lib.setThreads().invokeExact(threads);
                lib.sgemm().invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                        MemorySegment.ofArray(a).asSlice(4L * aOff), lda, MemorySegment.ofArray(b).asSlice(4L * bOff),
                        ldb, beta, MemorySegment.ofArray(c).asSlice(4L * cOff), ldc);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }

    @Override
    public String toString() {
        return "BlasBackend[threads=" + threads + ", source=" + lib.source() + "]";
    }
}
