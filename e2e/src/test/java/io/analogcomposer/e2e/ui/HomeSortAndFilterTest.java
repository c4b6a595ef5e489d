package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** Home: the list of experiments sorted and filtered by the server, its state kept in the address. */
class HomeSortAndFilterTest extends BrowserTest {

    private List<String> shownNames() {
        return driver.findElements(By.cssSelector("#experiments tbody tr a.name")).stream().map(WebElement::getText)
                .toList();
    }

    @Test
    void sortByNameFilterByDatasetAndPresetAndKeepItOnReload() {
        rest("POST", "/api/v1/experiments", "{\"template\":\"3fc-training\",\"name\":\"bravo 3FC\"}");
        rest("POST", "/api/v1/experiments", "{\"template\":\"vgg8-training\",\"name\":\"alpha VGG8\"}");
        rest("POST", "/api/v1/experiments", "{\"template\":\"lenet5-inference\",\"name\":\"charlie LeNet\"}");
        signIn();
        waitUntil(d -> shownNames().size() == 3, "three experiments listed");
        assertThat(shownNames()).containsExactly("charlie LeNet", "alpha VGG8", "bravo 3FC");

        new Select(find("#sort")).selectByValue("name:asc");
        waitUntil(d -> shownNames().equals(List.of("alpha VGG8", "bravo 3FC", "charlie LeNet")), "sorted by name");
        new Select(find("#sort")).selectByValue("name:desc");
        waitUntil(d -> shownNames().equals(List.of("charlie LeNet", "bravo 3FC", "alpha VGG8")), "reversed");

        new Select(find("#dataset-filter")).selectByValue("svhn");
        waitUntil(d -> shownNames().equals(List.of("alpha VGG8")), "only the SVHN experiment");
        assertThat(find("#experiments tbody tr td.dataset").getText()).isEqualTo("svhn");
        new Select(find("#dataset-filter")).selectByValue("");
        new Select(find("#preset-filter")).selectByValue("TikiTakaReRamSBPreset");
        waitUntil(d -> shownNames().equals(List.of("bravo 3FC")), "only the Tiki-Taka experiment");
        screenshot("home-filtered");
        assertThat(driver.getCurrentUrl()).contains("preset=TikiTakaReRamSBPreset", "sort=name%3Adesc");

        driver.navigate().refresh();
        waitUntil(d -> shownNames().equals(List.of("bravo 3FC")), "the same list after a reload");
        assertThat(new Select(find("#preset-filter")).getFirstSelectedOption().getText())
                .isEqualTo("TikiTakaReRamSBPreset");
        assertThat(new Select(find("#sort")).getFirstSelectedOption().getText()).isEqualTo("Name (Z–A)");

        new Select(find("#kind-filter")).selectByValue("inference");
        waitFor("p.empty");
        assertThat(find("p.empty").getText()).contains("No experiment matches these filters");
    }
}
