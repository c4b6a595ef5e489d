package io.analogcomposer.webui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The jar must carry every asset its pages reference, because the UI works offline (no CDN). */
class PackagedAssetsTest {

    private static String resource(String path) throws IOException {
        try (InputStream in = PackagedAssetsTest.class.getResourceAsStream("/META-INF/resources" + path)) {
            assertThat(in).as("packaged asset %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyLocalAssetTheIndexPageReferencesIsPackaged() throws IOException {
        String index = resource("/index.html");
        Matcher refs = Pattern.compile("(?:src|href)=\"(/(?:css|js)/[^\"]+)\"").matcher(index);
        int count = 0;
        while (refs.find()) {
            assertThat(resource(refs.group(1))).isNotBlank();
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
    }

    @Test
    void noPageLoadsScriptsOrStylesFromAnotherHost() throws IOException {
        assertThat(resource("/index.html")).doesNotContain("src=\"http").doesNotContain("href=\"http");
    }
}
