package io.analogcomposer.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Follows {@code next_cursor} pages of a list endpoint up to a limit. */
final class Paging {

    private Paging() {
    }

    static List<JsonNode> all(ApiClient api, String path, Map<String, Object> filters, int limit) {
        if (limit < 1) {
            throw CliException.usage("--limit must be at least 1, was " + limit);
        }
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> q = new LinkedHashMap<>(filters);
            q.put("limit", Math.min(100, limit - items.size()));
            q.put("cursor", cursor);
            JsonNode page = api.get(path + ApiClient.query(q));
            page.path("items").forEach(items::add);
            cursor = ApiClient.text(page, "next_cursor");
        } while (cursor != null && items.size() < limit);
        return items.size() > limit ? items.subList(0, limit) : items;
    }
}
