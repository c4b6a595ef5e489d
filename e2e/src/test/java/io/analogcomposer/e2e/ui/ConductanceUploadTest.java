package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.experiment.ExperimentService;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.FusionSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * "Bring your own conductances" in the hardware inference setup: a file that is not a Fusion CSV is refused with the
 * line at fault, the composer's real LeNet5 file uploads, is chosen for the run, and the document stays valid.
 */
class ConductanceUploadTest extends BrowserTest {

    @Autowired
    ExperimentService experiments;

    @Test
    void uploadAFusionCsvInTheHardwareSetupAndChooseItForTheRun() throws IOException {
        ObjectNode document = (ObjectNode) SpecJson.mapper().readTree(
                SpecJson.write(Catalogue.get().template("lenet5-inference").orElseThrow().document()));
        document.put("kind", "hardware_inference");
        ((ObjectNode) document.get("inference")).remove("weight_template"); // the user's own conductances instead
        String id = experiments.create(userId,
                new ExperimentService.NewExperiment("LeNet5 on the chip", document, null, List.of(), null)).id()
                .toString();
        signIn();
        open("/experiments/" + id);
        waitForText("h1", "Hardware inference setup");
        waitFor("#tab-inference").click();
        waitFor("#conductance-file-select");
        assertThat(find("#conductance-file-about").getText()).contains("Upload a Fusion CSV");
        // without weights of any kind the run cannot start
        waitForText("#validity", "problem");

        Path bad = Files.createTempFile("bad", ".csv");
        Files.writeString(bad, "1\nAnalogLinear\n2\n1\n2\n0\n3.5,x\r\n");
        find("#conductance-file-input").sendKeys(bad.toAbsolutePath().toString());
        waitForText("#conductance-file-error", "line 7, column 2");
        screenshot("conductances-refused");

        Path sample = FusionSample.file();
        find("#conductance-file-input").sendKeys(sample.toAbsolutePath().toString());
        waitForText("#conductance-file-about", "80,016 conductances in 4 layers");
        assertThat(find("#conductance-file-error").isDisplayed()).isFalse();
        assertThat(new Select(find("#conductance-file-select")).getFirstSelectedOption().getText())
                .startsWith("analog_fusion_lenet5.csv");
        // with the uploaded file as its weights the hardware run is valid
        waitForText("#validity", "Valid");
        screenshot("conductances-chosen");
    }
}
