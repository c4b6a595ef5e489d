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

    /** "import { a, b as c } from './x.js'": the names a module takes from another of ours. */
    private static final Pattern NAMED_IMPORTS = Pattern
            .compile("import\\s*\\{([^}]*)\\}\\s*from\\s*'(\\.{1,2}/[^']+)'");
    private static final Pattern EXPORTS = Pattern
            .compile("export\\s+(?:async\\s+)?(?:function\\*?|const|let|class)\\s+(\\w+)");

    /**
     * A name imported that its module does not export stops the whole app from loading (the browser refuses to link
     * the modules), and nothing short of a browser would notice: so every named import of our modules is checked.
     */
    @Test
    void everyNameAModuleImportsIsExportedByTheModule() throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(java.util.List.of("/js/app.js"));
        int checked = 0;
        while (!todo.isEmpty()) {
            String module = todo.poll();
            if (!seen.add(module) || module.startsWith("/vendor/")) {
                continue;
            }
            Matcher imports = NAMED_IMPORTS.matcher(resource(module));
            while (imports.find()) {
                String target = URI.create(module).resolve(imports.group(2)).getPath();
                todo.add(target);
                Set<String> exported = new LinkedHashSet<>();
                Matcher exports = EXPORTS.matcher(resource(target));
                while (exports.find()) {
                    exported.add(exports.group(1));
                }
                for (String name : imports.group(1).split(",")) {
                    String imported = name.trim().split("\\s+as\\s+")[0];
                    if (!imported.isEmpty()) {
                        assertThat(exported).as("%s imports %s from %s", module, imported, target).contains(imported);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
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
