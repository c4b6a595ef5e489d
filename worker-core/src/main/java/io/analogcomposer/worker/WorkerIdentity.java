package io.analogcomposer.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Names this worker instance for operators ({@code RunStarted.worker}, heartbeats, logs) and for its own control
 * queue. Host and process id say where to look; the random suffix keeps two workers apart when a container runtime
 * gives every process the same pid.
 *
 * @param id e.g. {@code worker-cpu-7d9f/4711/3fa2c1}
 */
public record WorkerIdentity(String id) {

    public WorkerIdentity {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a worker needs an id");
        }
    }

    /** The identity of this process. */
    public static WorkerIdentity ofThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return new WorkerIdentity(host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 6));
    }
}
