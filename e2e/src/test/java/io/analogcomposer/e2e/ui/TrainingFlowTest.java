package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** The tutorial's training flow (Fig. 14): template → playground → save and run → live epochs → results. */
class TrainingFlowTest extends BrowserTest {

    private static final String LAYER_1_OUT = "/network/layers/1/out_features";

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    private WebElement fieldError(String pointer) {
        return find(".field[data-pointer=\"" + pointer + "\"] > .field-error.server");
    }

    @Test
    void pickThe3fcTemplateBreakALayerSeeTheErrorFixItAndWatchTheRunArrive() {
        signIn();
        find("a[href='#/new']").click();
        waitFor("[data-template='3fc-training']");
        screenshot("gallery");
        find("button[aria-label='Use template 3FC on Fashion-MNIST, Tiki-Taka']").click();
        // Nothing is stored before the experiment has a name: the template's title is the suggestion.
        assertThat(waitFor("dialog #new-experiment-name").getDomProperty("value"))
                .isEqualTo("3FC on Fashion-MNIST, Tiki-Taka");
        assertThat(rest("GET", "/api/v1/experiments", null).get("items")).isEmpty();
        find("dialog button[value='ok']").click();

        waitForText("h1", "Training playground");
        waitForText("#validity", "Valid");
        assertThat(find("#experiment-name").getAttribute("value")).isEqualTo("3FC on Fashion-MNIST, Tiki-Taka");
        // The layers with the shapes they produce, computed as the validator does.
        List<WebElement> layers = driver.findElements(By.cssSelector("#layers > li.layer"));
        assertThat(layers).hasSize(7);
        assertThat(layers.get(1).findElement(By.cssSelector(".layer-shape")).getText()).contains("[784] → [256]")
                .contains("200,704 weights");
        screenshot("playground");
        // Every control of the playground has a name a screen reader can say (a <label> or an aria-label).
        assertThat((List<?>) js("return [...document.querySelectorAll('main input, main select, main textarea')]"
                + ".filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))"
                + ".map((el) => el.outerHTML.slice(0, 120));")).isEmpty();

        // An impossible size: the validator's message appears next to that very field, and nowhere is it silent.
        WebElement outFeatures = find("input[data-pointer='" + LAYER_1_OUT + "']");
        type(outFeatures, "0");
        waitForText("#validity", "1 problem");
        waitUntil(d -> fieldError(LAYER_1_OUT).isDisplayed(), "error shown at out_features");
        assertThat(fieldError(LAYER_1_OUT).getText()).isNotBlank();
        assertThat(outFeatures.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(find("#problems").getText()).contains("Layer 2 · Out features");
        screenshot("error-at-field");

        // Save and run refuses while it is invalid and says why.
        find("#save-and-run").click();
        waitForText(".toast", "Fix the 1 problem");
        assertThat(driver.getCurrentUrl()).contains("#/experiments/");

        type(outFeatures, "64");
        waitForText("#validity", "Valid");
        waitUntil(d -> !fieldError(LAYER_1_OUT).isDisplayed(), "error gone");
        assertThat(layers.get(3).findElement(By.cssSelector(".layer-shape")).getText()).contains("[64] → [128]");

        // A layer's own settings, the analog/digital switch, adding and removing a layer.
        layers.get(1).findElement(By.cssSelector("button[title='Open settings']")).click();
        waitForText("#layer-settings h2", "Layer 2: analog_linear");
        assertThat(find("#layer-settings").getText()).contains("Analog device preset").contains("Bias");
        find("#layers > li:nth-child(4) input[type=checkbox]").click();
        waitUntil(d -> "linear".equals(find("#layers > li:nth-child(4) .layer-type").getDomProperty("value")),
                "layer 4 is digital");
        find("#layers > li:nth-child(4) input[type=checkbox]").click();
        waitUntil(d -> "analog_linear".equals(find("#layers > li:nth-child(4) .layer-type").getDomProperty("value")),
                "layer 4 is analog again");
        new org.openqa.selenium.support.ui.Select(find("#add-layer-type")).selectByValue("dropout");
        find("#add-layer").click();
        waitUntil(d -> "dropout".equals(find("#layers > li:nth-child(3) .layer-type").getDomProperty("value")),
                "dropout added after the selected layer");
        find("#layers > li:nth-child(3) button[title='Remove']").click();
        waitUntil(d -> driver.findElements(By.cssSelector("#layers > li.layer")).size() == 7, "dropout removed");
        layers = driver.findElements(By.cssSelector("#layers > li.layer"));
        waitForText("#validity", "Valid");

        // A training hyper-parameter and an analog detail from the schema-driven side tabs.
        WebElement epochs = find("input[data-pointer='/training/epochs']");
        assertThat(epochs.getAttribute("placeholder")).isEqualTo("30");
        type(epochs, "2");
        type(epochs, "5000");
        waitUntil(d -> fieldError("/training/epochs").isDisplayed(), "range error at epochs");
        type(epochs, "2");
        waitForText("#validity", "Valid");

        // Unsaved changes are not lost by a stray click: leaving asks first.
        find("header a[href='#/']").click();
        waiting(WAIT)
                .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(driver.getCurrentUrl()).contains("#/experiments/");
        assertThat(find("h1").getText()).isEqualTo("Training playground");
        assertThat(find("input[data-pointer='/training/epochs']").getDomProperty("value")).isEqualTo("2");

        // The analog tab documents the chosen preset (Fig. 15) and offers every RPUConfig section under it.
        find("#tab-analog").click();
        waitForText("#panel-analog", "Tiki-Taka (transfer compound) on ReRAM");
        assertThat(find("#panel-analog").getText()).contains("Device").contains("Forward").contains("Mapping");
        screenshot("analog-tab");

        find("#save-and-run").click();
        waitForText("h1", "3FC on Fashion-MNIST, Tiki-Taka");
        String runId = driver.getCurrentUrl().replaceAll(".*#/runs/", "");
        assertThat(find(".page-head .chip").getDomAttribute("data-status")).isIn("waiting", "validating");
        waitForText("#key-settings", "TikiTakaReRamSBPreset");
        assertThat(find("#key-settings").getText()).contains("2 × 8");
        screenshot("run-waiting");

        RunEvents events = new RunEvents(rabbit, topology);
        events.start(runId);
        waitUntil(d -> "running".equals(find(".page-head .chip").getDomAttribute("data-status")), "running chip");
        events.publish(RunProgress.epoch(runId, 1, 0, 2, Map.of("train_loss", 0.92, "valid_loss", 0.81,
                "accuracy", 0.712)));
        waitForText("#progress-label", "Epoch 1 of 2");
        waitUntil(d -> "1".equals(find("[data-chart='accuracy']").getDomAttribute("data-points")), "1st epoch drawn");
        events.publish(RunProgress.epoch(runId, 1, 1, 2, Map.of("train_loss", 0.55, "valid_loss", 0.6,
                "accuracy", 0.834)));
        waitForText("#progress-label", "Epoch 2 of 2");
        waitUntil(d -> "2".equals(find("[data-chart='loss']").getDomAttribute("data-points")), "2nd epoch drawn");
        screenshot("run-live");

        RunResult result = new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, Map.of("train_loss", 0.92, "valid_loss", 0.81, "accuracy", 0.712)),
                        new RunResult.EpochResult(1, Map.of("train_loss", 0.55, "valid_loss", 0.6, "accuracy", 0.834))),
                List.of(), Map.of("test_accuracy", 0.829), List.of(), "engine-test-1.2", 12.5);
        events.publish(RunCompleted.of(runId, 1, result));
        waitUntil(d -> "completed".equals(find(".page-head .chip").getDomAttribute("data-status")), "completed");
        waitForText("#key-settings", "engine-test-1.2");
        waitForText("#numbers", "83.40");
        assertThat(find("#run-facts").getText()).contains("82.90 %");
        assertThat(driver.findElements(By.cssSelector("#downloads a")).stream().map(a -> a.getDomAttribute("href")))
                .contains("/api/v1/runs/" + runId + "/artifacts/result.json");
        assertThat(find("#cancel-run").isDisplayed()).isFalse();
        screenshot("run-completed");
    }
}
