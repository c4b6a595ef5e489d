package io.analogcomposer.spec.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of the format and the message contracts: snake_case names, absent fields left out, unknown
 * fields rejected, record components in declaration order. Every service reads and writes documents and
 * messages through this mapper so they agree on the spelling.
 */
public final class SpecJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(new PropertyNamingStrategies.NamingBase() {
                @Override
                public String translate(String propertyName) {
                    return Names.snake(propertyName);
                }
            }).changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

    private SpecJson() {
    }

    /** The configured mapper; thread-safe. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Reads JSON text into a record of the format. */
    public static <T> T read(String json, Class<T> type) throws JacksonException {
        return MAPPER.readValue(json, type);
    }

    /** Converts a JSON tree into a record of the format. */
    public static <T> T read(JsonNode json, Class<T> type) throws JacksonException {
        return MAPPER.treeToValue(json, type);
    }

    /** Writes a record as compact JSON. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Writes a record as indented JSON, for files and humans. */
    public static String writePretty(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    /** A record as a JSON tree. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
