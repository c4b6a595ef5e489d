package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The template gallery shows a template's reference accuracy exactly where the catalogue states one (for the
 * pre-trained weights it starts from), and no number anywhere else.
 */
class GalleryReferenceAccuracyTest extends BrowserTest {

    @Test
    void everyTemplateShowsTheCataloguesReferenceAccuracyOrNone() {
        JsonNode catalogue = rest("GET", "/api/v1/catalogue", null);
        Map<String, JsonNode> weights = new HashMap<>();
        catalogue.get("weight_templates").forEach(w -> weights.put(w.get("id").asString(), w));
        JsonNode templates = rest("GET", "/api/v1/templates", null);

        signIn();
        open("/new");
        int checked = 0;
        // one gallery tab per kind of experiment
        for (String tab : new String[]{"training", "inference", "hardware_inference"}) {
            waitFor("#tab-" + tab).click();
            for (JsonNode t : templates) {
                if (!t.get("document").get("kind").asString().equals(tab)) {
                    continue;
                }
                WebElement card = waitFor("[data-template='" + t.get("id").asString() + "']");
                JsonNode weightId = t.get("document").path("inference").path("weight_template");
                JsonNode weight = weightId.isString() ? weights.get(weightId.asString()) : null;
                JsonNode accuracy = weight == null ? null : weight.get("reference_accuracy");
                var shown = card.findElements(By.cssSelector(".reference-accuracy"));
                if (accuracy == null || !accuracy.isNumber()) {
                    assertThat(shown).as("%s has no reference accuracy in the catalogue", t.get("id")).isEmpty();
                    assertThat(card.getText()).doesNotContain("Reference accuracy");
                } else {
                    assertThat(shown).singleElement().satisfies(e -> assertThat(e.getText())
                            .startsWith(String.format(Locale.ROOT, "%.1f %%", accuracy.asDouble() * 100)));
                }
                checked++;
            }
            screenshot("gallery-" + tab);
        }
        assertThat(checked).isEqualTo(templates.size());
    }
}
