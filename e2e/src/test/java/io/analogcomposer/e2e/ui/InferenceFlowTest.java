package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.RunResult.InferenceResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** The tutorial's inference flow (Fig. 17–18): pre-trained template → device, noise, drift, converters → run. */
class InferenceFlowTest extends BrowserTest {

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    @Test
    void tuneThePcmLeNetTemplateRunItAndSeeAccuracyOverTimeOnALogAxis() {
        signIn();
        open("/new");
        waitFor("#tab-inference").click();
        waitFor("[data-template='lenet5-inference']");
        screenshot("inference-templates");
        find("[data-template='lenet5-inference'] button.primary").click();
        waitFor("dialog button[value='ok']").click();

        waitForText("h1", "Inference setup");
        waitForText("#validity", "Valid");
        assertThat(find("#panel-inference").getText()).contains("Pre-trained weights: Analog Composer's own LeNet5")
                .contains("hardware-aware");
        assertThat(driver.findElements(By.cssSelector("#layers > li.layer"))).hasSize(12);
        assertThat(find("#layers > li.layer:nth-child(9) .layer-shape").getText()).contains("[512] → [128]");

        find("#tab-device").click();
        // A generic device with its own drift exponent statistics: choosing the type brings its fields.
        assertThat(driver.findElements(By.cssSelector("input[data-pointer='/rpu_config/noise_model/drift_nu_mean']")))
                .isEmpty();
        new Select(find("select[data-pointer='/rpu_config/noise_model/type']")).selectByValue("generic");
        WebElement nuMean = waitFor("input[data-pointer='/rpu_config/noise_model/drift_nu_mean']");
        assertThat(nuMean.getAttribute("placeholder")).isEqualTo("0.1");
        type(nuMean, "0.05");
        type(find("input[data-pointer='/rpu_config/noise_model/drift_scale']"), "2");
        // 8-bit DAC, written as AIHWKit's inp_res = 1/(2^8 − 2).
        WebElement dac = driver
                .findElement(By.xpath("//label[text()='DAC resolution (bits)']/following-sibling::input"));
        type(dac, "8");
        double inpRes = Double
                .parseDouble(find("input[data-pointer='/rpu_config/forward/inp_res']").getAttribute("value"));
        assertThat(inpRes).isCloseTo(1.0 / 254, within(1e-9));
        type(find("input[data-pointer='/rpu_config/forward/out_noise']"), "0.02");

        find("#tab-inference").click();
        type(find("input[data-pointer='/inference/repetitions']"), "5");
        type(find("input[data-pointer='/inference/t_inference']"), "0, 60, banana");
        assertThat(waitFor(".field[data-pointer='/inference/t_inference'] > .field-error:not(.server)").getText())
                .contains("Numbers separated by commas");
        type(find("input[data-pointer='/inference/t_inference']"), "0, 1, 3600, 86400, 31536000");
        waitForText("#validity", "Valid");
        screenshot("inference-setup");

        find("#save-and-run").click();
        waitFor("[data-chart='accuracy-time']");
        String runId = driver.getCurrentUrl().replaceAll(".*#/runs/", "");
        waitForText("#key-settings", "generic");
        assertThat(find("#key-settings").getText()).contains("hwa-trained-lenet5").contains("global");

        RunEvents events = new RunEvents(rabbit, topology);
        events.start(runId);
        events.publish(
                RunProgress.inferenceTime(runId, 1, 0, 5, 0, 5, Map.of("avg_accuracy", 86.1, "std_accuracy", 0.4)));
        events.publish(
                RunProgress.inferenceTime(runId, 1, 1, 5, 1, 5, Map.of("avg_accuracy", 85.9, "std_accuracy", 0.5)));
        waitForText("#progress-label", "Time 2 of 5 (1 s)");
        waitForText("#accuracy-at-zero", "86.10 %");

        List<InferenceResult> curve = List.of(new InferenceResult(0, 86.1, 0.4, 13.9, 0.41, 0.01),
                new InferenceResult(1, 85.9, 0.5, 14.1, 0.42, 0.01),
                new InferenceResult(3600, 84.2, 0.7, 15.8, 0.45, 0.02),
                new InferenceResult(86400, 83.0, 0.9, 17.0, 0.48, 0.02),
                new InferenceResult(31536000, 79.5, 1.6, 20.5, 0.6, 0.04));
        events.publish(RunCompleted.of(runId, 1,
                new RunResult(ExperimentKind.INFERENCE, List.of(), curve, Map.of(), List.of(), "engine-test", 3.0)));
        waitUntil(d -> "completed".equals(find(".page-head .chip").getDomAttribute("data-status")), "completed");
        // t = 0 cannot sit on a log axis: four points are drawn, the fifth is stated beside the chart.
        waitUntil(d -> "4".equals(find("[data-chart='accuracy-time']").getDomAttribute("data-points")), "4 points");
        assertThat(driver.findElements(By.cssSelector("#numbers tbody tr"))).hasSize(5);
        assertThat(find("#numbers").getText()).contains("1 year").contains("79.50 %").contains("1.60 %");
        screenshot("inference-result");
    }
}
