package io.analogcomposer.engine.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One command for every figure of issue 25's table: runs each workload of {@link Workloads} in its own child JVM
 * (so each has its own warm-up and its own peak RSS), with 1 thread and with all threads, and prints one table with
 * AIHWKit 1.0.0's figures from the issue beside ours. Options: {@code --quick} (fewer samples and runs: minutes),
 * {@code --samples N} (training samples of the LeNet5/VGG8 epochs), {@code --runs N} (steady-state runs),
 * {@code --only a,b}, {@code --threads 1,2}, {@code --jvm "flags"} (extra flags for the children, e.g. a heap size).
 * The children get this JVM's own flags (the Vector API module) and class path.
 */
public final class RunAll {
    /** AIHWKit's figure for a workload (range as measured in the issue; memory in GB, 0 where not measured). */
    record Reference(String figure, double low, double high, double memoryGb, String note) {
        double mid() {
            return (low + high) / 2;
        }
    }

    /** Issue 25's AIHWKit 1.0.0 column (CPU build, 2 cores; conv workloads pinned to 1 core). */
    static final Map<String, Reference> AIHWKIT = new LinkedHashMap<>();

    static {
        AIHWKIT.put("mlp-forward", new Reference("0.124-0.216 s", 0.124, 0.216, 0, "2 threads, torch tile"));
        AIHWKIT.put("program-drift", new Reference("0.020-0.033 s", 0.020, 0.033, 0, ""));
        AIHWKIT.put("pulsed-sgd", new Reference("1.57-1.83 s", 1.57, 1.83, 0, "1 thread"));
        AIHWKIT.put("lenet5-hwa", new Reference("0.75-0.79 ms", 0.75, 0.79, 0.46, "1 core"));
        AIHWKIT.put("lenet5-mp", new Reference("1.45-1.63 ms", 1.45, 1.63, 0.46, "1 core"));
        AIHWKIT.put("lenet5-sgd", new Reference("1.86-1.94 ms", 1.86, 1.94, 0.46, "1 core"));
        AIHWKIT.put("vgg8-mp", new Reference("40.8-41.8 ms", 40.8, 41.8, 1.7, "1 core"));
    }

    private RunAll() {
    }

    /** Entry point of {@code all}. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        int samples = 0, runs = 0;
        List<String> only = Workloads.NAMES;
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threads = cores > 1 ? List.of(1, cores) : List.of(1);
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--jvm" -> jvm.addAll(List.of(args[++i].trim().split("\\s+")));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --quick, --samples N, --runs N, --only a,b, --threads 1,2, --jvm \"flags\"");
            }
        }
        for (String w : only) {
            if (!Workloads.NAMES.contains(w)) {
                throw new IllegalArgumentException("unknown workload " + w + "; known: " + Workloads.NAMES);
            }
        }
        List<Workloads.Result> results = new ArrayList<>();
        for (String w : only) {
            for (int t : threads) {
                int n = samples > 0 && (w.startsWith("lenet5") || w.startsWith("vgg8"))
                        ? samples
                        : defaultSamples(w,
                                quick);
                int r = runs > 0 ? runs : defaultRuns(w, quick);
                System.err.printf("== %s, %d thread(s), %s, %d steady-state runs%n", w, t,
                        n > 0 ? n + " samples" : "default size", r);
                results.add(child(w, t, n, r, jvm));
            }
        }
        System.out.print(table(results, cores, quick));
    }

    private static int defaultSamples(String w, boolean quick) {
        return switch (w) {
            case "lenet5-hwa", "lenet5-mp", "lenet5-sgd" -> quick ? 500 : 2000;
            case "vgg8-mp" -> quick ? 256 : 1024;
            default -> 0; // the MLP workloads have the table's fixed size (10,000)
        };
    }

    private static int defaultRuns(String w, boolean quick) {
        return switch (w) {
            case "mlp-forward", "program-drift" -> quick ? 5 : 15;
            case "pulsed-sgd" -> quick ? 2 : 3;
            default -> quick ? 1 : 2;
        };
    }

    /** Runs one workload in a fresh JVM with this JVM's flags and class path; its RESULT line is the answer. */
    private static Workloads.Result child(String w, int threads, int samples, int runs, List<String> extra)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(extra);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), "workload", w,
                Integer.toString(threads), Integer.toString(samples), Integer.toString(runs)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Workloads.Result result = null;
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.startsWith("RESULT ")) {
                    result = Workloads.Result.parse(line);
                } else if (!line.startsWith("WARNING: Using incubator modules")) {
                    System.err.println("   " + line);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || result == null) {
            throw new IllegalStateException(w + " with " + threads + " thread(s) failed (exit status " + rc + ")");
        }
        return result;
    }

    /** The Markdown table: ours (first run, steady state, CPU, peak RSS) beside AIHWKit's and the ratio. */
    static String table(List<Workloads.Result> results, int cores, boolean quick) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%d cores, %s; ratio = AIHWKit (mid of its range) / ours: > 1 means "
                + "we are faster or smaller; ratio steady CPU (1 thread only) uses the process CPU time, which a loaded machine does "
                + "not inflate%n%n", cores, quick ? "--quick" : "full"));
        b.append("| workload | threads | samples | unit | first | steady | steady CPU | peak RSS | AIHWKit | "
                + "ratio steady | ratio steady CPU | ratio first | AIHWKit RSS | ratio RSS |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Workloads.Result r : results) {
            Reference ref = AIHWKIT.get(r.name());
            double rss = r.peakRssKiB() / 1024.0 / 1024.0;
            b.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %s | %s | %s | %s | %.2f GB | %s | %.2fx | %s | %.2fx | %s | %s |%n", r.name(),
                    r.threads(), r.samples(), r.unit(), num(r.first()), num(r.steady()), num(r.steadyCpu()), rss,
                    ref.figure() + (ref.note().isEmpty() ? "" : " (" + ref.note() + ")"), ref.mid() / r.steady(),
                    // with one thread the process CPU time is the wall time other processes' load cannot inflate
                    r.threads() == 1 ? String.format(Locale.ROOT, "%.2fx", ref.mid() / r.steadyCpu()) : "-",
                    ref.mid() / r.first(), ref.memoryGb() > 0 ? ref.memoryGb() + " GB" : "-",
                    ref.memoryGb() > 0 ? String.format(Locale.ROOT, "%.2fx", ref.memoryGb() / rss) : "-"));
        }
        return b.toString();
    }

    private static String num(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
