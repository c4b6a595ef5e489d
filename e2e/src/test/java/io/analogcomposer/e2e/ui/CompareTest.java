package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.Dimension;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** Two finished training runs overlaid, with the settings in which they differ; also on a narrow window. */
class CompareTest extends BrowserTest {

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    private String finishedRun(String name, int epochs, double lastAccuracy) {
        String experiment = rest("POST", "/api/v1/experiments", "{\"template\": \"3fc-training\"}").get("id")
                .asString();
        rest("PATCH", "/api/v1/experiments/" + experiment,
                "{\"name\": \"" + name + "\", \"document\": " + rest("GET", "/api/v1/experiments/" + experiment, null)
                        .get("document").toString().replaceFirst("\"epochs\":\\d+", "\"epochs\":" + epochs) + "}");
        String run = rest("POST", "/api/v1/experiments/" + experiment + "/runs", "{}").get("id").asString();
        RunEvents events = new RunEvents(rabbit, topology);
        events.start(run);
        events.publish(RunCompleted.of(run, 1, new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.6, "train_loss", 1.0)),
                        new RunResult.EpochResult(1, Map.of("accuracy", lastAccuracy, "train_loss", 0.7))),
                List.of(), Map.of(), List.of(), "engine-test", 1.0)));
        ApiWait.until(() -> rest("GET", "/api/v1/runs/" + run, null).get("status").asString(), "completed");
        return run;
    }

    @Test
    void overlayTwoRunsAndListTheSettingsThatDiffer() {
        String a = finishedRun("Two epochs", 2, 0.8);
        String b = finishedRun("Three epochs", 3, 0.85);
        signIn();
        find("a[href='#/compare']").click();
        waitFor("#compare-form");
        find("input[value='" + a + "']").click();
        find("#compare-form button[type=submit]").click();
        waitForText("#compare-form [role=alert]", "Choose between 2 and 6 runs (you chose 1)");
        find("input[value='" + b + "']").click();
        find("#compare-form button[type=submit]").click();

        waitFor("#settings-diff");
        waitUntil(d -> "2".equals(find("[data-chart='compare-accuracy']").getDomAttribute("data-points")),
                "both runs' epochs drawn");
        assertThat(driver.findElements(By.cssSelector("[data-chart='compare-accuracy'] .u-legend .u-series")))
                .hasSize(3);
        // The two documents differ only in their epochs (the list's names are not part of the documents).
        assertThat(driver.findElements(By.cssSelector("#settings-diff tbody tr")).stream()
                .map(r -> r.findElement(By.cssSelector("th")).getText())).containsExactly("training.epochs");
        assertThat(find("#settings-diff tbody tr").getText()).contains("2").contains("3");
        // accuracy beside the chip cost of one inference (the same network: the same estimate)
        List<WebElement> tradeoff = driver.findElements(By.cssSelector("#tradeoff tbody tr"));
        assertThat(tradeoff).hasSize(2);
        assertThat(tradeoff.get(0).getText()).contains("hermes_pcm_14nm");
        assertThat(tradeoff.stream().map(WebElement::getText)).anySatisfy(t -> assertThat(t).contains("85.00 %"))
                .anySatisfy(t -> assertThat(t).contains("80.00 %"));
        screenshot("compare");

        // A narrow window: the page reflows to one column and nothing needs sideways scrolling.
        driver.manage().window().setSize(new Dimension(420, 800));
        open("/runs/" + a);
        waitFor("[data-chart='accuracy']");
        long overflow = (Long) js(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).isLessThanOrEqualTo(0);
        screenshot("run-narrow");
    }
}
