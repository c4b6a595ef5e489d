package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** The preset explorer (Fig. 15): find a device preset, read what it is, train a network with it. */
class PresetsTest extends BrowserTest {

    @Test
    void findThePcmPresetReadItAndTrainWithIt() {
        signIn();
        find("a[href='#/presets']").click();
        waitFor("[data-preset='PCMPreset']");
        int all = driver.findElements(By.cssSelector("#presets article")).size();
        assertThat(all).isGreaterThan(50);

        type(find("#preset-search"), "pcm");
        waitUntil(d -> d.findElements(By.cssSelector("#presets article")).size() < all, "search narrows");
        assertThat(driver.findElements(By.cssSelector("#presets article h3")).stream().map(e -> e.getText()))
                .contains("PCMPreset", "MixedPrecisionPCMPreset").doesNotContain("ReRamSBPreset");
        new Select(find("#preset-family")).selectByValue("single");
        waitUntil(d -> d.findElements(By.cssSelector("#presets article")).size() == 1, "family narrows");
        assertThat(find("[data-preset='PCMPreset']").getText()).contains("potentiation only")
                .contains("In-memory SGD, one device per weight");
        screenshot("presets");

        find("button[aria-label='Train a network with PCMPreset']").click();
        waitForText("h1", "Training playground");
        find("#tab-analog").click();
        assertThat(new Select(waitFor("#panel-analog select[data-pointer='/preset']")).getFirstSelectedOption()
                .getText()).isEqualTo("PCMPreset");
        waitForText("#validity", "Valid");
    }
}
