package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.messages.RunCancelled;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** The run page's controls: cancel (ends when the worker confirms), run again, edit a copy. */
class RunControlsTest extends BrowserTest {

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    @Test
    void cancelARunningRunThenRunItAgainAndEditACopy() {
        String experiment = rest("POST", "/api/v1/experiments", "{\"template\": \"lenet5-training\"}").get("id")
                .asString();
        String runId = rest("POST", "/api/v1/experiments/" + experiment + "/runs", "{}").get("id").asString();
        RunEvents events = new RunEvents(rabbit, topology);
        events.start(runId);
        signIn();
        open("/runs/" + runId);
        waitUntil(d -> "running".equals(find(".page-head .chip").getDomAttribute("data-status")), "running");
        assertThat(find("#progress-label").getText()).isEqualTo("Waiting for the first step");

        // Cancelling asks first; keeping the run changes nothing.
        find("#cancel-run").click();
        waitFor("dialog").findElement(org.openqa.selenium.By.xpath(".//button[text()='Keep running']")).click();
        assertThat(rest("GET", "/api/v1/runs/" + runId, null).get("cancel_requested").asBoolean()).isFalse();
        find("#cancel-run").click();
        waitFor("dialog button[value='ok']").click();
        waitForText(".toast", "Cancellation requested");
        waitUntil(d -> !find("#cancel-run").isDisplayed(), "cancel offered once");
        assertThat(rest("GET", "/api/v1/runs/" + runId, null).get("cancel_requested").asBoolean()).isTrue();
        events.publish(RunCancelled.of(runId, 1, "cancelled by the user"));
        waitUntil(d -> "cancelled".equals(find(".page-head .chip").getDomAttribute("data-status")), "cancelled");
        waitForText(".failure", "cancelled by the user");
        screenshot("cancelled");

        find("#run-again").click();
        waitUntil(d -> !driver.getCurrentUrl().endsWith(runId) && driver.getCurrentUrl().contains("#/runs/"),
                "a new run page");
        waitUntil(d -> find(".page-head .chip").getDomAttribute("data-status").matches("waiting|validating"),
                "the new run is queued");
        assertThat(rest("GET", "/api/v1/experiments/" + experiment + "/runs", null).get("items")).hasSize(2);

        find("#edit-copy").click();
        waitForText("h1", "Training playground");
        String copy = driver.getCurrentUrl().replaceAll(".*#/experiments/", "");
        assertThat(copy).isNotEqualTo(experiment);
        assertThat(rest("GET", "/api/v1/experiments", null).get("items")).hasSize(2);
    }
}
