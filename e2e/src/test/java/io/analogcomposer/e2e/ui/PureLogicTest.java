package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The UI's pure logic (shapes, JSON pointers, error placement, converter bits, settings diff), run as ES modules in
 * the same browser — no Node, no download — and checked against numbers worked out by hand.
 */
class PureLogicTest extends BrowserTest {

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(String body) {
        open("/signin");
        waitFor("#username");
        driver.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(10));
        Object result = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/js/shapes.js'), import('/js/pointer.js'), import('/js/format.js'),
                             import('/js/views/compare.js')])
                  .then(([shapes, pointer, format, compare]) => { %s })
                  .catch((e) => done({error: String(e)}));
                """.formatted(body));
        Map<String, Object> map = (Map<String, Object>) result;
        assertThat(map).doesNotContainKey("error");
        return map;
    }

    @Test
    void shapesFollowPyTorchThroughLeNet5() {
        Map<String, Object> r = run(
                """
                        const layers = [
                          {type: 'analog_conv2d', out_channels: 16, kernel_size: 5}, {type: 'tanh'},
                          {type: 'max_pool2d', kernel_size: 2},
                          {type: 'analog_conv2d', out_channels: 32, kernel_size: 5}, {type: 'tanh'},
                          {type: 'max_pool2d', kernel_size: 2}, {type: 'flatten'},
                          {type: 'analog_linear', out_features: 128}, {type: 'analog_linear', out_features: 10}];
                        const s = shapes.inferShapes([1, 28, 28], layers);
                        done({
                          out: s.map((x) => x.output), conv1Weights: shapes.weightCount(layers[0], s[0].input),
                          padded: shapes.outputShape({type: 'conv2d', out_channels: 8, kernel_size: 3, padding: 1, stride: 2}, [3, 32, 32]),
                          ceil: shapes.outputShape({type: 'max_pool2d', kernel_size: 3, stride: 2, ceil_mode: true}, [4, 6, 6]),
                          transposed: shapes.outputShape({type: 'conv_transpose2d', out_channels: 4, kernel_size: 4, stride: 2, padding: 1}, [8, 7, 7]),
                          tooBig: shapes.outputShape({type: 'max_pool2d', kernel_size: 9}, [1, 4, 4]),
                          linearOn3d: shapes.outputShape({type: 'linear', out_features: 3}, [1, 4, 4]),
                        });
                        """);
        assertThat((List<?>) r.get("out")).extracting(Object::toString).containsExactly("[16, 24, 24]",
                "[16, 24, 24]", "[16, 12, 12]", "[32, 8, 8]", "[32, 8, 8]", "[32, 4, 4]", "[512]", "[128]", "[10]");
        assertThat(((Number) r.get("conv1Weights")).longValue()).isEqualTo(16 * 25);
        assertThat(r.get("padded").toString()).isEqualTo("[8, 16, 16]");
        // PyTorch: ceil((6 - 3) / 2) + 1 = 3 (the last window starts inside the input).
        assertThat(r.get("ceil").toString()).isEqualTo("[4, 3, 3]");
        assertThat(r.get("transposed").toString()).isEqualTo("[4, 14, 14]");
        assertThat(r.get("tooBig")).isNull();
        assertThat(r.get("linearOn3d")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void pointersEditTheDocumentAndErrorsLandAtTheDeepestPlaceOnThePage() {
        Map<String, Object> r = run(
                """
                        const doc = {rpu_config: {forward: {out_noise: 0.1}}, a: {'b/c': 1}};
                        pointer.setAt(doc, '/rpu_config/noise_model/drift_scale', 2);
                        pointer.removeAt(doc, '/rpu_config/forward/out_noise');
                        const escaped = pointer.getAt(doc, '/a/b~1c');
                        const errors = [
                          {pointer: '/network/layers/1/out_features', message: 'field'},
                          {pointer: '/network/layers/2/rpu_config/forward/w_noise', message: 'layer'},
                          {pointer: '/training/epochs', message: 'nowhere'},
                          {pointer: '', message: 'whole'}];
                        const placed = pointer.placeErrors(errors, new Set(['/network/layers/1/out_features', '/network/layers/2']));
                        done({doc: JSON.stringify(doc), escaped,
                              placed: Object.fromEntries([...placed.placed].map(([k, v]) => [k, v.map((e) => e.message)])),
                              unplaced: placed.unplaced.map((e) => e.message)});
                        """);
        // Emptying the only forward field removes the object, so the preset's forward settings apply again.
        assertThat(r.get("doc")).isEqualTo("{\"rpu_config\":{\"noise_model\":{\"drift_scale\":2}},\"a\":{\"b/c\":1}}");
        assertThat(((Number) r.get("escaped")).intValue()).isEqualTo(1);
        assertThat((Map<String, Object>) r.get("placed")).containsEntry("/network/layers/1/out_features",
                List.of("field")).containsEntry("/network/layers/2", List.of("layer"));
        assertThat((List<Object>) r.get("unplaced")).containsExactly("nowhere", "whole");
    }

    @Test
    @SuppressWarnings("unchecked")
    void converterBitsTimesAndSettingDifferences() {
        Map<String, Object> r = run(
                """
                        done({dac7: format.bitsToRes(7), adc9: format.resToBits(1 / 510), odd: format.resToBits(0.01),
                              times: [0, 1, 90, 3600, 86400, 2592000, 31536000].map(format.duration),
                              diff: compare.differences([
                                {preset: 'A', training: {epochs: 2, batch_size: 8}, network: {layers: [{type: 'flatten'}, {type: 'linear', out_features: 10}]}},
                                {preset: 'A', training: {epochs: 3, batch_size: 8}, network: {layers: [{type: 'flatten'}, {type: 'linear', out_features: 20}]}}])});
                        """);
        assertThat(((Number) r.get("dac7")).doubleValue()).isEqualTo(1.0 / 126);
        assertThat(((Number) r.get("adc9")).intValue()).isEqualTo(9);
        assertThat(((Number) r.get("odd")).doubleValue()).isEqualTo(6.67);
        assertThat((List<Object>) r.get("times")).containsExactly("0 s", "1 s", "1.5 min", "1 h", "1 day", "30 days",
                "1 year");
        assertThat(r.get("diff").toString()).isEqualTo(
                "[[network.layers[1].out_features, [10, 20]], [training.epochs, [2, 3]]]");
    }
}
