package io.analogcomposer.engine.bench;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of {@code simulator-bench.jar} (run it through {@code simulator-bench/bench}, which adds the
 * Vector API module):
 * <ul>
 * <li>{@code all [--quick] [...]}: every figure of issue 25's table, one child JVM per workload ({@link RunAll});</li>
 * <li>{@code jmh [JMH options]}: the JMH microbenchmarks ({@code jmh -l} lists them, {@code jmh -h} JMH's help);</li>
 * <li>{@code workload NAME THREADS SAMPLES RUNS}: one workload in this JVM (what {@code all} starts per child);</li>
 * <li>{@code main CLASS [args]}: one of the stand-alone bench mains, e.g. {@code main analog.bench.ConvEpochBench hwa
 * 2000 3} or {@code main bench.Acceptance 3fc} (class names relative to {@code io.analogcomposer.engine}).</li>
 * </ul>
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: bench all [--quick] [--samples N] [--runs N] [--only a,b] [--threads 1,2] "
                    + "[--jvm \"flags\"] | jmh [options] | workload NAME THREADS SAMPLES RUNS | main CLASS [args]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "all" -> RunAll.main(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "workload" -> {
                if (rest.length != 4) {
                    throw new IllegalArgumentException("workload NAME THREADS SAMPLES RUNS");
                }
                Workloads.Result r = Workloads.run(rest[0], Integer.parseInt(rest[1]), Integer.parseInt(rest[2]),
                        Integer.parseInt(rest[3]));
                System.out.println(r.line());
            }
            case "main" -> {
                if (rest.length == 0) {
                    throw new IllegalArgumentException("main CLASS [args]");
                }
                String name = rest[0].startsWith("io.") ? rest[0] : "io.analogcomposer.engine." + rest[0];
                Method m;
                try {
                    m = Class.forName(name).getMethod("main", String[].class);
                } catch (ClassNotFoundException | NoSuchMethodException e) {
                    System.err.println("no bench main " + name + " (see simulator-bench/README.md for the list)");
                    System.exit(2);
                    return;
                }
                try {
                    m.invoke(null, (Object) Arrays.copyOfRange(rest, 1, rest.length));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            default -> {
                System.err.println("unknown command " + args[0] + "; use all, jmh, workload or main");
                System.exit(2);
            }
        }
    }
}
