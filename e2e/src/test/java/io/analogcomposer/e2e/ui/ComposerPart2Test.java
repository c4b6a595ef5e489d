package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunRejected;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.RunResult.InferenceResult;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.validation.Issue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * The second round of the browser composer (issue 24): the document and the form as one state, long names, the
 * home page's last-run chip, plain-words validation messages, naming before creating, failed and finishing runs,
 * train-then-drift inference, per-layer presets, the hardware gallery and chip, token instructions, compare bands.
 */
class ComposerPart2Test extends BrowserTest {

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    private String experimentFrom(String template) {
        return rest("POST", "/api/v1/experiments", "{\"template\": \"" + template + "\"}").get("id").asString();
    }

    private String submit(String experiment) {
        return rest("POST", "/api/v1/experiments/" + experiment + "/runs", "{}").get("id").asString();
    }

    private void patchDocument(String experiment, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode doc = (ObjectNode) rest("GET", "/api/v1/experiments/" + experiment, null).get("document");
        change.accept(doc);
        rest("PATCH", "/api/v1/experiments/" + experiment, "{\"document\": " + doc + "}");
    }

    private String status() {
        return find(".page-head .chip").getDomAttribute("data-status");
    }

    /** Replaces the Document tab's text as a user would by typing, then applies it. */
    private void applyDocument(String script) {
        find("#tab-document").click();
        js("const a = document.getElementById('document-json'); const d = JSON.parse(a.value); " + script
                + "; a.value = JSON.stringify(d, null, 2); a.dispatchEvent(new Event('input'));");
        find("#apply-document").click();
    }

    private long pageOverflow() {
        return ((Number) js("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
    }

    @Test
    void theDocumentTabIsTheFormsStateAndMessagesNameFieldsAsTheFormDoes() {
        String experiment = experimentFrom("3fc-training");
        signIn();
        open("/experiments/" + experiment);
        waitForText("#validity", "Valid");

        // An unsaved form edit is in the document, and applying the document keeps it (it used to revert it).
        WebElement epochs = find("input[data-pointer='/training/epochs']");
        type(epochs, "4");
        find("#tab-document").click();
        waitUntil(d -> find("#document-json").getDomProperty("value").contains("\"epochs\": 4"), "4 in the JSON");
        assertThat(find("#document-state").getText()).contains("unsaved changes");
        find("#apply-document").click();
        find("#tab-training").click();
        assertThat(find("input[data-pointer='/training/epochs']").getDomProperty("value")).isEqualTo("4");
        screenshot("form-after-apply");

        // Typed JSON not applied yet is not overwritten by a form edit; "Discard" brings the form's state back.
        find("#tab-document").click();
        js("const a = document.getElementById('document-json'); a.value = a.value.replace('\"epochs\": 4', "
                + "'\"epochs\": 7'); a.dispatchEvent(new Event('input'));");
        find("#tab-training").click();
        type(find("input[data-pointer='/training/epochs']"), "5");
        find("#tab-document").click();
        assertThat(find("#document-json").getDomProperty("value")).contains("\"epochs\": 7");
        assertThat(find("#document-state").getText()).contains("not applied");
        screenshot("document-unapplied");
        find("#discard-document").click();
        assertThat(find("#document-json").getDomProperty("value")).contains("\"epochs\": 5");

        // A layer of its own preset shows it on its card; the others say they follow the experiment's.
        applyDocument("d.network.layers[1].preset = 'IdealizedPreset'; d.network.layers[3].in_features = 100");
        waitForText("#layers > li:nth-child(2) .layer-preset", "IdealizedPreset (this layer)");
        assertThat(find("#layers > li:nth-child(4) .layer-preset").getText()).contains("(experiment)")
                .contains("TikiTaka");
        // Layers are counted from 1 everywhere, fields are named as labelled.
        waitForText("#validity", "problem");
        assertThat(find("#problems").getText()).contains("Layer 4 · In features")
                .contains("Layer 4 (analog_linear) has in_features 100 but layer 3 (sigmoid)");
        applyDocument("delete d.network.layers[3].in_features; d.training.epochs = 0");
        waitForText("#problems", "Training › Epochs");
        assertThat(find("#problems").getText()).doesNotContain("'training.epochs'");
        screenshot("problems-in-words");
        find("#tab-training").click();
        type(find("input[data-pointer='/training/epochs']"), "2");
        waitForText("#validity", "Valid");

        // log_softmax has no per-layer section: no stray "null", and its one-value dim says so.
        find("#layers > li:nth-child(7) button[title='Open settings']").click();
        waitForText("#layer-settings h2", "Layer 7: log_softmax");
        assertThat(find("#layer-settings").getText()).doesNotContain("null").contains("Always 1.")
                .doesNotContain("Range 1 to 1");

        // A stale "give it a name" goes once it is answered.
        type(find("#experiment-name"), "");
        find("#save").click();
        waitForText(".toast-error", "Give the experiment a name.");
        type(find("#experiment-name"), "Renamed 3FC");
        find("#save").click();
        waitForText(".toast", "Saved.");
        assertThat(driver.findElements(By.cssSelector(".toast-error"))).isEmpty();
        screenshot("saved");

        // The run's key settings name the layer's own preset; a run that fails before a step has no bar or charts.
        find("#save-and-run").click();
        waitForText("#key-settings", "Layer 2 preset");
        String runId = driver.getCurrentUrl().replaceAll(".*#/runs/", "");
        assertThat(find("#key-settings").getText()).contains("IdealizedPreset");
        RunRequested job = new RunEvents(rabbit, topology).takeValidationJob(runId);
        new RunEvents(rabbit, topology).publish(RunRejected.of(job,
                List.of(new Issue("/dataset/name", "dataset missing here", null, "no_dataset")), List.of()));
        waitUntil(d -> "failed".equals(status()), "failed");
        waitFor("#no-results");
        assertThat(find("#run-progress").isDisplayed()).isFalse();
        assertThat(find(".charts").isDisplayed()).isFalse();
        screenshot("failed-run");

        // An address that is no experiment is "not found", not a server message about a parameter.
        open("/experiments/not-an-id");
        waitForText("h1", "Not found");
        assertThat(find("main").getText()).doesNotContain("Parameter");
    }

    @Test
    void aLongNameIsCutWithATooltipAndNoPageScrollsSidewaysAt1440Or390Pixels() {
        String name = "A very long experiment name " + "x".repeat(80) + " with words " + "y".repeat(80);
        assertThat(name).hasSize(200);
        String experiment = experimentFrom("3fc-training");
        rest("PATCH", "/api/v1/experiments/" + experiment, "{\"name\": \"" + name + "\"}");
        String runId = submit(experiment);
        signIn();
        for (int width : new int[]{1440, 390}) {
            driver.manage().window().setSize(new Dimension(width, 900));
            open("/");
            WebElement link = waitFor("#experiments a.name");
            assertThat(link.getDomAttribute("title")).isEqualTo(name);
            waitFor("#runs a.name");
            assertThat(pageOverflow()).as("home at %d px", width).isLessThanOrEqualTo(0);
            if (width > 1000) {
                // (narrower, the table scrolls inside its own frame; the page does not)
                assertThat(find("#experiments").getSize().getWidth()).isLessThanOrEqualTo(width);
            }
            screenshot("home-" + width);
            open("/runs/" + runId);
            waitFor("#key-settings dd");
            assertThat(pageOverflow()).as("run page at %d px", width).isLessThanOrEqualTo(0);
            assertThat(find("h1 .clamp").getDomAttribute("title")).isEqualTo(name);
            screenshot("run-" + width);
            open("/experiments/" + experiment);
            waitForText("#validity", "Valid");
            assertThat(pageOverflow()).as("editor at %d px", width).isLessThanOrEqualTo(0);
            assertThat(find("#name-help").getText()).contains("200 characters");
            screenshot("editor-" + width);
        }
    }

    @Test
    void homesLastRunChipIsTheNewestRunsStatusWhileAnOlderRunMoves() {
        String experiment = experimentFrom("3fc-training");
        String older = submit(experiment);
        String newer = submit(experiment);
        RunEvents events = new RunEvents(rabbit, topology);
        signIn();
        open("/");
        waitFor("#experiments tr[data-id='" + experiment + "'] .chip");
        Map<String, RunRequested> jobs = events.takeValidationJobs(older, newer);
        // The newest run fails first; only then does the older one move on (its news came last, and used to win).
        events.publish(RunRejected.of(jobs.get(newer), List.of(new Issue("/dataset/name", "no", null, "no_dataset")),
                List.of()));
        ApiWait.until(() -> rest("GET", "/api/v1/runs/" + newer, null).get("status").asString(), "failed");
        events.publish(RunValidated.of(jobs.get(older), Backend.CPU, List.of()));
        events.publish(RunStarted.of(older, 1, Backend.CPU, "worker-ui-test"));
        waitUntil(d -> "running".equals(find("#runs tr[data-id='" + older + "'] .chip").getDomAttribute("data-status")),
                "the older run is running");
        waitUntil(d -> "failed".equals(find("#experiments tr[data-id='" + experiment + "'] .chip")
                .getDomAttribute("data-status")), "the newest run's status");
        // give a late event a chance to overwrite it, then look again, and after a reload
        events.publish(RunProgress.epoch(older, 1, 0, 2, Map.of("accuracy", 0.5)));
        sleep(1500);
        assertThat(find("#experiments tr[data-id='" + experiment + "'] .chip").getDomAttribute("data-status"))
                .isEqualTo("failed");
        driver.navigate().refresh();
        waitUntil(d -> "failed".equals(find("#experiments tr[data-id='" + experiment + "'] .chip")
                .getDomAttribute("data-status")), "failed after a reload");
        screenshot("home-last-run");
    }

    @Test
    void theGalleryAsksForANameFirstAndOffersTheChipWithItsCapacity() {
        signIn();
        open("/new");
        waitFor("#tab-hardware_inference").click();
        waitFor("[data-template='lenet5-hardware']");
        waitFor("[data-template='own-conductances']");
        waitUntil(d -> !find("#chip-status").getText().startsWith("Checking"), "chip status read");
        assertThat(find("#chip-status").getText()).contains("512 word lines × 2048 bit lines");
        screenshot("hardware-gallery");

        find("[data-template='lenet5-hardware'] button.primary").click();
        assertThat(waitFor("dialog #new-experiment-name").getDomProperty("value"))
                .isEqualTo("LeNet5 on Fashion-MNIST, programmed on the PCM chip");
        screenshot("name-dialog");
        find("dialog button.secondary, dialog button[type='button']").click();
        assertThat(rest("GET", "/api/v1/experiments", null).get("items")).isEmpty();
        find("[data-template='lenet5-hardware'] button.primary").click();
        type(waitFor("dialog #new-experiment-name"), "My chip LeNet");
        find("dialog button[value='ok']").click();
        waitForText("h1", "Hardware inference setup");
        assertThat(find("#experiment-name").getDomProperty("value")).isEqualTo("My chip LeNet");
        waitForText("#validity", "Valid");
        assertThat(find("#validity").getText()).doesNotContain("warning");
        waitForText("#chip-capacity", "1,048,576 devices");
        // 400 + 12,800 + 65,536 + 1,280 weights (conv 1·16·5·5, conv 16·32·5·5, 512·128, 128·10)
        assertThat(find("#chip-usage").getText()).contains("80,016 analog weights").contains("% of the chip");
        assertThat(find("#chip-identity").getText()).isNotBlank();
        assertThat(driver.findElements(By.cssSelector("#backend option")).stream().map(o -> o.getDomAttribute("value")))
                .contains("hardware");
        // train-then-drift is possible here too: the Training tab
        assertThat(find("#tab-training").getText()).isEqualTo("Training");
        screenshot("hardware-setup");

        // The kind can change in the Document tab (it used to be refused): asked, saved, and opened as that kind.
        applyDocument("d.kind = 'inference'");
        waiting(WAIT)
                .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        waitForText("h1", "Inference setup");
        assertThat(driver.findElements(By.cssSelector("#chip-panel"))).isEmpty();
        assertThat(rest("GET", "/api/v1/experiments", null).get("items").get(0).get("kind").asString())
                .isEqualTo("inference");
    }

    @Test
    void aTrainThenDriftRunShowsItsEpochsAndAFinishingBarThenAChipRunShowsItsSpreadAndDuration() {
        String experiment = experimentFrom("lenet5-inference");
        patchDocument(experiment, doc -> {
            ((ObjectNode) doc.get("inference")).remove("weight_template");
            doc.putObject("training").put("epochs", 2).put("batch_size", 64);
        });
        String runId = submit(experiment);
        signIn();
        open("/experiments/" + experiment);
        waitFor("#tab-training").click();
        waitForText("#training-when", "trained first");
        assertThat(find("input[data-pointer='/training/epochs']").getDomProperty("value")).isEqualTo("2");
        // the preset's own value, not the schema's generic default, is what an empty field gives
        find("#tab-device").click();
        waitUntil(d -> "20".equals(find("input[data-pointer='/rpu_config/forward/out_bound']")
                .getDomAttribute("placeholder")), "out_bound placeholder from WebComposerInferenceRPUConfig");
        screenshot("training-tab");

        RunEvents events = new RunEvents(rabbit, topology);
        events.start(runId);
        open("/runs/" + runId);
        waitUntil(d -> "running".equals(status()), "running");
        events.publish(RunProgress.epoch(runId, 1, 0, 2, Map.of("accuracy", 0.61, "train_loss", 1.1)));
        events.publish(RunProgress.epoch(runId, 1, 1, 2, Map.of("accuracy", 0.74, "train_loss", 0.8)));
        waitUntil(d -> "2".equals(find("[data-chart='accuracy']").getDomAttribute("data-points")), "epochs drawn");
        assertThat(find("#key-settings").getText()).contains("Epochs × batch").contains("2 × 64");
        for (int k = 0; k < 3; k++) {
            events.publish(RunProgress.inferenceTime(runId, 1, k, 3, new double[]{0, 60, 86400}[k], 10,
                    Map.of("avg_accuracy", 80.0 - k, "std_accuracy", 0.5)));
        }
        waitForText("#progress-label", "Time 3 of 3 (1 day) done; finishing");
        WebElement bar = find("#run-progress");
        assertThat(Double.parseDouble(bar.getDomProperty("value")))
                .isLessThan(Double.parseDouble(bar.getDomProperty("max")));
        screenshot("train-then-drift-running");

        // A chip run: each repetition programs the chip anew, so its spread and its duration (the job's wall time)
        // are shown as the worker reports them, as for any other run (HardwareRunInBrowserTest runs a real one).
        String chip = experimentFrom("lenet5-hardware");
        String chipRun = submit(chip);
        events.start(chipRun);
        events.publish(RunCompleted.of(chipRun, 1, new RunResult(ExperimentKind.HARDWARE_INFERENCE, List.of(),
                List.of(new InferenceResult(0, 89.7, 0.35, 10.3, 0.35, 0.01),
                        new InferenceResult(60, 89.1, 0.42, 10.9, 0.36, 0.01)),
                Map.of("test_accuracy", 0.897), List.of(), "engine-test", 42.0)));
        open("/runs/" + chipRun);
        waitUntil(d -> "completed".equals(status()), "completed");
        waitForText("#numbers", "0.42 %");
        assertThat(find("#accuracy-at-zero").getText()).contains("89.70 % ± 0.35 %");
        assertThat(find("#run-duration").getText()).isEqualTo("42 s");
        assertThat(find("#key-settings").getText()).doesNotContain("programmed once");
        screenshot("chip-run");
    }

    @Test
    void tokensComeWithInstructionsAndComparingShowsBandsOrAHint() {
        signIn();
        open("/account");
        assertThat(waitFor("#usage-aihwkit").getText()).contains("api_url = " + url("/aihw"))
                .contains("<your API token>");
        type(find("#token-name"), "notebook");
        find("#create-token button[type=submit]").click();
        String token = waitFor("#token-secret").getDomProperty("value");
        waitForText("#usage-aihwkit", "api_token = " + token);
        assertThat(find("#usage-aimc").getText()).contains("aimc login --url " + url(""));
        js("arguments[0].scrollIntoView()", find("#token-usage"));
        screenshot("token-usage");

        String experiment = experimentFrom("lenet5-inference");
        RunEvents events = new RunEvents(rabbit, topology);
        String[] runs = new String[2];
        for (int i = 0; i < 2; i++) {
            runs[i] = submit(experiment);
            events.start(runs[i]);
            double drop = i * 3;
            events.publish(RunCompleted.of(runs[i], 1, new RunResult(ExperimentKind.INFERENCE, List.of(),
                    List.of(new InferenceResult(1, 86 - drop, 0.5, 14, 0.4, 0.01),
                            new InferenceResult(3600, 84 - drop, 0.9, 16, 0.45, 0.01),
                            new InferenceResult(31536000, 79 - drop, 1.8, 21, 0.6, 0.02)),
                    Map.of(), List.of(), "engine-test", 2.0)));
        }
        for (String run : runs) {
            ApiWait.until(() -> rest("GET", "/api/v1/runs/" + run, null).get("status").asString(), "completed");
        }
        open("/compare?runs=" + runs[0]);
        waitForText("#compare-hint", "Choose at least one more run");
        screenshot("compare-one");
        open("/compare?runs=" + runs[0] + "," + runs[1]);
        waitUntil(d -> "3".equals(find("[data-chart='compare-time']").getDomAttribute("data-points")), "3 times");
        // each run's mean with a shaded ±1 std band whose edges have no legend rows
        assertThat(driver.findElements(By.cssSelector("[data-chart='compare-time'] .u-legend tr.spread"))).hasSize(4);
        assertThat(find("[data-chart='compare-time'] figcaption").getText()).contains("± 1 std");
        screenshot("compare-bands");
    }

    @Test
    void timeTicksNeverCrowdAndFieldPathsReadAsLabels() {
        open("/signin");
        waitFor("#username");
        driver.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(10));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript(
                        """
                                const done = arguments[arguments.length - 1];
                                Promise.all([import('/js/charts.js'), import('/js/views/editor.js'), import('/js/views/run.js')])
                                  .then(([charts, editor, run]) => done({
                                    narrow: charts.timeTicks(1, 31536000, 300),
                                    wide: charts.timeTicks(1, 31536000, 1200),
                                    path: editor.fieldPath(['network', 'layers', '2', 'out_features']),
                                    message: editor.humanize("'training.epochs' is 0 but must be at least 1."),
                                    presets: run.layerPresets({preset: 'TikiTakaReRamSBPreset', network: {layers: [
                                      {type: 'flatten'}, {type: 'analog_linear', preset: 'IdealizedPreset'}]}}),
                                  }))
                                  .catch((e) => done({error: String(e)}));
                                """);
        assertThat(r).doesNotContainKey("error");
        List<Number> narrow = (List<Number>) r.get("narrow");
        List<Number> wide = (List<Number>) r.get("wide");
        // 300 px for 7.5 decades: 64 px apart at least, the units first (1 s, 1 min, 1 h, 1 day, 1 year)
        double perDecade = 300 / Math.log10(31536000);
        for (int i = 1; i < narrow.size(); i++) {
            double gap = Math.log10(narrow.get(i).doubleValue() / narrow.get(i - 1).doubleValue()) * perDecade;
            assertThat(gap).as("gap between %s and %s", narrow.get(i - 1), narrow.get(i)).isGreaterThanOrEqualTo(64);
        }
        assertThat(narrow.stream().map(Number::longValue)).contains(1L, 3600L, 31536000L);
        assertThat(wide.stream().map(Number::longValue)).contains(1L, 60L, 3600L, 86400L, 2592000L, 31536000L);
        assertThat(r.get("path")).isEqualTo("Layer 3 · Out features");
        assertThat(r.get("message")).isEqualTo("“Training › Epochs” is 0 but must be at least 1.");
        assertThat(r.get("presets").toString()).isEqualTo("[[Layer 2 preset, IdealizedPreset]]");
    }

    @Test
    void aSweepOfThreeValuesCompletesAndIsChartedWithALinkToEachRun() {
        String experiment = experimentFrom("3fc-training");
        signIn();
        open("/experiments/" + experiment);
        waitForText("#validity", "Valid");
        find("#sweep").click();
        new org.openqa.selenium.support.ui.Select(waitFor("#sweep-field-1")).selectByValue("/training/epochs");
        type(find("#sweep-values-1"), "1, 2, x");
        find("dialog button[value='ok']").click();
        waitForText("#sweep-error", "'x' is not a number");
        type(find("#sweep-values-1"), "3, 1, 2");
        screenshot("sweep-dialog");
        find("dialog button[value='ok']").click();
        waitUntil(d -> driver.getCurrentUrl().contains("#/sweeps/sweep-"), "the sweep's page");
        waitUntil(d -> driver.findElements(By.cssSelector("#sweep-points a[data-run]")).size() == 3, "3 runs");
        String tag = driver.getCurrentUrl().replaceAll(".*#/sweeps/(sweep-[0-9-]+).*", "$1");
        assertThat(rest("GET", "/api/v1/experiments?tag=" + tag, null).get("items")).hasSize(3);
        // rows in the order of the swept value: 1, 2, 3 epochs
        List<String> runs = driver.findElements(By.cssSelector("#sweep-points a[data-run]")).stream()
                .map(a -> a.getDomAttribute("data-run")).toList();
        assertThat(driver.findElements(By.cssSelector("#sweep-points tbody tr td:first-child")).stream()
                .map(WebElement::getText)).containsExactly("1", "2", "3");
        RunEvents events = new RunEvents(rabbit, topology);
        Map<String, RunRequested> jobs = events.takeValidationJobs(runs.toArray(String[]::new));
        for (int i = 0; i < 3; i++) {
            String run = runs.get(i);
            events.publish(RunValidated.of(jobs.get(run), Backend.CPU, List.of()));
            events.publish(RunStarted.of(run, 1, Backend.CPU, "worker-ui-test"));
            events.publish(RunCompleted.of(run, 1, new RunResult(ExperimentKind.TRAINING,
                    List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.6))), List.of(),
                    Map.of("test_accuracy", 0.70 + 0.05 * i), List.of(), "engine-test", 1.0)));
        }
        waitUntil(d -> "3".equals(find("[data-chart='sweep']").getDomAttribute("data-points")), "3 points charted");
        waitForText("#sweep-summary", "3 runs, 3 finished");
        assertThat(find("#sweep-points").getText()).contains("70.00 %", "75.00 %", "80.00 %");
        assertThat(driver.findElements(By.cssSelector("#sweep-points a[data-run]")).stream()
                .map(a -> a.getDomAttribute("href"))).containsExactlyElementsOf(runs.stream().map(r -> "#/runs/" + r)
                        .toList());
        screenshot("sweep-done");

        // two fields: the same runs as a heat map (rows: epochs, columns: batch size)
        open("/sweeps/" + tag + "?fields=/training/epochs,/training/batch_size");
        waitUntil(d -> "3".equals(find("[data-chart='sweep-heatmap']").getDomAttribute("data-points")), "heat map");
        assertThat(driver.findElements(By.cssSelector("[data-chart='sweep-heatmap'] tbody tr"))).hasSize(3);
        screenshot("sweep-heatmap");
    }

    @Test
    void presetCardsCiteTheirLiteratureAndInferencePresetsOfferTheDriftGraph() {
        signIn();
        open("/presets");
        WebElement tikiTaka = waitFor("[data-preset='TikiTakaReRamSBPreset']");
        assertThat(tikiTaka.findElement(By.cssSelector(".references")).getText())
                .contains("Gong et al., Nat. Commun. 2018").contains("Gokmen & Haensch, Front. Neurosci. 2020");
        assertThat(tikiTaka.findElement(By.cssSelector(".references a")).getDomAttribute("href"))
                .isEqualTo("https://www.nature.com/articles/s41467-018-04485-1");
        // nothing is cited where AIHWKit cites nothing
        assertThat(find("[data-preset='FloatingPointPreset']").findElements(By.cssSelector(".references"))).isEmpty();
        WebElement web = find("[data-preset='WebComposerInferenceRPUConfig']");
        assertThat(web.findElement(By.cssSelector(".references")).getText()).contains("Nandakumar et al., ICECS 2019");
        // the inference setup's drift graph, asked for when opened (no worker runs in this test: it says so)
        js("arguments[0].scrollIntoView()", web);
        web.findElement(By.cssSelector("details[data-drift] > summary")).click();
        waitForText("#drift-WebComposerInferenceRPUConfig", "No simulator worker is running");
        screenshot("preset-references");
    }

    /** A test that stopped in the editor with unsaved changes must not leave its "leave?" question to this one. */
    @org.junit.jupiter.api.BeforeEach
    void leaveAnEditorLeftOpen() {
        // only an editor showing its "Unsaved changes" mark asks; anything else leaves at once (no wait for a question)
        if (!Boolean.TRUE.equals(js("const d = document.getElementById('dirty'); return !!d && !d.hidden;"))) {
            return;
        }
        try {
            js("location.hash = '#/signin';");
            waiting(java.time.Duration.ofMillis(700))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        } catch (org.openqa.selenium.TimeoutException e) {
            // no question was asked: nothing was unsaved
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
