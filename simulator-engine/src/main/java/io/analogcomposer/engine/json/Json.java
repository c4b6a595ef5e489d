package io.analogcomposer.engine.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The engine's JSON mapping (Jackson, as everywhere else in the project) for its own documents: checkpoint headers,
 * result documents, CLI output and the run spec that saved training states are fingerprinted with. Values are
 * {@code Map<String, Object>} (read as {@code LinkedHashMap}, so key order is kept), {@code List<Object>},
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            // callers and tests read integers as Long whatever their size, as the engine always has
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            // parse() checks for trailing text itself, with a message for people rather than Jackson's
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("engine-numbers").addSerializer(Double.class, new DoubleText<>(Double.class))
                    .addSerializer(Float.class, new DoubleText<>(Float.class)))
            .build();

    private Json() {
    }

    /** Serialises a value tree compactly; maps keep their iteration order. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Serialises with indentation, for files and people. */
    public static String writePretty(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    /**
     * Parses a JSON text; integers become {@code Long}, other numbers {@code Double}, objects {@code LinkedHashMap}s in
     * the text's key order.
     *
     * @throws IllegalArgumentException for text that is not exactly one JSON value (or an integer beyond
     *         {@code long}), naming the line and column
     */
    public static Object parse(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("invalid JSON: the text is empty");
        }
        try (JsonParser parser = MAPPER.createParser(text)) {
            Object value = MAPPER.readValue(parser, Object.class);
            if (parser.nextToken() != null) {
                throw invalid(parser.currentTokenLocation(), "more text after the JSON value", null);
            }
            return value;
        } catch (JacksonException e) {
            // Jackson's hints name its own switches ("enable `JsonReadFeature.X` to allow"): not for our users
            throw invalid(e.getLocation(), e.getOriginalMessage().replaceAll(": enable `[^`]*` to allow$", ""), e);
        }
    }

    private static IllegalArgumentException invalid(TokenStreamLocation at, String what, Throwable cause) {
        String where = at == null || at == TokenStreamLocation.NA
                ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new IllegalArgumentException("invalid JSON" + where + ": " + what, cause);
    }

    /**
     * Doubles as the engine has always written them, because saved training states are matched by a hash of the
     * written run spec: whole values below 1e15 in plain notation ({@code 31536000.0}, not Jackson's
     * {@code 3.1536E7}), others as {@link Double#toString}, floats widened to double, and NaN and the infinities as
     * {@code null} (JSON has no literal for them; a cancelled run's test loss is NaN).
     */
    private static final class DoubleText<T extends Number> extends StdSerializer<T> {
        DoubleText(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                gen.writeNull();
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                gen.writeNumber((long) d + ".0");
            } else {
                gen.writeNumber(Double.toString(d));
            }
        }
    }
}
