package io.analogcomposer.api.conductance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of uploaded conductance files ({@code composer.conductance-files.*}).
 *
 * @param maxSize largest file accepted (a whole chip, 512 × 2048 values at ~20 characters each, is ~21 MB)
 * @param maxPerUser files one user may keep
 */
@ConfigurationProperties("composer.conductance-files")
public record ConductanceFileSettings(@DefaultValue("24MB") DataSize maxSize, @DefaultValue("100") int maxPerUser) {

    public ConductanceFileSettings {
        if (maxSize.toBytes() < 1
                || maxSize.toBytes() > io.analogcomposer.spec.messages.TargetConductances.MAX_CSV_BYTES) {
            throw new IllegalArgumentException("composer.conductance-files.max-size must be 1 B.."
                    + io.analogcomposer.spec.messages.TargetConductances.MAX_CSV_BYTES + " B, is " + maxSize);
        }
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("composer.conductance-files.max-per-user must be ≥ 1, is " + maxPerUser);
        }
    }
}
