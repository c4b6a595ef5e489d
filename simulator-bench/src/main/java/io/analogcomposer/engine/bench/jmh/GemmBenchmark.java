package io.analogcomposer.engine.bench.jmh;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java backend's sgemm: the square 1024^3 product of the engine's GFLOPS figure (GFLOPS = 2 n^3 / time) and the
 * tile shapes of the MLP's analog forward (10,000 inputs through a 512-input tile of 256 outputs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {
    /** m x k x n of the product C[m x n] = A[m x k] B[k x n]. */
    @Param({"1024x1024x1024", "10000x512x256"})
    public String shape;

    /** Compute threads of the Java backend. */
    @Param({"1", "2"})
    public int threads;

    private ComputeBackend backend;
    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Random operands once per fork. */
    @Setup
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        n = Integer.parseInt(s[2]);
        backend = new JavaBackend(threads);
        SplittableRandom r = new SplittableRandom(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble();
        }
    }

    /** One product. */
    @Benchmark
    public float[] sgemm() {
        backend.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
