package io.analogcomposer.api.run;

import java.util.Map;
import java.util.UUID;

/**
 * Something about a run changed and was committed: its state, or a new progress step. Browsers following the
 * run receive it over Server-Sent Events.
 *
 * @param type {@code status} or {@code metric}
 * @param data what changed, in the API's JSON shape
 */
public record RunChanged(UUID runId, UUID ownerId, String type, Map<String, Object> data) {}
