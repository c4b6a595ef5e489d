package io.analogcomposer.api.compat;

import io.analogcomposer.api.run.RunService;
import io.analogcomposer.api.compat.CompatViews.ExperimentView;
import io.analogcomposer.api.compat.CompatViews.JobView;
import io.analogcomposer.api.compat.CompatViews.LoginView;
import io.analogcomposer.api.compat.CompatViews.UrlView;
import io.analogcomposer.api.compat.SignedUrls.Purpose;
import io.analogcomposer.api.security.AccountPrincipal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The real composer's API as the AIHWKit client calls it (paths relative to {@code composer.compat.prefix}, which
 * {@link CompatConfiguration} puts in front). Every reply is a JSON body, as the client parses each one.
 */
@RestController
class CompatController {

    private final CompatService compat;
    private final SignedUrls urls;
    private final RunService runs;

    CompatController(CompatService compat, SignedUrls urls, RunService runs) {
        this.compat = compat;
        this.urls = urls;
        this.runs = runs;
    }

    @PostMapping("/token/login")
    LoginView login(@RequestBody(required = false) CompatViews.LoginRequest request) {
        if (request == null || request.token() == null || request.token().isBlank()) {
            throw CompatException.badRequest("a JSON body {\"token\": \"<your API token>\"} is required");
        }
        return compat.login(request.token());
    }

    @GetMapping("/experiments/me")
    List<ExperimentView> mine(@AuthenticationPrincipal AccountPrincipal me) {
        return compat.list(me);
    }

    @PostMapping("/experiments")
    @ResponseStatus(HttpStatus.CREATED)
    ExperimentView create(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody(required = false) CompatViews.NewExperiment request) {
        return compat.create(me, request);
    }

    @GetMapping("/experiments/{id}")
    ExperimentView experiment(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        return compat.get(me, CompatService.parseId("experiment", id));
    }

    @PostMapping("/inputs")
    @ResponseStatus(HttpStatus.CREATED)
    UrlView input(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody(required = false) CompatViews.NewInput request) {
        UUID id = compat.registerInput(me, request);
        return new UrlView(urls.url(Purpose.UPLOAD_INPUT, id), id.toString());
    }

    @GetMapping("/inputs/{id}/file")
    UrlView inputFile(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        UUID input = compat.downloadableInput(me, CompatService.parseId("input", id));
        return new UrlView(urls.url(Purpose.DOWNLOAD_INPUT, input), null);
    }

    @PostMapping("/jobs")
    @ResponseStatus(HttpStatus.CREATED)
    JobView submit(@AuthenticationPrincipal AccountPrincipal me,
            @RequestBody(required = false) CompatViews.NewJob request) {
        runs.checkSubmissionRate(me); // the same budget as the web API's submissions, before the transaction
        return compat.submit(me, request);
    }

    @GetMapping("/jobs/{id}")
    JobView job(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        return compat.job(me, CompatService.parseId("job", id));
    }

    @GetMapping("/outputs/{id}/file")
    UrlView outputFile(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        UUID output = compat.downloadableOutput(me, CompatService.parseId("output", id));
        return new UrlView(urls.url(Purpose.DOWNLOAD_OUTPUT, output), null);
    }
}
