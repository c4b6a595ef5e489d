package io.analogcomposer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpEntity;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsonFormatVisitors.JsonFormatVisitable;
import tools.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import tools.jackson.databind.jsonFormatVisitors.JsonObjectFormatVisitor;

/**
 * The OpenAPI description ({@code /v3/api-docs}) says what goes over the wire: every object schema of a request or
 * response body has exactly the property names the application's JSON mapper writes and reads for the class behind
 * it (found from the controllers' handler methods), and the API's bodies use one convention, snake_case. The
 * {@code /aihw} endpoints speak the real composer's protocol, whose names AIHWKit's client fixes
 * ({@code createdAt}); they are held to the doc-equals-wire rule only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiWireTest {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final String REF = "#/components/schemas/";

    @Autowired
    TestRestTemplate http;

    @Autowired
    JsonMapper mapper;

    @Autowired
    ApplicationContext context;

    JsonNode doc;
    /** Schema name → the property names the mapper uses for each of our classes of that (simple) name. */
    final Map<String, Map<Class<?>, Set<String>>> wire = new TreeMap<>();

    @BeforeAll
    void load() {
        doc = SpecJson.mapper().readTree(http.getForObject("/v3/api-docs", String.class));
        RequestMappingHandlerMapping mappings = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        Deque<JavaType> pending = new ArrayDeque<>();
        for (HandlerMethod method : mappings.getHandlerMethods().values()) {
            if (!method.getBeanType().getPackageName().startsWith("io.analogcomposer")) {
                continue;
            }
            pending.add(mapper.constructType(method.getReturnType().getGenericParameterType()));
            for (MethodParameter parameter : method.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestBody.class)) {
                    pending.add(mapper.constructType(parameter.getGenericParameterType()));
                }
            }
        }
        Set<Class<?>> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            JavaType type = ours(pending.pop());
            if (type == null || !seen.add(type.getRawClass())) {
                continue;
            }
            Map<String, JavaType> properties = properties(type);
            if (properties != null) {
                wire.computeIfAbsent(schemaName(type.getRawClass()), k -> new java.util.LinkedHashMap<>())
                        .put(type.getRawClass(), new TreeSet<>(properties.keySet()));
                pending.addAll(properties.values());
            }
        }
    }

    @Test
    void everyDocumentedBodySchemaHasThePropertiesTheMapperWritesAndReads() {
        assertThat(wire).as("bodies found through the controllers").containsKeys("NewToken", "PasswordChange",
                "DriftPreview", "AihwExperimentView");
        List<String> mismatches = new ArrayList<>();
        for (String schema : bodySchemas(null)) {
            Map<Class<?>, Set<String>> classes = wire.get(schema);
            Set<String> documented = documentedProperties(schema);
            if (classes == null) {
                if (!documented.isEmpty()) {
                    mismatches.add(schema + ": documented " + documented + ", but no controller body has this class");
                }
                continue;
            }
            for (Map.Entry<Class<?>, Set<String>> c : classes.entrySet()) {
                if (!c.getValue().equals(documented)) {
                    mismatches.add(schema + " (" + c.getKey().getName() + "): documented " + documented
                            + ", on the wire " + c.getValue());
                }
            }
        }
        assertThat(mismatches).as("schemas whose documented properties differ from the wire").isEmpty();
    }

    @Test
    void theApisBodiesAreSnakeCaseInTheDescriptionAndOnTheWire() {
        List<String> offenders = new ArrayList<>();
        for (String schema : bodySchemas("/aihw")) {
            for (String property : documentedProperties(schema)) {
                if (!SNAKE_CASE.matcher(property).matches()) {
                    offenders.add(schema + "." + property + " (documented)");
                }
            }
            for (Set<String> properties : wire.getOrDefault(schema, Map.of()).values()) {
                for (String property : properties) {
                    if (!SNAKE_CASE.matcher(property).matches()) {
                        offenders.add(schema + "." + property + " (on the wire)");
                    }
                }
            }
        }
        assertThat(offenders).as("body properties not in snake_case").isEmpty();
    }

    /** The component schemas reachable from request and response bodies, leaving out paths under {@code skip}. */
    private Set<String> bodySchemas(String skip) {
        Set<String> found = new TreeSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            if (skip != null && path.getKey().startsWith(skip)) {
                continue;
            }
            for (JsonNode operation : path.getValue()) {
                operation.path("requestBody").path("content").forEach(media -> pending.add(media.path("schema")));
                operation.path("responses")
                        .forEach(r -> r.path("content").forEach(media -> pending.add(media.path("schema"))));
            }
        }
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject() && node.has("$ref")) {
                String name = node.get("$ref").asString().substring(REF.length());
                if (found.add(name)) {
                    pending.add(doc.path("components").path("schemas").path(name));
                }
            }
            node.forEach(pending::add);
        }
        return found;
    }

    private Set<String> documentedProperties(String schema) {
        Set<String> names = new TreeSet<>();
        JsonNode node = doc.path("components").path("schemas").path(schema);
        node.path("properties").propertyNames().forEach(names::add);
        node.path("allOf").forEach(part -> part.path("properties").propertyNames().forEach(names::add));
        return names;
    }

    /** The name springdoc gives the class's schema: its {@code @Schema(name)}, else its simple name. */
    private static String schemaName(Class<?> type) {
        io.swagger.v3.oas.annotations.media.Schema schema = type
                .getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        return schema != null && !schema.name().isEmpty() ? schema.name() : type.getSimpleName();
    }

    /** The type itself, or the body type it carries (entity, list, optional), if it is one of our classes. */
    private static JavaType ours(JavaType type) {
        while (type != null) {
            if (HttpEntity.class.isAssignableFrom(type.getRawClass())) {
                type = type.containedType(0);
            } else if (type.isContainerType()) {
                type = type.getContentType();
            } else if (type.isReferenceType()) {
                type = type.getReferencedType();
            } else {
                break;
            }
        }
        return type != null && !type.isPrimitive() && type.getRawClass().getPackageName().startsWith(
                "io.analogcomposer") && !type.isEnumType() ? type : null;
    }

    /** The mapper's properties of an object type with their types, or null if it is not written as an object. */
    private Map<String, JavaType> properties(JavaType type) {
        Map<String, JavaType> properties = new TreeMap<>();
        boolean[] object = {false};
        mapper.acceptJsonFormatVisitor(type, new JsonFormatVisitorWrapper.Base() {
            @Override
            public JsonObjectFormatVisitor expectObjectFormat(JavaType t) {
                object[0] = true;
                return new JsonObjectFormatVisitor.Base(getContext()) {
                    @Override
                    public void property(BeanProperty p) {
                        properties.put(p.getName(), p.getType());
                    }

                    @Override
                    public void optionalProperty(BeanProperty p) {
                        properties.put(p.getName(), p.getType());
                    }

                    @Override
                    public void property(String name, JsonFormatVisitable handler, JavaType hint) {
                        properties.put(name, hint);
                    }

                    @Override
                    public void optionalProperty(String name, JsonFormatVisitable handler, JavaType hint) {
                        properties.put(name, hint);
                    }
                };
            }
        });
        return object[0] ? properties : null;
    }
}
