package io.analogcomposer.api.backends;

import io.analogcomposer.messaging.workers.LiveWorkers;
import io.analogcomposer.spec.catalogue.BackendInfo;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.messages.ChipStatus;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which backends exist right now: the catalogue's backends (what each can run) with the workers that announced
 * themselves and are live, so users and scripts can see before submitting that, say, no GPU worker is running.
 */
@RestController
@RequestMapping("/api/v1")
class BackendsController {

    /**
     * One backend as the catalogue describes it, with its live workers.
     *
     * @param live whether at least one worker of this backend is live (a run sent here starts when one is free)
     * @param workers live worker processes
     * @param capacity jobs they can run at the same time
     * @param busy jobs they are running now
     * @param devices what they compute on, as they describe it (distinct)
     * @param chips the PCM chips the live hardware workers drive, as each worker last found its chip (identity,
     *            crossbar size, whether it answers); empty for other backends
     */
    record BackendStatus(Backend backend, String description, List<ExperimentKind> kinds, boolean live, int workers,
            int capacity, int busy, List<String> devices, List<ChipStatus> chips) {}

    /**
     * @param silenceSeconds a worker not heard from for this long is no longer counted as live
     */
    record Backends(List<BackendStatus> backends, long silenceSeconds) {}

    private final Catalogue catalogue;
    private final LiveWorkers liveWorkers;

    BackendsController(Catalogue catalogue, LiveWorkers liveWorkers) {
        this.catalogue = catalogue;
        this.liveWorkers = liveWorkers;
    }

    @GetMapping("/backends")
    Backends backends() {
        List<BackendStatus> list = catalogue.backends().stream().map(this::status).toList();
        return new Backends(list, liveWorkers.silence().toSeconds());
    }

    private BackendStatus status(BackendInfo info) {
        LiveWorkers.BackendWorkers live = liveWorkers.of(info.backend());
        return new BackendStatus(info.backend(), info.description(), info.kinds(), live.workers() > 0, live.workers(),
                live.capacity(), live.busy(),
                live.instances().stream().map(LiveWorkers.Worker::device).filter(d -> d != null && !d.isBlank())
                        .distinct().toList(),
                live.instances().stream().map(LiveWorkers.Worker::chip).filter(c -> c != null).toList());
    }
}
