package io.analogcomposer.webui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jar must carry every asset its pages reference, because the UI works offline (no CDN), and the pages must
 * keep to the API's Content-Security-Policy (scripts from this origin only, no inline script).
 */
class PackagedAssetsTest {

    private static final Pattern PAGE_REFS = Pattern.compile("(?:src|href)=\"(/(?:css|js|img|vendor)/[^\"]+)\"");
    /** Static imports ("from '...'") and dynamic ones ("import('...')") of the ES modules. */
    private static final Pattern IMPORTS = Pattern.compile("(?:from\\s+|import\\s*\\(\\s*)'([^']+)'");

    private static String resource(String path) throws IOException {
        try (InputStream in = PackagedAssetsTest.class.getResourceAsStream("/META-INF/resources" + path)) {
            assertThat(in).as("packaged asset %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyLocalAssetTheIndexPageReferencesIsPackaged() throws IOException {
        String index = resource("/index.html");
        Matcher refs = PAGE_REFS.matcher(index);
        int count = 0;
        while (refs.find()) {
            assertThat(resource(refs.group(1))).isNotBlank();
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyModuleTheAppImportsIsPackagedAndLocal() throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add("/js/app.js");
        while (!todo.isEmpty()) {
            String module = todo.poll();
            if (!seen.add(module)) {
                continue;
            }
            if (module.startsWith("/vendor/")) {
                assertThat(resource(module)).isNotBlank();
                continue;
            }
            Matcher imports = IMPORTS.matcher(resource(module));
            while (imports.find()) {
                String target = imports.group(1);
                assertThat(target).as("import in %s", module).doesNotStartWith("http").doesNotStartWith("//");
                todo.add(URI.create(module).resolve(target).getPath());
            }
        }
        assertThat(seen).contains("/js/views/editor.js", "/js/views/run.js", "/js/charts.js",
                "/vendor/uplot/uPlot.esm.js");
    }

    @Test
    void noPageLoadsScriptsOrStylesFromAnotherHostOrRunsInlineScript() throws IOException {
        String index = resource("/index.html");
        assertThat(index).doesNotContain("src=\"http").doesNotContain("href=\"http")
                .doesNotContainPattern("\\son[a-z]+=");
        Matcher scripts = Pattern.compile("<script([^>]*)>([^<]*)</script>").matcher(index);
        while (scripts.find()) {
            assertThat(scripts.group(1)).contains("src=\"/");
            assertThat(scripts.group(2)).isBlank();
        }
    }
}
