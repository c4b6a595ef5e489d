package io.analogcomposer.validator.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runs cancelled while their job may still wait in the validation queue, so the job is discarded on
 * receipt instead of being routed to a worker. Bounded: the oldest ids are forgotten first (a job waits
 * minutes, not days).
 */
public final class CancelledRuns {

    private final Map<String, Boolean> ids;

    public CancelledRuns(int capacity) {
        this.ids = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        });
    }

    public void add(String runId) {
        ids.put(runId, Boolean.TRUE);
    }

    public boolean contains(String runId) {
        return ids.containsKey(runId);
    }
}
