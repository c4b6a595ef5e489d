package io.analogcomposer.spec.catalogue;

import io.analogcomposer.spec.experiment.ExperimentKind;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A named RPU configuration preset: a partial {@code rpu_config} document applied under the user's settings.
 *
 * @param version incremented whenever the preset's values change, so resolved documents name what they used
 * @param kinds the experiment kinds it is meant for
 * @param family e.g. {@code single}, {@code tiki_taka}, {@code mixed_precision}, {@code inference}
 * @param rpuConfig the configuration, in the format's names
 */
public record PresetInfo(String name, int version, String description, List<ExperimentKind> kinds, String family,
        JsonNode rpuConfig) {}
