package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.emulator.PcmPhysics;
import io.analogcomposer.chip.server.ChipHttpServer;
import io.analogcomposer.validator.ValidatorApplication;
import io.analogcomposer.worker.hardware.HardwareWorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A hardware experiment from the browser to the emulated PCM chip and back, as a user does it: the gallery's
 * hardware tab, the LeNet5 chip template named in the dialog, the chip's identity where the backend is chosen, three
 * repetitions, "Save and run" on the hardware backend, and the run page with the chip's and the simulator's accuracy,
 * the spread over the three programmings, the scatter and the error histogram. Everything is real: the validator and
 * a hardware worker in contexts of their own (as in production) on the test's database and broker, and an emulated
 * chip behind its HTTP protocol.
 */
class HardwareRunInBrowserTest extends BrowserTest {

    private static final String CHIP_ID = "e2e-browser-chip";
    /** 128 × 1,024 devices: room for LeNet5's 80,016 weights, a quarter of the memory of a Fusion-sized chip. */
    private static final ChipGeometry GEOMETRY = new ChipGeometry(128, 1024);

    private static ChipHttpServer chip;
    private static final List<ConfigurableApplicationContext> services = new ArrayList<>();

    @Autowired
    Environment api;

    @BeforeEach
    void startServices() throws IOException {
        if (chip != null) {
            return;
        }
        // a frozen clock (time acceleration 0): the worker advances it to each inference time
        chip = ChipHttpServer.start(new EmulatedChip(new EmulatorConfig(CHIP_ID, GEOMETRY, 7,
                Files.createTempDirectory("e2e-browser-chip").resolve("chip.state"), 0, 4, PcmPhysics.DEFAULT)),
                "127.0.0.1", 0);
        List<String> common = new ArrayList<>(List.of("--management.server.port=-1", "--server.port=0"));
        // the e2e classpath holds the API too, so each context also wants the database (as in Cluster)
        for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.rabbitmq.host", "spring.rabbitmq.port", "spring.rabbitmq.username",
                "spring.rabbitmq.password", "composer.messaging.prefix")) {
            common.add("--" + key + "=" + api.getProperty(key));
        }
        services.add(new SpringApplicationBuilder(ValidatorApplication.class).web(WebApplicationType.NONE)
                .registerShutdownHook(false).run(common.toArray(String[]::new)));
        List<String> worker = new ArrayList<>(common);
        worker.add("--composer.worker.hardware.chip.url=http://127.0.0.1:" + chip.port());
        worker.add("--composer.worker.announce-interval=2s");
        services.add(new SpringApplicationBuilder(HardwareWorkerApplication.class).web(WebApplicationType.NONE)
                .registerShutdownHook(false).run(worker.toArray(String[]::new)));
    }

    @AfterAll
    static void stopServices() {
        for (ConfigurableApplicationContext context : services.reversed()) {
            context.close();
        }
        services.clear();
        if (chip != null) {
            chip.close();
            chip = null;
        }
    }

    private String status() {
        return find(".page-head .chip").getDomAttribute("data-status");
    }

    @Test
    void theHardwareTemplateRunsOnTheEmulatedChipFromTheGalleryToTheRunPage() {
        driver.manage().window().setSize(new Dimension(1440, 900));
        signIn();
        open("/new");
        waitFor("#tab-hardware_inference").click();
        waitFor("[data-template='lenet5-hardware']");
        // the worker's announcement names its chip once it has checked it
        waiting(Duration.ofSeconds(30)).withMessage("the gallery names the live chip")
                .until(d -> {
                    if (!d.findElement(By.cssSelector("#chip-status")).getText().contains(CHIP_ID)) {
                        d.navigate().refresh();
                        d.findElement(By.cssSelector("#tab-hardware_inference")).click();
                        return false;
                    }
                    return true;
                });
        assertThat(find("#chip-status").getText()).contains("The chip is ready", CHIP_ID,
                "analog-composer-emulator/1.0", "131,072 PCM devices", "128 word lines × 1024 bit lines");
        assertThat(find("#chip-status").getDomAttribute("data-live")).isEqualTo("true");
        screenshot("gallery-hardware-tab");

        find("[data-template='lenet5-hardware'] button.primary").click();
        type(waitFor("dialog #new-experiment-name"), "LeNet5 on the e2e chip");
        find("dialog button[value='ok']").click();
        waitForText("h1", "Hardware inference setup");
        waitForText("#validity", "Valid");

        // the chip's own identity where the backend is chosen, and in the setup's chip panel
        waitForText("#backend-chip", CHIP_ID);
        assertThat(find("#backend-chip").getText()).contains("Fusion-like PCM crossbar (emulated)",
                "emulator analog-composer-emulator/1.0", "1 crossbar of 128 word lines × 1024 bit lines", "online");
        assertThat(find("#backend-chip").getDomAttribute("data-online")).isEqualTo("true");
        assertThat(find("#chip-identity").getText()).isEqualTo(CHIP_ID + " (Fusion-like PCM crossbar (emulated))");
        assertThat(find("#chip-firmware").getText()).isEqualTo("analog-composer-emulator/1.0");
        assertThat(find("#chip-crossbar").getText()).isEqualTo("1 crossbar of 128 word lines × 1024 bit lines");
        assertThat(find("#chip-online").getDomAttribute("data-online")).isEqualTo("true");
        assertThat(find("#chip-online").getText()).startsWith("online").contains("1 hardware worker live");
        assertThat(find("#chip-capacity").getText()).startsWith("131,072 devices");
        assertThat(find("#chip-usage").getText()).contains("80,016 analog weights", "61.0 % of the chip");
        screenshot("hardware-setup-chip");

        // three programmings, on 1,000 test images so that the run takes a minute on a small machine
        type(find("input[data-pointer='/inference/repetitions']"), "3");
        find("#tab-data").click();
        type(waitFor("input[data-pointer='/dataset/max_test_samples']"), "1000");
        waitForText("#validity", "Valid");
        new Select(find("#backend")).selectByValue("hardware");
        js("window.scrollTo(0, 0)");
        screenshot("hardware-setup-ready");
        find("#save-and-run").click();

        waitUntil(d -> d.getCurrentUrl().contains("#/runs/"), "the run page opens");
        waiting(Duration.ofMinutes(5)).withMessage("the chip run completes")
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> List.of("completed", "failed").contains(status()));
        assertThat(status()).as(find("main").getText()).isEqualTo("completed");
        waitFor("#hardware-result");
        js("window.scrollTo(0, 0)");
        screenshot("hardware-run-top");
        js("arguments[0].scrollIntoView()", find("#hardware-result"));
        screenshot("hardware-run-chip");
        js("arguments[0].scrollIntoView()", find("figure[data-chart='hardware-scatter']"));
        screenshot("hardware-run-charts");

        WebElement accuracy = find("#hardware-accuracy");
        assertThat(accuracy.getText()).matches("\\d+\\.\\d\\d % ± \\d+\\.\\d\\d % over 3 programmings");
        assertThat(accuracy.getText()).doesNotContain("± 0.00 %");
        assertThat(find("#hardware-facts").getText()).contains("Accuracy simulated", CHIP_ID + " (emulated)");
        List<WebElement> programmings = driver.findElements(By.cssSelector("#hardware-repetitions tbody tr"));
        assertThat(programmings).hasSize(3);
        // the headers as written (the stylesheet shows them in capitals)
        assertThat(find("#hardware-repetitions thead").getDomProperty("textContent")).contains("Accuracy after 0 s",
                "Accuracy after 30 days", "Error std", "Failed devices");
        for (WebElement row : programmings) {
            assertThat(row.findElements(By.cssSelector("td"))).hasSize(5 + 2);
            assertThat(row.findElement(By.cssSelector("td")).getText()).matches("\\d+\\.\\d\\d %");
        }
        int scatter = Integer.parseInt(find("figure[data-chart='hardware-scatter']").getDomAttribute("data-points"));
        assertThat(scatter).isBetween(1000, 2000);
        assertThat(driver.findElements(By.cssSelector("figure[data-chart='hardware-scatter'] circle"))).hasSize(
                scatter);
        assertThat(find("figure[data-chart='hardware-histogram']").getDomAttribute("data-bins")).isEqualTo("50");
        assertThat(driver.findElements(By.cssSelector("figure[data-chart='hardware-histogram'] rect"))).hasSize(50);
        // the accuracy over time with its spread over the programmings, and the run's wall time
        assertThat(find("#numbers").getDomProperty("textContent")).contains("Std").doesNotContain("one programming");
        assertThat(find("#accuracy-at-zero").getText()).contains("±").doesNotContain("± 0.00 %");
        assertThat(find("#key-settings").getText()).contains("3 (each programs the chip anew)");
        // the job's wall time (three programmings of 80,016 devices and fifteen evaluations), within start to end
        assertThat(find("#run-duration").getText()).matches("[0-9.]+ (s|min)");
        String runId = driver.getCurrentUrl().replaceAll(".*#/runs/", "");
        tools.jackson.databind.JsonNode run = rest("GET", "/api/v1/runs/" + runId, null);
        double duration = rest("GET", "/api/v1/runs/" + runId + "/result", null).get("duration_seconds").asDouble();
        double startToEnd = Duration.between(java.time.Instant.parse(run.get("started_at").asString()),
                java.time.Instant.parse(run.get("finished_at").asString())).toMillis() / 1000.0;
        assertThat(duration).isGreaterThan(5).isLessThanOrEqualTo(startToEnd + 1);
    }
}
