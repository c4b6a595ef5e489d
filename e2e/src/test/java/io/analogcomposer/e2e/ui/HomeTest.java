package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.messages.RunFailed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** Home: the user's experiments and runs — search, filters, rename, tags, clone, delete, live status chips. */
class HomeTest extends BrowserTest {

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    private List<String> experimentNames() {
        return driver.findElements(By.cssSelector("#experiments tbody a.name")).stream().map(WebElement::getText)
                .toList();
    }

    private WebElement row(String name) {
        return driver.findElement(By.xpath("//table[@id='experiments']//tr[.//a[text()='" + name + "']]"));
    }

    @Test
    void findRenameTagCloneAndDeleteExperimentsAndWatchARunsChipChange() {
        rest("POST", "/api/v1/experiments", "{\"template\": \"3fc-training\"}");
        String lenet = rest("POST", "/api/v1/experiments", "{\"template\": \"lenet5-inference\"}").get("id").asString();
        String runId = rest("POST", "/api/v1/experiments/" + lenet + "/runs", "{}").get("id").asString();
        signIn();
        waitFor("#experiments tbody tr");
        assertThat(experimentNames()).containsExactlyInAnyOrder("3FC on Fashion-MNIST, Tiki-Taka",
                "LeNet5 on Fashion-MNIST, PCM inference");

        // The run's chip follows it live: the worker's events arrive without reloading the page.
        // (found again at every look: the runs list may be re-rendered when its data is reloaded)
        String runChip = "#runs tr[data-id='" + runId + "'] .chip";
        assertThat(waitFor(runChip).getDomAttribute("data-status")).isIn("waiting", "validating");
        RunEvents events = new RunEvents(rabbit, topology);
        events.start(runId);
        waitUntil(d -> "running".equals(find(runChip).getDomAttribute("data-status")), "run chip shows running");
        waitUntil(d -> "running".equals(row("LeNet5 on Fashion-MNIST, PCM inference")
                .findElement(By.cssSelector(".chip")).getDomAttribute("data-status")), "experiment chip follows");
        events.publish(RunFailed.of(runId, 1, "The worker ran out of memory.", "out_of_memory"));
        waitUntil(d -> "failed".equals(find(runChip).getDomAttribute("data-status")), "run chip shows failed");
        screenshot("home");

        // Search by name, filter by kind.
        type(find("#search"), "lenet");
        waitUntil(d -> experimentNames().equals(List.of("LeNet5 on Fashion-MNIST, PCM inference")), "search");
        type(find("#search"), "");
        waitUntil(d -> experimentNames().size() == 2, "search cleared");
        new Select(find("#kind-filter")).selectByValue("training");
        waitUntil(d -> experimentNames().equals(List.of("3FC on Fashion-MNIST, Tiki-Taka")), "kind filter");
        new Select(find("#kind-filter")).selectByValue("");
        waitUntil(d -> experimentNames().size() == 2, "kind filter cleared");

        // Rename through a dialog; the keyboard is enough.
        row("3FC on Fashion-MNIST, Tiki-Taka").findElement(By.xpath(".//button[text()='Rename']")).click();
        WebElement newName = waitFor("#rename-input");
        type(newName, "My 3FC baseline\n");
        waitUntil(d -> experimentNames().contains("My 3FC baseline"), "renamed");

        // Tags, then filter by one.
        row("My 3FC baseline").findElement(By.xpath(".//button[text()='Tags']")).click();
        type(waitFor("#tags-input"), "baseline, reram\n");
        waitUntil(d -> row("My 3FC baseline").findElement(By.cssSelector(".tags")).getText().contains("reram"),
                "tags shown");
        type(find("#tag-filter"), "reram");
        waitUntil(d -> experimentNames().equals(List.of("My 3FC baseline")), "tag filter");
        type(find("#tag-filter"), "");
        waitUntil(d -> experimentNames().size() == 2, "tag filter cleared");

        // Clone, then delete the clone after confirming.
        row("My 3FC baseline").findElement(By.xpath(".//button[text()='Clone']")).click();
        waitUntil(d -> experimentNames().size() == 3, "clone listed");
        String cloneName = experimentNames().stream()
                .filter(n -> !n.equals("My 3FC baseline") && !n.startsWith("LeNet5")).findFirst().orElseThrow();
        row(cloneName).findElement(By.xpath(".//button[text()='Delete']")).click();
        waitFor("dialog[open]");
        screenshot("delete-dialog");
        find("dialog[open] button[value='ok']").click();
        waitUntil(d -> experimentNames().size() == 2, "clone deleted");
        assertThat(experimentNames()).doesNotContain(cloneName);
        assertThat(rest("GET", "/api/v1/experiments", null).get("items")).hasSize(2);

        // The failed run says why, in the worker's words.
        find("#runs a[href='#/runs/" + runId + "']").click();
        waitForText(".failure", "The worker ran out of memory.");
    }
}
