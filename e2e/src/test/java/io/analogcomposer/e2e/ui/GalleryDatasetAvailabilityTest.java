package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The gallery marks a template whose dataset this server lacks, with the catalogue's reason, before anything runs;
 * the Datasets page lists the same availability. SVHN is never installed here (no offline source), so its templates
 * are always among the marked ones.
 */
class GalleryDatasetAvailabilityTest extends BrowserTest {

    @Test
    void everyTemplateCardAgreesWithTheDatasetCatalogue() {
        Map<String, JsonNode> datasets = new HashMap<>();
        rest("GET", "/api/v1/datasets", null).get("items").forEach(d -> datasets.put(d.get("name").asString(), d));
        assertThat(datasets.get("svhn").get("available").asBoolean()).isFalse();
        JsonNode templates = rest("GET", "/api/v1/templates", null);

        signIn();
        open("/new");
        int unavailable = 0;
        // one gallery tab per kind of experiment
        for (String tab : new String[]{"training", "inference", "hardware_inference"}) {
            waitFor("#tab-" + tab).click();
            for (JsonNode t : templates) {
                if (!t.get("document").get("kind").asString().equals(tab)) {
                    continue;
                }
                JsonNode data = datasets.get(t.get("document").get("dataset").get("name").asString());
                WebElement card = waitFor("[data-template='" + t.get("id").asString() + "']");
                boolean available = data.get("available").asBoolean();
                assertThat(card.getDomAttribute("data-available")).as(t.get("id").asString())
                        .isEqualTo(String.valueOf(available));
                var reason = card.findElements(By.cssSelector(".unavailable-reason"));
                if (available) {
                    assertThat(reason).isEmpty();
                } else {
                    unavailable++;
                    assertThat(reason).singleElement().satisfies(e -> assertThat(e.getText())
                            .startsWith("Cannot run here yet: ").contains(data.get("reason").asString()));
                }
            }
            screenshot("gallery-datasets-" + tab);
        }
        assertThat(unavailable).as("the two VGG8/SVHN templates at least").isGreaterThanOrEqualTo(2);

        open("/datasets");
        WebElement svhn = waitFor("#datasets tr[data-dataset='svhn']");
        assertThat(svhn.getDomAttribute("data-available")).isEqualTo("false");
        assertThat(svhn.getText()).contains("SVHN is not installed on this server.");
        screenshot("datasets-page");
    }
}
