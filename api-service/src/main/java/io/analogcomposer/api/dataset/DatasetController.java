package io.analogcomposer.api.dataset;

import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dataset catalogue: which datasets this server has (built in and the user's own uploads), their shapes and
 * sizes, and why one is missing; uploading, downloading and deleting the user's own.
 */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

    private final DatasetCatalogue datasets;
    private final UserDatasetService uploads;

    DatasetController(DatasetCatalogue datasets, UserDatasetService uploads) {
        this.datasets = datasets;
        this.uploads = uploads;
    }

    @GetMapping
    Map<String, List<Map<String, Object>>> list(@AuthenticationPrincipal AccountPrincipal me) {
        List<Map<String, Object>> items = new ArrayList<>(datasets.list());
        uploads.list(me.id()).forEach(d -> items.add(view(d)));
        return Map.of("items", items);
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String name) {
        if (name.startsWith(UserDataset.PREFIX)) {
            return view(uploads.find(me.id(), name).orElseThrow(() -> ApiProblem.notFound("Dataset", name)));
        }
        Map<String, Object> view = datasets.get(name);
        if (view == null) {
            throw ApiProblem.notFound("Dataset", name);
        }
        return view;
    }

    /**
     * Uploads a dataset of the user's own: the body is a NumPy {@code .npz} (x_train, y_train, x_test, y_test), a
     * ZIP of the four MNIST-style IDX files, or a CSV of pixels with a {@code label} column (and an optional
     * {@code split} column; else the last {@code test_fraction} of rows are the test set).
     */
    @PostMapping
    ResponseEntity<Map<String, Object>> upload(@AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(required = false) String name, @RequestParam(required = false) String shape,
            @RequestParam(name = "test_fraction", required = false) Double testFraction, HttpServletRequest request)
            throws IOException {
        long max = uploads.limits().maxUpload().toBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) max + 1); // bodies without a length are cut here
        }
        if (body.length > max) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "File too large", "The upload has more than " + max
                    + " bytes, the most a dataset upload may have.", List.of());
        }
        UserDataset d = uploads.upload(me.id(), name, body, shape, testFraction);
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + d.reference())).body(view(d));
    }

    /** The stored form: a ZIP of four IDX files (images N×C×H×W, labels), unsigned bytes. */
    @GetMapping("/{name}/content")
    ResponseEntity<byte[]> content(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String name) {
        UserDataset d = uploads.find(me.id(), name).orElseThrow(() -> ApiProblem.notFound("Dataset", name));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header("Content-Disposition", "attachment; filename=\"" + d.id() + ".zip\"")
                .header("Digest", "sha-256=" + d.sha256()).body(uploads.content(me.id(), name));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String name) {
        if (!uploads.delete(me.id(), name)) {
            throw ApiProblem.notFound("Dataset", name);
        }
        return ResponseEntity.noContent().build();
    }

    static Map<String, Object> view(UserDataset d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", d.reference());
        v.put("title", d.name());
        v.put("kind", "uploaded");
        v.put("available", true);
        v.put("reason", null);
        v.put("location", "uploaded");
        v.put("format", d.sourceFormat());
        v.put("size_bytes", d.sizeBytes());
        v.put("classes", d.classes());
        v.put("input_shape", d.inputShape());
        v.put("train_samples", d.trainSamples());
        v.put("test_samples", d.testSamples());
        v.put("source", "uploaded by you as " + d.sourceFormat());
        v.put("sha256", d.sha256());
        v.put("created_at", d.createdAt());
        v.put("href", "/api/v1/datasets/" + d.reference());
        v.put("content_href", "/api/v1/datasets/" + d.reference() + "/content");
        return v;
    }
}
