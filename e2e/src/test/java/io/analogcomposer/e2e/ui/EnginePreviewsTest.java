package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.messages.DriftPreviewRequest;
import io.analogcomposer.worker.cpu.CpuWorkerApplication;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The graphs the engine computes while a user edits (Fig. 15 and 18): a real CPU worker (its own Spring context, as
 * in production) answers the API's preview requests over the test's broker.
 */
class EnginePreviewsTest extends BrowserTest {

    private static ConfigurableApplicationContext worker;

    @Autowired
    Environment api;

    @BeforeEach
    void startWorker() {
        if (worker != null) {
            return;
        }
        List<String> args = new java.util.ArrayList<>(List.of("--composer.worker.auto-startup=false",
                "--management.server.port=-1", "--server.port=0"));
        // the e2e classpath holds the API too, so the worker's context also wants the database (as in Cluster)
        for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.rabbitmq.host", "spring.rabbitmq.port", "spring.rabbitmq.username",
                "spring.rabbitmq.password", "composer.messaging.prefix")) {
            args.add("--" + key + "=" + api.getProperty(key));
        }
        worker = new SpringApplicationBuilder(CpuWorkerApplication.class).web(WebApplicationType.NONE)
                .registerShutdownHook(false).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    private double topFinal() {
        return Double.parseDouble(find("#drift-preview").getDomAttribute("data-top-final"));
    }

    @Test
    void theInferenceSetupDrawsTheDriftOfTheDevicesAndRedrawsItWhenTheDriftScaleChanges() {
        signIn();
        open("/new");
        waitFor("#tab-inference").click();
        waitFor("[data-template='lenet5-inference'] button.primary").click();
        waitFor("dialog button[value='ok']").click();
        waitForText("h1", "Inference setup");
        waitForText("#validity", "Valid");
        find("#tab-device").click();
        waitFor("#drift-preview[data-state='drawn'] figure[data-chart='drift']");
        assertThat(find("#drift-preview figure").getDomAttribute("data-points"))
                .isEqualTo(String.valueOf(DriftPreviewRequest.defaultTimes().size()));
        assertThat(find("#drift-preview").getText()).contains("Time after programming",
                "25 µS", "compensated");
        // PCM devices at g_max lose about half their conductance in a year (ν ≈ 0.049 over ln(1 year / 20 s))
        double calibrated = topFinal();
        assertThat(calibrated).isBetween(11.5, 13.5);
        js("arguments[0].scrollIntoView()", find("#drift-preview"));
        screenshot("drift-preview");

        type(find("input[data-pointer='/rpu_config/noise_model/drift_scale']"), "2");
        waitUntil(d -> !d.findElements(org.openqa.selenium.By.cssSelector("#drift-preview[data-state='drawn']"))
                .isEmpty() && topFinal() < calibrated * 0.8, "the graph redrawn with twice the drift");
        // twice the drift exponent: (1 year / 20 s)^-0.098 ≈ 0.25 of g_max
        assertThat(topFinal()).isBetween(5.5, 7.2);
        assertThat(find("#drift-preview").getText()).contains("reads");
        js("arguments[0].scrollIntoView()", find("#drift-preview"));
        screenshot("drift-preview-scale-2");
    }

    @Test
    void thePresetExplorerDrawsAPresetsResponseCurveForTheChosenPulses() {
        signIn();
        find("a[href='#/presets']").click();
        waitFor("[data-preset='CapacitorPreset']");
        type(find("#preset-search"), "CapacitorPreset");
        waitForText("p[role=status]", "6 of");
        waitFor("[data-preset='CapacitorPreset'] details[data-curve] summary").click();
        waitFor("#curve-CapacitorPreset[data-state='drawn'] figure[data-chart='response-curve']");
        // 200 up then 200 down pulses and the start
        assertThat(find("#curve-CapacitorPreset figure").getDomAttribute("data-points")).isEqualTo("401");
        assertThat(find("#curve-CapacitorPreset").getText()).contains("linear_step", "Pulse number", "100 devices");
        js("arguments[0].scrollIntoView()", find("#curve-CapacitorPreset"));
        screenshot("preset-response-curve");

        type(find("#pulses-CapacitorPreset"), "50");
        waitUntil(d -> "101".equals(
                d.findElement(org.openqa.selenium.By.cssSelector("#curve-CapacitorPreset figure"))
                        .getDomAttribute("data-points")),
                "the curve redrawn for 50 pulses");
        screenshot("preset-response-curve-50");
    }
}
