package io.analogcomposer.engine.analog.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

class GaussianTest {
    @Test
    void zigguratSamplesHaveStandardNormalMomentsAndTails() {
        int n = 1_000_000;
        Rng rng = new Rng(5);
        double s = 0, s2 = 0, s4 = 0;
        int beyond2 = 0, beyond35 = 0;
        for (int i = 0; i < n; i++) {
            double x = Gaussian.next(rng);
            s += x;
            s2 += x * x;
            s4 += x * x * x * x;
            beyond2 += Math.abs(x) > 2 ? 1 : 0;
            beyond35 += Math.abs(x) > 3.5 ? 1 : 0; // exercises the tail beyond R = 3.44
        }
        double mean = s / n, var = s2 / n - mean * mean;
        assertThat(Math.abs(mean)).isLessThan(4 / Math.sqrt(n));
        assertThat(Math.abs(var - 1)).isLessThan(4 * Math.sqrt(2.0 / n));
        assertThat(Math.abs(s4 / n - 3)).isLessThan(4 * Math.sqrt(96.0 / n));
        double p2 = 0.0455003, p35 = 4.65258e-4;
        assertThat(Math.abs(beyond2 - n * p2)).isLessThan(4 * Math.sqrt(n * p2));
        assertThat(Math.abs(beyond35 - n * p35)).isLessThan(4 * Math.sqrt(n * p35));
    }

    @Test
    void chunkedKernelsDependOnTheSeedOnlyNotOnTheThreadCount() {
        // 50,000 elements: 7 chunks, the last one ragged; split over 1 (sequential), 2, 3 and 7 parallel tasks
        int n = 50_000;
        float[] sequential = new float[n];
        Chunks.run(n, new Rng(9), 1, (f, t, r) -> Gaussian.fill(r, sequential, f, t - f, 0, 1));
        for (int tasks : new int[]{2, 3, 7}) {
            float[] parallel = new float[n];
            Chunks.run(n, new Rng(9), tasks, (f, t, r) -> Gaussian.fill(r, parallel, f, t - f, 0, 1));
            assertThat(parallel).as("%d tasks", tasks).containsExactly(sequential);
        }
        float[] everyCore = new float[n];
        Chunks.run(n, new Rng(9), (f, t, r) -> Gaussian.fill(r, everyCore, f, t - f, 0, 1));
        assertThat(everyCore).containsExactly(sequential);
        // and on the seed: another seed gives other numbers, and no two chunks repeat each other's
        float[] other = new float[n];
        Chunks.run(n, new Rng(10), 3, (f, t, r) -> Gaussian.fill(r, other, f, t - f, 0, 1));
        assertThat(other[0]).isNotEqualTo(sequential[0]);
        assertThat(java.util.Arrays.copyOfRange(sequential, 0, 100))
                .isNotEqualTo(java.util.Arrays.copyOfRange(sequential, Chunks.SIZE, Chunks.SIZE + 100));
    }
}
