package io.analogcomposer.tensor;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.cuda.CudaUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The device the tensor program runs on: the first CUDA device through DJL's PyTorch engine, or (only when asked
 * for) DJL's CPU device. PyTorch's natives come from the jar on the class path (Maven); DJL is put offline first so it
 * never downloads them at run time.
 */
public final class TensorDevice implements AutoCloseable {
    /** PyTorch's version, as paired with DJL's JNI in the build. */
    public static final String ENGINE = "PyTorch";

    private final Device device;
    private final NDManager manager;
    private final String description;
    private final boolean cuda;
    private final String name, cudaVersion, driverVersion;

    private TensorDevice(Device device, boolean cuda, String name, String cudaVersion, String driverVersion) {
        this.device = device;
        this.cuda = cuda;
        this.name = name;
        this.cudaVersion = cudaVersion;
        this.driverVersion = driverVersion;
        this.manager = NDManager.newBaseManager(device, ENGINE);
        String pytorch = Engine.getEngine(ENGINE).getVersion();
        this.description = cuda
                ? name + " (" + memoryText() + ", CUDA " + cudaVersion + ", driver " + driverVersion + ", PyTorch "
                        + pytorch + " via DJL)"
                : "CPU device of PyTorch " + pytorch + " via DJL (" + Runtime.getRuntime().availableProcessors()
                        + " cores, no CUDA device; allow-cpu)";
    }

    /**
     * Puts DJL offline (natives only from the class path) and selects PyTorch; call before anything else of DJL's.
     */
    public static void configureOffline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", ENGINE);
        // One intra-op thread unless set (-Dai.djl.pytorch.num_threads=N): the eager ops of a batch are small, and on
        // a shared machine PyTorch's OpenMP threads spin at every op's barrier while another thread waits for a core
        // (measured here: a hardware-aware training epoch 6x slower with 2 threads under load). A CUDA device does
        // not use the pool for its kernels.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
    }

    /** Whether PyTorch sees a CUDA device. Loads the engine (natives from the class path). */
    public static boolean cudaAvailable() {
        configureOffline();
        return Engine.getEngine(ENGINE).getGpuCount() > 0;
    }

    /**
     * The first CUDA device; without one, DJL's CPU device when {@code allowCpu}, else a clear refusal.
     *
     * @throws IllegalStateException when there is no CUDA device and the CPU is not allowed
     */
    public static TensorDevice open(boolean allowCpu) {
        configureOffline();
        Engine engine = Engine.getEngine(ENGINE);
        if (engine.getGpuCount() > 0) {
            Device gpu = Device.gpu(0);
            String[] smi = nvidiaSmi();
            String name = smi[0] != null
                    ? smi[0]
                    : "CUDA device 0 (compute capability "
                            + CudaUtils.getComputeCapability(0) + ")";
            return new TensorDevice(gpu, true, name, CudaUtils.getCudaVersionString(), smi[1] != null
                    ? smi[1]
                    : "unknown");
        }
        if (!allowCpu) {
            throw new IllegalStateException("no CUDA device found (PyTorch " + engine.getVersion() + " via DJL sees "
                    + "none): worker-gpu runs the simulator's tensor program on a GPU; set "
                    + "composer.worker.gpu.allow-cpu=true to run the same program on the CPU (development, CI)");
        }
        return new TensorDevice(Device.cpu(), false, "CPU", "none", "none");
    }

    /** {@code [name, driver version]} from nvidia-smi when it is installed, else nulls. */
    private static String[] nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader",
                    "-i", "0").redirectErrorStream(true).start();
            String line;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null || !line.contains(",")) {
                return new String[2];
            }
            String[] parts = line.split(",", 2);
            return new String[]{parts[0].trim(), parts[1].trim()};
        } catch (Exception e) {
            return new String[2];
        }
    }

    private String memoryText() {
        long total = totalMemoryBytes();
        return total > 0 ? String.format("%.1f GiB", total / (double) (1L << 30)) : "memory unknown";
    }

    /** Device memory in bytes (CUDA), or the JVM's maximum heap for the CPU device. */
    public long totalMemoryBytes() {
        if (!cuda) {
            return Runtime.getRuntime().maxMemory();
        }
        MemoryUsage m = CudaUtils.getGpuMemory(device);
        return m == null ? -1 : m.getMax() > 0 ? m.getMax() : m.getCommitted();
    }

    /** Device memory in use in bytes (CUDA), or the JVM heap in use for the CPU device. */
    public long usedMemoryBytes() {
        if (!cuda) {
            Runtime rt = Runtime.getRuntime();
            return rt.totalMemory() - rt.freeMemory();
        }
        MemoryUsage m = CudaUtils.getGpuMemory(device);
        return m == null ? -1 : m.getUsed();
    }

    /** Free device memory in bytes (CUDA), or -1 on the CPU device (PyTorch's CPU memory is the process's own). */
    public long freeMemoryBytes() {
        if (!cuda) {
            return -1;
        }
        MemoryUsage m = CudaUtils.getGpuMemory(device);
        return m == null ? -1 : Math.max(0, (m.getMax() > 0 ? m.getMax() : m.getCommitted()) - m.getUsed());
    }

    /** DJL's device. */
    public Device device() {
        return device;
    }

    /** The manager arrays of this device live in (runs open sub-managers of it). */
    public NDManager manager() {
        return manager;
    }

    /** Whether this is a CUDA device. */
    public boolean isCuda() {
        return cuda;
    }

    /** The device's name ({@code CPU} for the CPU device). */
    public String name() {
        return name;
    }

    /** CUDA version ({@code none} on the CPU). */
    public String cudaVersion() {
        return cudaVersion;
    }

    /** NVIDIA driver version ({@code none} on the CPU, {@code unknown} without nvidia-smi). */
    public String driverVersion() {
        return driverVersion;
    }

    /** For people: name, memory, CUDA and driver version, or that it is the CPU device. */
    public String description() {
        return description;
    }

    /** Seeds the device's generator (all of PyTorch's generators) from a run's seed. */
    public void seed(long seed) {
        Engine.getEngine(ENGINE).setRandomSeed((int) (seed ^ (seed >>> 32)) & 0x7fffffff);
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
