package io.analogcomposer.chip.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON encoding of the protocol: snake_case names, and every numeric array as a base64 string of
 * little-endian values ({@code int[]} as int32, {@code float[]} as IEEE-754 float32), because a million
 * conductances as JSON numbers would be five times larger and slow to parse on a lab controller.
 */
public final class Wire {

    private Wire() {
    }

    /** For the controller: unknown fields are refused, so a misspelt parameter is never silently ignored. */
    public static JsonMapper strictMapper() {
        return builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** For clients: fields added by later minor versions are ignored. */
    public static JsonMapper lenientMapper() {
        return builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    private static JsonMapper.Builder builder() {
        SimpleModule arrays = new SimpleModule("pcm-chip-arrays");
        arrays.addSerializer(int[].class, new IntArraySerializer());
        arrays.addSerializer(float[].class, new FloatArraySerializer());
        arrays.addDeserializer(int[].class, new IntArrayDeserializer());
        arrays.addDeserializer(float[].class, new FloatArrayDeserializer());
        return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).addModule(arrays);
    }

    public static String encode(int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    public static String encode(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    public static int[] decodeInts(String field, String base64) {
        ByteBuffer buffer = decode(field, base64, "int32");
        int[] values = new int[buffer.remaining() / 4];
        buffer.asIntBuffer().get(values);
        return values;
    }

    public static float[] decodeFloats(String field, String base64) {
        ByteBuffer buffer = decode(field, base64, "float32");
        float[] values = new float[buffer.remaining() / 4];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    private static ByteBuffer decode(String field, String base64, String type) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ProtocolException.malformed(field, "not standard base64 (" + e.getMessage() + ")");
        }
        if (bytes.length % 4 != 0) {
            throw ProtocolException.malformed(field,
                    "decodes to " + bytes.length + " bytes, not a whole number of little-endian " + type + " values");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Turns a failure to read a request body into the protocol's error: a {@link ProtocolException} thrown by a
     * record's validation is passed on as it is; a JSON problem becomes MALFORMED naming the JSON path.
     */
    public static ChipError toChipError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException protocol) {
                return protocol.error();
            }
        }
        String field = null;
        if (failure instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            field = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message = failure instanceof JacksonException jackson
                ? jackson.getOriginalMessage()
                : String.valueOf(failure.getMessage());
        return new ChipError(ChipError.MALFORMED, field, "the request body is not a valid message: " + message,
                null);
    }

    private static String requireString(JsonParser parser, String type) {
        String field = parser.currentName();
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw ProtocolException.malformed(field == null ? "(array)" : field,
                    "must be a base64 string of little-endian " + type + " values");
        }
        return parser.getString();
    }

    private static final class IntArraySerializer extends ValueSerializer<int[]> {
        @Override
        public void serialize(int[] value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(encode(value));
        }
    }

    private static final class FloatArraySerializer extends ValueSerializer<float[]> {
        @Override
        public void serialize(float[] value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(encode(value));
        }
    }

    private static final class IntArrayDeserializer extends ValueDeserializer<int[]> {
        @Override
        public int[] deserialize(JsonParser parser, DeserializationContext ctxt) {
            return decodeInts(parser.currentName(), requireString(parser, "int32"));
        }
    }

    private static final class FloatArrayDeserializer extends ValueDeserializer<float[]> {
        @Override
        public float[] deserialize(JsonParser parser, DeserializationContext ctxt) {
            return decodeFloats(parser.currentName(), requireString(parser, "float32"));
        }
    }
}
