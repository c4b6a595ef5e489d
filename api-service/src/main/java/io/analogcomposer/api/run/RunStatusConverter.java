package io.analogcomposer.api.run;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a run's status by its wire name, so the database reads like the API. */
@Converter(autoApply = true)
class RunStatusConverter implements AttributeConverter<RunStatus, String> {

    @Override
    public String convertToDatabaseColumn(RunStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public RunStatus convertToEntityAttribute(String value) {
        return value == null ? null : RunStatus.fromWire(value);
    }
}
