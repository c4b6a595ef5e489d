package io.analogcomposer.api.preview;

import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.RateLimits;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.messages.DriftPreviewRequest;
import io.analogcomposer.spec.messages.PreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.messages.ResponseCurveRequest;
import io.analogcomposer.spec.messages.RunMessage;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The graphs the composer draws from the engine while a user edits: the drift of programmed conductances (inference
 * setup) and the pulse response of a preset's devices (preset explorer). Computed by a simulator worker.
 */
@RestController
@RequestMapping("/api/v1")
class PreviewController {

    private final PreviewClient client;
    private final Catalogue catalogue;
    private final RateLimits limits;
    private final PreviewProperties properties;

    PreviewController(PreviewClient client, Catalogue catalogue, RateLimits limits, PreviewProperties properties) {
        this.client = client;
        this.catalogue = catalogue;
        this.limits = limits;
        this.properties = properties;
    }

    /**
     * The drift graph's settings; absent fields take the graph's defaults.
     *
     * @param noiseModel as in {@code rpu_config.noise_model}
     * @param driftCompensation as in {@code rpu_config.drift_compensation}
     */
    record DriftBody(JsonNode noiseModel, String driftCompensation, List<Double> times, Integer levels,
            Integer samples, Long seed) {}

    /** A response curve of a preset (by name) or of a device object. */
    record ResponseCurveBody(String preset, JsonNode device, Integer pulses, Integer devices, Long seed) {}

    @PostMapping("/previews/drift")
    PreviewResponse.DriftPreview drift(@AuthenticationPrincipal AccountPrincipal me, @RequestBody DriftBody body) {
        DriftPreviewRequest defaults = DriftPreviewRequest.of(body.noiseModel(), body.driftCompensation());
        DriftPreviewRequest request = new DriftPreviewRequest(RunMessage.VERSION, body.noiseModel(),
                body.driftCompensation(), body.times(), or(body.levels(), defaults.levels()),
                or(body.samples(), defaults.samples()), body.seed() == null ? defaults.seed() : body.seed());
        return ask(me, request).drift();
    }

    @GetMapping("/presets/{name}/response-curve")
    PreviewResponse.ResponseCurves presetCurve(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String name,
            @RequestParam(required = false) Integer pulses, @RequestParam(required = false) Integer devices,
            @RequestParam(required = false) Long seed) {
        if (catalogue.preset(name).isEmpty()) {
            throw ApiProblem.notFound("Preset", name);
        }
        return curve(me, new ResponseCurveBody(name, null, pulses, devices, seed));
    }

    @PostMapping("/previews/response-curve")
    PreviewResponse.ResponseCurves curve(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody ResponseCurveBody body) {
        ResponseCurveRequest request = new ResponseCurveRequest(RunMessage.VERSION, body.preset(), body.device(),
                or(body.pulses(), ResponseCurveRequest.DEFAULT_PULSES),
                or(body.devices(), ResponseCurveRequest.DEFAULT_DEVICES), body.seed() == null ? 0 : body.seed());
        return ask(me, request).responseCurve();
    }

    private PreviewResponse ask(AccountPrincipal me, PreviewRequest request) {
        if (request.problems().isEmpty() && !client.cached(request)) {
            long wait = limits.tryConsume("preview:" + me.id(), properties.perMinute());
            if (wait > 0) {
                throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many previews",
                        "You asked for more than " + properties.perMinute() + " new previews in a minute; retry in "
                                + wait + " s.",
                        List.of());
            }
        }
        return client.ask(request);
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
