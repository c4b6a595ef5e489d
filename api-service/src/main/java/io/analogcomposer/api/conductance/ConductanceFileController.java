package io.analogcomposer.api.conductance;

import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * "Bring your own conductances": upload a Fusion CSV of target conductances (the body, as AIHWKit's
 * {@code fusion_export} writes it), list, download and delete them. A hardware_inference document names one in
 * {@code inference.target_conductances}; the run's {@code programmed_conductances.csv} artifact is the same file
 * with the conductances read back from the chip.
 */
@RestController
@RequestMapping("/api/v1/conductance-files")
class ConductanceFileController {

    private final ConductanceFileService service;

    ConductanceFileController(ConductanceFileService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> upload(@AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(required = false) String name, HttpServletRequest request) throws IOException {
        long max = service.settings().maxSize().toBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) max + 1); // bodies without a length are cut here
        }
        if (body.length > max) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "File too large",
                    "The file has more than " + max + " bytes, the most a conductance file may have.", List.of());
        }
        ConductanceFile file = service.upload(me.id(), name, body);
        return ResponseEntity.created(URI.create("/api/v1/conductance-files/" + file.id())).body(view(file));
    }

    @GetMapping
    Map<String, Object> list(@AuthenticationPrincipal AccountPrincipal me) {
        return Map.of("items", service.list(me.id()).stream().map(ConductanceFileController::view).toList());
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        return view(service.get(me.id(), id));
    }

    @GetMapping("/{id}/content")
    ResponseEntity<byte[]> content(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        ConductanceFile file = service.get(me.id(), id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"" + file.name().replace("\"", "") + "\"")
                .header("Digest", "sha-256=" + file.sha256()).body(service.content(me.id(), id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID id) {
        service.delete(me.id(), id);
        return ResponseEntity.noContent().build();
    }

    static Map<String, Object> view(ConductanceFile file) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", file.id());
        v.put("name", file.name());
        v.put("size_bytes", file.sizeBytes());
        v.put("sha256", file.sha256());
        v.put("total_values", file.totalValues());
        v.put("layers", file.layers().stream().map(l -> {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("id", l.id());
            layer.put("class_name", l.className());
            layer.put("name", l.name());
            layer.put("height", l.height());
            layer.put("width", l.width());
            layer.put("values", l.values());
            return layer;
        }).toList());
        v.put("created_at", file.createdAt());
        v.put("href", "/api/v1/conductance-files/" + file.id());
        v.put("content_href", "/api/v1/conductance-files/" + file.id() + "/content");
        return v;
    }
}
