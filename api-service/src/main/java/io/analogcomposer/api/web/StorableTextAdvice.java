package io.analogcomposer.api.web;

import io.analogcomposer.spec.json.SpecJson;
import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;

/**
 * Every JSON body, whatever its type, is checked once after reading for text that cannot be stored (see
 * {@link TextChecks}): names, tags, notes, token names and whole experiment documents alike. The answer is a 400
 * with the JSON pointer of the first offending string or key, instead of a database error later.
 */
@ControllerAdvice
class StorableTextAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
            Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        if (body instanceof String || body instanceof byte[] || body == null) {
            check(body instanceof String text ? text : null, "");
            return body;
        }
        JsonNode tree = body instanceof JsonNode node ? node : SpecJson.mapper().valueToTree(body);
        String bad = find(tree, "");
        if (bad != null) {
            throw refused(bad);
        }
        return body;
    }

    private static void check(String text, String pointer) {
        if (!TextChecks.acceptable(text)) {
            throw refused(pointer);
        }
    }

    private static ApiProblem refused(String pointer) {
        return ApiProblem.badRequest("The request holds text that cannot be stored",
                new ApiProblem.FieldError(pointer, "contains " + TextChecks.WHAT_IS_REFUSED, "any other Unicode text"));
    }

    /** The pointer of the first string value or key that is not acceptable, or null. */
    private static String find(JsonNode node, String pointer) {
        if (node.isString()) {
            return TextChecks.acceptable(node.asString()) ? null : pointer;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String bad = find(node.get(i), pointer + "/" + i);
                if (bad != null) {
                    return bad;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (!TextChecks.acceptable(field.getKey())) {
                    return child;
                }
                String bad = find(field.getValue(), child);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }
}
