package io.analogcomposer.api.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The JSON the AIHWKit client reads, with the real composer's field names. Names are given explicitly because
 * this service writes snake_case elsewhere and the client needs {@code createdAt}. Their schemas are named
 * {@code Aihw...} in the OpenAPI description, apart from our own API's records of the same simple name.
 */
final class CompatViews {

    /**
     * The client parses dates with {@code %Y-%m-%dT%H:%M:%S.%fZ}: a fraction is required and a literal Z, which
     * {@link Instant#toString()} does not guarantee (no fraction at .000, nine digits at nanoseconds).
     */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private CompatViews() {
    }

    /** {@code input} is an object with the id, unlike {@code job.output}, which is the bare id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AihwExperimentView")
    record ExperimentView(@JsonProperty("id") String id, @JsonProperty("name") String name,
            @JsonProperty("category") String category, @JsonProperty("createdAt") String createdAt,
            @JsonProperty("input") InputRef input, @JsonProperty("job") JobView job) {}

    @Schema(name = "AihwInputRef")
    record InputRef(@JsonProperty("id") String id) {}

    /** {@code output} is set once the job completed; {@code message} says why a job failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AihwJobView")
    record JobView(@JsonProperty("id") String id, @JsonProperty("experiment") String experiment,
            @JsonProperty("status") String status, @JsonProperty("output") String output,
            @JsonProperty("message") String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AihwUrlView")
    record UrlView(@JsonProperty("url") String url, @JsonProperty("id") String id) {}

    @Schema(name = "AihwLoginView")
    record LoginView(@JsonProperty("jwt") String jwt, @JsonProperty("expiresAt") String expiresAt) {}

    /** Every error reply: the client shows {@code message} on a failed login and ignores error bodies otherwise. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(name = "AihwErrorView")
    record ErrorView(@JsonProperty("message") String message, @JsonProperty("errors") List<String> errors) {}

    @Schema(name = "AihwLoginRequest")
    record LoginRequest(@JsonProperty("token") String token) {}

    @Schema(name = "AihwNewExperiment")
    record NewExperiment(@JsonProperty("name") String name, @JsonProperty("category") String category) {}

    @Schema(name = "AihwNewInput")
    record NewInput(@JsonProperty("experiment") String experiment, @JsonProperty("device") String device) {}

    @Schema(name = "AihwNewJob")
    record NewJob(@JsonProperty("experiment") String experiment, @JsonProperty("device") String device) {}

    static String date(Instant instant) {
        return DATE.format(instant);
    }
}
