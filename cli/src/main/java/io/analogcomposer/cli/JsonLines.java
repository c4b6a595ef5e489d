package io.analogcomposer.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each JSON pointer of a document starts in its text (1-based line and column), so validation errors can
 * point at the user's file like a compiler does. A small scanner rather than a parser's location API: it must
 * also work on the (well-formed) prefix of a broken file, and report the position of keys, not of values.
 */
final class JsonLines {

    /** A position in the file. */
    record Position(int line, int column) {}

    private final String text;
    private final Map<String, Position> positions = new HashMap<>();
    private int i;
    private int line = 1;
    private int lineStart;

    private JsonLines(String text) {
        this.text = text;
    }

    static JsonLines of(String text) {
        JsonLines j = new JsonLines(text);
        try {
            j.skipWs();
            j.value("");
        } catch (RuntimeException e) {
            // a syntax error: keep what was mapped so far; the validator reports the error itself
        }
        return j;
    }

    /** The position of the pointer, else of its nearest mapped ancestor (a missing field points at its object). */
    Position find(String pointer) {
        String p = pointer == null ? "" : pointer;
        while (true) {
            Position pos = positions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return new Position(1, 1);
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    private Position here() {
        return new Position(line, i - lineStart + 1);
    }

    private void value(String pointer) {
        positions.putIfAbsent(pointer, here());
        char c = text.charAt(i);
        if (c == '{') {
            i++;
            skipWs();
            if (text.charAt(i) == '}') {
                i++;
                return;
            }
            while (true) {
                skipWs();
                Position keyAt = here();
                String key = string();
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                // the key's position is what a reader looks for, not the value's
                positions.put(child, keyAt);
                skipWs();
                expect(':');
                skipWs();
                Position before = positions.get(child);
                value(child);
                positions.put(child, before);
                skipWs();
                if (text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                expect('}');
                return;
            }
        } else if (c == '[') {
            i++;
            skipWs();
            if (text.charAt(i) == ']') {
                i++;
                return;
            }
            for (int k = 0;; k++) {
                skipWs();
                value(pointer + "/" + k);
                skipWs();
                if (text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                expect(']');
                return;
            }
        } else if (c == '"') {
            string();
        } else {
            while (i < text.length() && ",}] \t\r\n".indexOf(text.charAt(i)) < 0) {
                i++;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (text.charAt(i) != '"') {
            char c = text.charAt(i++);
            if (c == '\\') {
                char e = text.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        i++;
        return b.toString();
    }

    private void expect(char c) {
        if (text.charAt(i) != c) {
            throw new IllegalStateException("expected " + c);
        }
        i++;
    }

    private void skipWs() {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            i++;
        }
    }
}
