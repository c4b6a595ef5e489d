package io.analogcomposer.chip.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.analogcomposer.testsupport.SharedReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The closed-form parts of the physics equal the values AIHWKit 1.0.0 computed for the same targets. */
class PcmPhysicsTest {

    private final PcmPhysics physics = PcmPhysics.DEFAULT;

    @Test
    void programmingNoiseDriftExponentAndReadNoiseMatchAihwkitPerTarget() throws IOException {
        JsonNode reference = JsonMapper.builder().build()
                .readTree(Files.readString(SharedReference.file("reference/aihwkit/pcm_noise_stats.json")));
        int rows = 0;
        for (JsonNode expected : reference.get("expected")) {
            double g = expected.get("g_target").doubleValue();
            assertThat(physics.sigmaProg(g)).as("sigma_prog at %s uS", g)
                    .isCloseTo(expected.get("sigma_prog").doubleValue(), within(1e-9));
            assertThat(physics.nuMean(g)).as("nu mean at %s uS", g)
                    .isCloseTo(expected.get("nu_mean_param").doubleValue(), within(1e-9));
            assertThat(physics.nuStd(g)).as("nu std at %s uS", g)
                    .isCloseTo(expected.get("nu_std_param").doubleValue(), within(1e-9));
            assertThat(physics.readNoiseAmplitude(g)).as("q_s at %s uS", g)
                    .isCloseTo(expected.get("q_s_at_g_target").doubleValue(), within(1e-9));
            for (Map.Entry<String, JsonNode> factor : expected.get("sqrt_log_factor").properties()) {
                double t = Double.parseDouble(factor.getKey());
                assertThat(Math.sqrt(physics.readNoiseLogFactor(t, 1))).as("sqrt log factor at t=%s", t)
                        .isCloseTo(factor.getValue().doubleValue(), within(1e-9));
            }
            rows++;
        }
        assertThat(rows).isEqualTo(26);
    }

    @Test
    void averagingReadsLowersOnlyTheFastPartOfTheOneOverFNoise() {
        double one = physics.readNoiseLogFactor(0, 1);
        double many = physics.readNoiseLogFactor(0, 64);
        // 1/f noise: 64 reads remove ln(64) of the ~17.5 of the log factor, far less than the 1/64 of white noise.
        assertThat(many).isLessThan(one).isGreaterThan(0.7 * one);
    }

    @Test
    void targetsBeyondTheFittedRangeKeepTheNoiseOfTheTopOfTheFit() {
        assertThat(physics.sigmaProg(40)).isEqualTo(physics.sigmaProg(25));
    }

    @Test
    void driftCountsFromProgrammingPlusT0() {
        // 60 s after programming is t = 80 s: a factor (80/20)^-nu, as in AIHWKit.
        assertThat(physics.driftFactor(60, 0.05)).isCloseTo(Math.pow(4, -0.05), within(1e-12));
        assertThat(physics.driftFactor(0, 0.05)).isEqualTo(1.0);
    }
}
