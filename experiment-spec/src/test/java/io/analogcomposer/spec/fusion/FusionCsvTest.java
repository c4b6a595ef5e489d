package io.analogcomposer.spec.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.analogcomposer.testsupport.FusionSample;

class FusionCsvTest {

    /** A LeNet5 conductance file in the composer sample's layout, written by the project (test-support). */
    private static final Path SAMPLE = FusionSample.file();

    @Test
    void aLenet5SampleReadsAsLenet5() throws IOException {
        FusionCsv csv = FusionCsv.read(SAMPLE);
        assertThat(csv.layers()).extracting(FusionLayer::name).containsExactly("0", "3", "8", "10");
        assertThat(csv.layers()).extracting(FusionLayer::id).containsExactly(1, 4, 9, 11);
        assertThat(csv.layers()).extracting(FusionLayer::className).containsExactly("AnalogConv2dMapped",
                "AnalogConv2dMapped", "AnalogLinearMapped", "AnalogLinearMapped");
        assertThat(csv.layers()).extracting(FusionLayer::height).containsExactly(16, 32, 128, 10);
        assertThat(csv.layers()).extracting(FusionLayer::width).containsExactly(25, 400, 512, 128);
        assertThat(csv.totalWeights()).isEqualTo(400 + 12800 + 65536 + 1280);
        String firstRow = FusionSample.text().lines().skip(6).findFirst().orElseThrow();
        assertThat(csv.layers().getFirst().conductancesUs()[0])
                .isEqualTo(Double.parseDouble(firstRow.substring(0, firstRow.indexOf(','))));
        // Conductances: all ≥ 0 and below the chip's 40 µS.
        assertThat(csv.layers()).allSatisfy(layer -> assertThat(
                java.util.Arrays.stream(layer.conductancesUs()).allMatch(g -> g >= 0 && g < 40)).isTrue());
    }

    @Test
    void readingAndWritingTheSampleGivesTheSameBytes(@TempDir Path directory) throws IOException {
        Path copy = directory.resolve("copy.csv");
        FusionCsv.read(SAMPLE).write(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(SAMPLE));
    }

    @Test
    void programmedConductancesReplaceTheTargetsLayerByLayer() throws IOException {
        FusionCsv targets = FusionCsv.read(SAMPLE);
        FusionLayer last = targets.layers().getLast();
        double[] programmed = last.conductancesUs().clone();
        programmed[0] = 1.0e-5;
        FusionCsv out = new FusionCsv(List.of(last.withConductances(programmed)));
        FusionCsv back = FusionCsv.parse(out.format());
        assertThat(back.layers().getFirst().conductancesUs()).containsExactly(programmed);
        assertThat(out.format()).contains("\n1e-05,");
    }

    @Test
    void numbersAreWrittenAsPythonReprWritesThem() {
        assertThat(PythonFloats.repr(0.0)).isEqualTo("0.0");
        assertThat(PythonFloats.repr(26.0)).isEqualTo("26.0");
        assertThat(PythonFloats.repr(0.30807047565617196)).isEqualTo("0.30807047565617196");
        assertThat(PythonFloats.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonFloats.repr(1.5e-05)).isEqualTo("1.5e-05");
        assertThat(PythonFloats.repr(1e16)).isEqualTo("1e+16");
        assertThat(PythonFloats.repr(123456789012345.6)).isEqualTo("123456789012345.6");
        assertThat(PythonFloats.repr(-2.5)).isEqualTo("-2.5");
    }

    @Test
    void malformedFilesAreRefusedNamingLineAndLayer() {
        String header = "1\nAnalogLinear\n4\n2\n2\n0\n";
        assertThatThrownBy(() -> FusionCsv.parse(header + "1.0,2.0,3.0\r\n"))
                .hasMessageContaining("line 7 (layer 0) has 3 conductances, the header says 4");
        assertThatThrownBy(() -> FusionCsv.parse(header + "1.0,2.0,x,4.0\r\n"))
                .hasMessageContaining("line 7, column 3 (layer 0): 'x' is not a number");
        assertThatThrownBy(() -> FusionCsv.parse(header + "1.0,2.0,-3.0,4.0\r\n"))
                .hasMessageContaining("must be a finite value ≥ 0 µS");
        assertThatThrownBy(() -> FusionCsv.parse("1\nAnalogLinear\n5\n2\n2\n0\n1,2,3,4,5\n"))
                .hasMessageContaining("num_weights 5 is not height × width = 2 × 2");
    }
}
