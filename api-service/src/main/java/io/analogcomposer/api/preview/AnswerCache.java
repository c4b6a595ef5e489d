package io.analogcomposer.api.preview;

import io.analogcomposer.spec.messages.PreviewResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently used preview answers, keyed by the request's JSON. Bounded, so no sequence of requests can make
 * it grow without limit; synchronized, as requests are few and fast.
 */
final class AnswerCache {

    private final int capacity;
    private final Map<String, PreviewResponse> entries;

    AnswerCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreviewResponse> eldest) {
                return size() > AnswerCache.this.capacity;
            }
        };
    }

    synchronized PreviewResponse get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, PreviewResponse answer) {
        if (capacity > 0) {
            entries.put(key, answer);
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
