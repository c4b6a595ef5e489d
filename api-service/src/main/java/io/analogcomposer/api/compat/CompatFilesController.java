package io.analogcomposer.api.compat;

import io.analogcomposer.api.compat.SignedUrls.Purpose;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The transfer URLs that stand in for the composer's object storage: no credentials, no content type (the client
 * PUTs raw bytes), authorized by the signature alone.
 */
@RestController
class CompatFilesController {

    private final CompatService compat;
    private final SignedUrls urls;
    private final CompatProperties properties;

    CompatFilesController(CompatService compat, SignedUrls urls, CompatProperties properties) {
        this.compat = compat;
        this.urls = urls;
        this.properties = properties;
    }

    @PutMapping("/files/inputs/{id}")
    ResponseEntity<Void> upload(@PathVariable String id, @RequestParam(required = false) Long expires,
            @RequestParam(required = false) String signature, HttpServletRequest request) throws IOException {
        UUID input = authorize(Purpose.UPLOAD_INPUT, id, expires, signature);
        compat.upload(input, body(request));
        return ResponseEntity.ok().build();
    }

    @GetMapping("/files/inputs/{id}")
    ResponseEntity<byte[]> input(@PathVariable String id, @RequestParam(required = false) Long expires,
            @RequestParam(required = false) String signature) {
        UUID input = authorize(Purpose.DOWNLOAD_INPUT, id, expires, signature);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(compat.inputBytes(input));
    }

    @GetMapping("/files/outputs/{id}")
    ResponseEntity<byte[]> output(@PathVariable String id, @RequestParam(required = false) Long expires,
            @RequestParam(required = false) String signature) {
        UUID output = authorize(Purpose.DOWNLOAD_OUTPUT, id, expires, signature);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(compat.outputBytes(output));
    }

    private UUID authorize(Purpose purpose, String id, Long expires, String signature) {
        UUID parsed = CompatService.parseId("file", id);
        if (expires == null || !urls.valid(purpose, parsed, expires, signature)) {
            // Like an object store's pre-signed URL: wrong, tampered or expired all look the same.
            throw new CompatException(HttpStatus.FORBIDDEN,
                    "the URL's signature is invalid or expired; ask the API for a new one", List.of());
        }
        return parsed;
    }

    /** The raw body, refused beyond the size limit without reading it all. */
    private byte[] body(HttpServletRequest request) throws IOException {
        long limit = properties.maxInputSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge(limit);
            }
            if (bytes.length == 0) {
                throw CompatException.badRequest("the upload is empty; PUT the serialized protobuf message");
            }
            return bytes;
        }
    }

    private static CompatException tooLarge(long limit) {
        return new CompatException(HttpStatus.CONTENT_TOO_LARGE,
                "an experiment input may have at most " + limit + " bytes", List.of());
    }
}
