package io.analogcomposer.spec.datasets.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.analogcomposer.spec.datasets.DatasetFinder;
import io.analogcomposer.spec.datasets.DatasetLayouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download loader against a local HTTP server that serves generated files and honours {@code Range}: whole
 * downloads, a resumed one, a corrupt one, an archive unpacked into the layout the finder then finds; and the
 * official table's shape (no network here).
 */
class DatasetDownloaderTest {
    @TempDir
    Path root;

    HttpServer server;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath().substring(1));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null) {
                ranges.add(exchange.getRequestURI().getPath() + " " + range);
                from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
                if (from >= body.length) {
                    exchange.sendResponseHeaders(416, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            exchange.sendResponseHeaders(range != null ? 206 : 200, body.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    private DatasetDownloader downloader() {
        return DatasetDownloader.create(root, log::add);
    }

    /** An MNIST-like source of four files served by the test server. */
    private DatasetSource idxSource() throws Exception {
        List<RemoteFile> remote = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = DatasetLayouts.IDX_FILES.get(i) + ".gz";
            byte[] body = random(200_000 + i, i);
            files.put(name, body);
            remote.add(new RemoteFile(url(name), name, md5(body)));
        }
        return new DatasetSource("mnist", "mnist", remote, List.of(), "");
    }

    @Test
    void downloadsVerifiesAndLeavesALayoutTheFinderFinds() throws Exception {
        Path dir = downloader().download(idxSource());

        assertThat(dir).isEqualTo(root.resolve("mnist"));
        for (int i = 0; i < 4; i++) {
            String name = DatasetLayouts.IDX_FILES.get(i) + ".gz";
            assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(files.get(name));
            assertThat(dir.resolve(name + ".part")).doesNotExist();
        }
        assertThat(new DatasetFinder(List.of(root), null, false).find("mnist")).isPresent();
        assertThat(log).anyMatch(l -> l.contains("downloading train-images-idx3-ubyte.gz from " + url("")))
                .anyMatch(l -> l.contains("verified (MD5 ")).anyMatch(l -> l.contains("% (")).last().asString()
                .contains("mnist: ready in " + dir);
        assertThat(ranges).isEmpty();

        log.clear();
        downloader().download(idxSource());
        assertThat(log).filteredOn(l -> l.contains("already there and verified")).hasSize(4);
    }

    @Test
    void aPartialFileIsResumedWithARangeRequest() throws Exception {
        DatasetSource source = idxSource();
        RemoteFile first = source.files().getFirst();
        Path dir = Files.createDirectories(root.resolve("mnist"));
        byte[] whole = files.get(first.name());
        Files.write(dir.resolve(first.name() + ".part"), java.util.Arrays.copyOf(whole, 12_345));

        downloader().download(source);

        assertThat(ranges).containsExactly("/" + first.name() + " bytes=12345-");
        assertThat(Files.readAllBytes(dir.resolve(first.name()))).isEqualTo(whole);
        assertThat(log).anyMatch(l -> l.contains("resuming " + first.name()) && l.contains("at byte 12345"));
    }

    @Test
    void aCorruptDownloadIsRefusedNamingBothChecksumsAndLeavesNothingBehind() throws Exception {
        byte[] body = random(10_000, 9);
        files.put("train_32x32.mat", body);
        String published = md5("something else".getBytes(StandardCharsets.UTF_8));
        DatasetSource source = new DatasetSource("svhn", "svhn",
                List.of(new RemoteFile(url("train_32x32.mat"), "train_32x32.mat", published)), List.of(), "");

        assertThatThrownBy(() -> downloader().download(source)).isInstanceOf(IOException.class)
                .hasMessageContaining("is corrupt").hasMessageContaining(md5(body))
                .hasMessageContaining(published);
        assertThat(root.resolve("svhn/train_32x32.mat")).doesNotExist();
        assertThat(root.resolve("svhn/train_32x32.mat.part")).doesNotExist();
    }

    @Test
    void aMissingFileFailsWithTheHttpStatus() {
        DatasetSource source = new DatasetSource("svhn", "svhn", List.of(new RemoteFile(url("nothing.mat"),
                "nothing.mat", "00000000000000000000000000000000")), List.of(), "");
        assertThatThrownBy(() -> downloader().download(source)).hasMessageContaining("answered HTTP 404");
    }

    @Test
    void anArchiveIsUnpackedIntoTheLayoutOnlyWithTheMembersItNeeds() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Map<String, byte[]> members = new java.util.LinkedHashMap<>();
        members.put("cifar-10-batches-bin/readme.html", "hello".getBytes(StandardCharsets.UTF_8));
        for (String f : DatasetLayouts.CIFAR10_FILES) {
            members.put("cifar-10-batches-bin/" + f, random(3073 * 2, f.hashCode()));
        }
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            tar.write(tarHeader(m.getKey(), m.getValue().length));
            tar.write(m.getValue());
            tar.write(new byte[(512 - m.getValue().length % 512) % 512]);
        }
        tar.write(new byte[1024]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        }
        files.put("cifar-10-binary.tar.gz", gz.toByteArray());
        DatasetSource official = OfficialSources.of("cifar10").orElseThrow();
        DatasetSource local = new DatasetSource("cifar10", "cifar10", List.of(new RemoteFile(
                url("cifar-10-binary.tar.gz"), "cifar-10-binary.tar.gz", md5(gz.toByteArray()))), official.extract(),
                official.archivePrefix());

        Path dir = downloader().download(local);

        for (String f : DatasetLayouts.CIFAR10_FILES) {
            assertThat(Files.readAllBytes(dir.resolve(f))).isEqualTo(members.get("cifar-10-batches-bin/" + f));
        }
        assertThat(dir.resolve("readme.html")).doesNotExist();
        assertThat(new DatasetFinder(List.of(root), null, false).find("cifar10").orElseThrow().directory())
                .isEqualTo(dir);
    }

    @Test
    void theOfficialTableCoversTheFourDatasetsWithTorchvisionsChecksumsAndAMirrorKeepsThem() {
        assertThat(OfficialSources.all()).extracting(DatasetSource::dataset).containsExactly("fashion-mnist",
                "mnist", "cifar10", "svhn");
        assertThat(OfficialSources.of("mnist").orElseThrow().files()).extracting(RemoteFile::md5).containsExactly(
                "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
                "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c");
        assertThat(OfficialSources.of("fashion-mnist").orElseThrow().files().getFirst().url().getHost())
                .isEqualTo("fashion-mnist.s3-website.eu-central-1.amazonaws.com");
        DatasetSource mirrored = OfficialSources.mirrored(OfficialSources.of("svhn").orElseThrow(),
                URI.create("http://mirror.example/datasets"));
        assertThat(mirrored.files()).extracting(f -> f.url().toString()).containsExactly(
                "http://mirror.example/datasets/train_32x32.mat", "http://mirror.example/datasets/test_32x32.mat");
        assertThat(mirrored.files().getFirst().md5()).isEqualTo("e26dedcc434d2e4c54c9b2d4a06d8373");
    }

    /** A ustar header for a regular file (checksum as tar computes it). */
    private static byte[] tarHeader(String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
