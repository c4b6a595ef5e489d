package io.analogcomposer.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Users' own datasets over HTTP on the real PostgreSQL: uploads in each format made here (.npz, IDX in a ZIP, CSV),
 * the stored form, errors that point at the array, line or field, the quota, and deletion; other users see nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.datasets.uploads.quota-per-user=20KB", "composer.datasets.system-dirs=false"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class UserDatasetsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;

    Client alice;
    Client bob;

    @BeforeEach
    void signIn() {
        alice = ApiTestSupport.signUp(http, accounts, encoder);
        bob = ApiTestSupport.signUp(http, accounts, encoder);
    }

    private ResponseEntity<String> upload(Client client, String query, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        return client.http().exchange("/api/v1/datasets" + query, HttpMethod.POST, new HttpEntity<>(body, headers),
                String.class);
    }

    private static JsonNode body(ResponseEntity<String> response, int status) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        return SpecJson.mapper().readTree(response.getBody());
    }

    /** A .npy array: version 1.0 header padded to 64 bytes, little-endian data. */
    static byte[] npy(String descr, int[] shape, double[] values) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims.toString().strip()
                + "), }";
        int pad = 64 - (10 + header.length() + 1) % 64;
        header = header + " ".repeat(pad % 64) + "\n";
        int width = Integer.parseInt(descr.substring(2));
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            switch (descr) {
                case "|u1" -> b.put((byte) v);
                case "<i8" -> b.putLong((long) v);
                case "<f4" -> b.putFloat((float) v);
                default -> throw new IllegalArgumentException(descr);
            }
        }
        return b.array();
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static double[] ramp(int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 256) * scale;
        }
        return v;
    }

    /** 6 training images (uint8 N×8×8) with labels 0..2, 4 test images (float32 N×8×8×1 in [0, 1]). */
    static Map<String, byte[]> npzArrays(double[] trainLabels) {
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("x_train.npy", npy("|u1", new int[]{6, 8, 8}, ramp(6 * 64, 1)));
        a.put("y_train.npy", npy("<i8", new int[]{6}, trainLabels));
        a.put("x_test.npy", npy("<f4", new int[]{4, 8, 8, 1}, ramp(4 * 64, 1 / 255.0)));
        a.put("y_test.npy", npy("<i8", new int[]{4}, new double[]{2, 1, 0, 2}));
        return a;
    }

    @Test
    void anNpzUploadIsCheckedStoredAsIdxListedDownloadedAndDeleted() throws IOException {
        JsonNode d = body(upload(alice, "?name=digits", zip(npzArrays(new double[]{0, 1, 2, 0, 1, 2}))), 201);
        String name = d.get("name").asString();
        assertThat(name).startsWith("user:");
        assertThat(d.get("title").asString()).isEqualTo("digits");
        assertThat(d.get("kind").asString()).isEqualTo("uploaded");
        assertThat(d.get("format").asString()).isEqualTo("npz");
        assertThat(d.get("input_shape").toString()).isEqualTo("[1,8,8]");
        assertThat(d.get("classes").asInt()).isEqualTo(3);
        assertThat(d.get("train_samples").asInt()).isEqualTo(6);
        assertThat(d.get("test_samples").asInt()).isEqualTo(4);

        assertThat(alice.get("/api/v1/datasets").get("items").findValuesAsString("name")).contains(name,
                "fashion-mnist");
        assertThat(bob.get("/api/v1/datasets").get("items").findValuesAsString("name")).doesNotContain(name);

        ResponseEntity<byte[]> content = alice.http().getForEntity("/api/v1/datasets/" + name + "/content",
                byte[].class);
        Map<String, byte[]> stored = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content.getBody()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                stored.put(e.getName(), zip.readAllBytes());
            }
        }
        assertThat(stored.keySet()).containsExactly("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
        ByteBuffer images = ByteBuffer.wrap(stored.get("t10k-images-idx3-ubyte"));
        assertThat(images.getInt()).isEqualTo(0x0804); // unsigned bytes, rank 4: N×C×H×W
        assertThat(new int[]{images.getInt(), images.getInt(), images.getInt(), images.getInt()})
                .containsExactly(4, 1, 8, 8);
        assertThat(images.get(20 + 200) & 0xFF).as("float pixels in [0, 1] scaled to 0..255").isEqualTo(200);
        assertThat(stored.get("train-labels-idx1-ubyte")).endsWith(0, 1, 2, 0, 1, 2);

        bob.json(HttpMethod.DELETE, "/api/v1/datasets/" + name, null, 404);
        alice.json(HttpMethod.DELETE, "/api/v1/datasets/" + name, null, 204);
        alice.json(HttpMethod.GET, "/api/v1/datasets/" + name, null, 404);
    }

    @Test
    void idxFilesInAZipAndACsvOfPixelsUploadToo() throws IOException {
        Map<String, byte[]> idx = new LinkedHashMap<>();
        idx.put("train-images-idx3-ubyte", idxBytes(new int[]{3, 4, 4}, 48));
        idx.put("train-labels-idx1-ubyte", idxLabels(new byte[]{0, 1, 1}));
        idx.put("t10k-images-idx3-ubyte", idxBytes(new int[]{2, 4, 4}, 32));
        idx.put("t10k-labels-idx1-ubyte", idxLabels(new byte[]{1, 0}));
        JsonNode fromIdx = body(upload(alice, "?name=tiny", zip(idx)), 201);
        assertThat(fromIdx.get("format").asString()).isEqualTo("idx");
        assertThat(fromIdx.get("input_shape").toString()).isEqualTo("[1,4,4]");

        StringBuilder csv = new StringBuilder("label,p0,p1,p2,p3,split\n");
        for (int i = 0; i < 5; i++) {
            csv.append(i % 2).append(",0,64,128,255,").append(i < 3 ? "train" : "test").append('\n');
        }
        JsonNode fromCsv = body(upload(alice, "?name=pixels", csv.toString().getBytes(StandardCharsets.UTF_8)),
                201);
        assertThat(fromCsv.get("format").asString()).isEqualTo("csv");
        assertThat(fromCsv.get("input_shape").toString()).isEqualTo("[1,2,2]");
        assertThat(fromCsv.get("train_samples").asInt()).isEqualTo(3);
        assertThat(fromCsv.get("test_samples").asInt()).isEqualTo(2);
    }

    @Test
    void badUploadsAreRefusedPointingAtTheArrayLineOrField() throws IOException {
        JsonNode label = body(upload(alice, "", zip(npzArrays(new double[]{0, 1, -3, 0, 1, 2}))), 400);
        assertThat(label.get("detail").asString()).contains("label -3.0 of sample 2 is not a class number");
        assertThat(label.get("errors").get(0).get("pointer").asString()).isEqualTo("/y_train/2");

        Map<String, byte[]> short_ = npzArrays(new double[]{0, 1, 2, 0, 1, 2});
        short_.put("y_test.npy", npy("<i8", new int[]{3}, new double[]{0, 1, 2}));
        JsonNode counts = body(upload(alice, "", zip(short_)), 400);
        assertThat(counts.get("errors").get(0).get("pointer").asString()).isEqualTo("/y_test/shape");
        assertThat(counts.get("detail").asString()).contains("labels have shape (3) for 4 images");

        Map<String, byte[]> missing = npzArrays(new double[]{0, 1, 2, 0, 1, 2});
        missing.remove("x_test.npy");
        assertThat(body(upload(alice, "", zip(missing)), 400).get("errors").get(0).get("pointer").asString())
                .isEqualTo("/x_test");

        String csv = "label,p0,p1,p2,p3\n0,1,2,3,4\n1,1,x,3,4\n";
        JsonNode field = body(upload(alice, "", csv.getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(field.get("errors").get(0).get("pointer").asString()).isEqualTo("/lines/3/fields/3");
        assertThat(field.get("detail").asString()).contains("line 3, field 3 (p1): 'x' is not a number");

        String noLabel = "class,p0,p1,p2,p3\n0,1,2,3,4\n";
        assertThat(body(upload(alice, "", noLabel.getBytes(StandardCharsets.UTF_8)), 400).get("detail").asString())
                .contains("no 'label' column");
        String notSquare = "label,p0,p1,p2\n0,1,2,3\n1,1,2,3\n";
        JsonNode shape = body(upload(alice, "", notSquare.getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(shape.get("errors").get(0).get("pointer").asString()).isEqualTo("/shape");
        assertThat(shape.get("errors").get(0).get("allowed").asString()).contains("C×H×W = 3");
        assertThat(body(upload(alice, "", new byte[0]), 400).get("detail").asString()).contains("empty");
        assertThat(alice.get("/api/v1/datasets").get("items").findValuesAsString("kind")).doesNotContain("uploaded");
    }

    @Test
    void uploadsBeyondTheUsersQuotaAreRefused() throws IOException {
        byte[] npz = zip(npzArrays(new double[]{0, 1, 2, 0, 1, 2}));
        int accepted = 0;
        ResponseEntity<String> last;
        do {
            last = upload(alice, "", npz);
            if (last.getStatusCode().value() == 201) {
                accepted++;
            }
        } while (last.getStatusCode().value() == 201 && accepted < 100);
        JsonNode problem = body(last, 413);
        assertThat(problem.get("detail").asString()).contains("beyond your quota of 20480 bytes");
        assertThat(accepted).as("each stored form is about 1 KB: the quota admits some").isBetween(5, 40);
        assertThat(upload(bob, "", npz).getStatusCode().value()).as("quotas are per user").isEqualTo(201);
    }

    static byte[] idxBytes(int[] dims, int count) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + count);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 0; i < count; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    static byte[] idxLabels(byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x0801).putInt(labels.length).put(labels);
        return b.array();
    }
}
