package io.analogcomposer.worker;

import io.analogcomposer.engine.EngineInfo;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Tells operators (through {@code /actuator/info}) which backend a worker serves and with which engine. */
class WorkerInfo implements InfoContributor {

    private final WorkerProperties properties;
    private final WorkerIdentity identity;

    WorkerInfo(WorkerProperties properties, WorkerIdentity identity) {
        this.properties = properties;
        this.identity = identity;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("worker", Map.of("backend", properties.backend(), "concurrency", properties.concurrency(),
                "engineVersion", EngineInfo.current().version(), "cores",
                Runtime.getRuntime().availableProcessors(), "instance", identity.id()));
    }
}
