package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The experiment page shows what one inference of the network costs on a chip, per layer and in total. */
class EstimatePanelTest extends BrowserTest {

    @Test
    void theLenet5PlaygroundShowsItsTilesMvmsAndTheSourcesOfItsFigures() {
        signIn();
        find("a[href='#/new']").click();
        waitFor("[data-template='lenet5-training']");
        find("button[aria-label='Use template LeNet5 on Fashion-MNIST, hardware-aware']").click();
        waitFor("dialog #new-experiment-name");
        find("dialog button[value='ok']").click(); // the template's title as the name
        waitForText("#validity", "Valid");
        // 4 tiles and 642 MVMs: counted by hand in CostEstimatorTest
        waitForText("#estimate-totals", "4 tiles (chip: 64, does not fit), 80,016 weights, 642 MVMs");
        List<WebElement> rows = driver.findElements(By.cssSelector("#estimate-layers tbody tr"));
        assertThat(rows).hasSize(13);
        assertThat(rows.get(0).getText()).contains("analog_conv2d").contains("512×512").contains("576");
        assertThat(find("#estimate").getText()).contains("max_input_size");
        screenshot("estimate");

        new Select(find("#estimate-set")).selectByValue("aon_cim_pcm_14nm");
        waitForText("#estimate-totals", "4 tiles (chip: 1, does not fit)");
        js("document.querySelector('#estimate details').open = true;");
        assertThat(find("#estimate details").getText()).contains("zhou_2021")
                .contains("https://arxiv.org/abs/2111.06503");
    }

    /** The LSTM template from the gallery: its sequence shapes in the editor, its two tiles per step in the estimate. */
    @Test
    void theLstmTemplateShowsItsSequenceShapesAndItsEstimate() {
        signIn();
        find("a[href='#/new']").click();
        waitFor("#tab-inference").click();
        waitFor("[data-template='lstm-sequential-inference']");
        find("button[aria-label='Use template LSTM on sequential Fashion-MNIST, hardware-aware, then drift']")
                .click();
        waitFor("dialog #new-experiment-name");
        find("dialog button[value='ok']").click();
        waitForText("#validity", "Valid");
        List<WebElement> layers = driver.findElements(By.cssSelector("#layers > li.layer"));
        assertThat(layers.get(0).findElement(By.cssSelector(".layer-shape")).getText()).contains("[28 × 28] → [64]");
        // W_ih 28 × 256 and W_hh 64 × 256 on a tile each, fed once per step (28 steps); the classifier 64 × 10;
        // every block fits HERMES' 256 × 256 crossbars although the mapping's limit is 512 × 512
        waitForText("#estimate-totals", "3 tiles (chip: 64, fits), 24,192 weights, 57 MVMs");
        screenshot("lstm-estimate");
    }
}
