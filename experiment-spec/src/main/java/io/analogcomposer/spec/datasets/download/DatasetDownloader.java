package io.analogcomposer.spec.datasets.download;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Downloads a dataset like torchvision does, into {@code <root>/<source directory>}: each file is fetched to
 * {@code <name>.part}, resumed with an HTTP {@code Range} request when a partial file is already there, verified
 * against its published MD5 and only then renamed to its name; an archive is then unpacked (only the members the
 * layout needs, never a path outside the directory). A file already there with the right MD5 is not fetched again.
 * Progress goes to the given log, about every 10 % of a file.
 */
public final class DatasetDownloader {
    private static final int BUFFER = 1 << 16;

    private final HttpClient http;
    private final Path root;
    private final Consumer<String> log;

    public DatasetDownloader(HttpClient http, Path root, Consumer<String> log) {
        this.http = http;
        this.root = root;
        this.log = log;
    }

    /** A downloader with its own HTTP client (redirects followed, 30 s to connect). */
    public static DatasetDownloader create(Path root, Consumer<String> log) {
        return new DatasetDownloader(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build(), root, log);
    }

    /** Fetches, verifies and unpacks every file of the source; returns the directory that now holds the dataset. */
    public Path download(DatasetSource source) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(root.resolve(source.directory()));
        for (RemoteFile file : source.files()) {
            Path target = dir.resolve(file.name());
            if (Files.isRegularFile(target) && md5(target).equals(file.md5())) {
                log.accept(source.dataset() + ": " + file.name() + " is already there and verified");
            } else {
                fetch(source.dataset(), file, target);
            }
            if (!source.extract().isEmpty()) {
                TarGz.extract(target, source.archivePrefix(), source.extract(), dir);
                log.accept(source.dataset() + ": unpacked " + source.extract().size() + " files from " + file.name());
            }
        }
        log.accept(source.dataset() + ": ready in " + dir);
        return dir;
    }

    private void fetch(String dataset, RemoteFile file, Path target) throws IOException, InterruptedException {
        Path part = target.resolveSibling(file.name() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(file.url()).timeout(Duration.ofMinutes(30)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 416 && have > 0) {
                // the partial file is already whole: nothing more to fetch, the checksum decides
                log.accept(dataset + ": " + file.name() + " was already fully downloaded");
            } else if (status == 206 || status == 200) {
                boolean resumed = status == 206 && have > 0;
                if (!resumed) {
                    have = 0;
                }
                long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (total >= 0) {
                    total += have;
                }
                log.accept(String.format(Locale.ROOT, "%s: %s %s from %s%s", dataset,
                        resumed ? "resuming" : "downloading", file.name(), file.url(),
                        resumed ? " at byte " + have : "") + (total >= 0 ? " (" + mb(total) + ")" : ""));
                copy(dataset, file.name(), body, part, resumed, have, total);
            } else {
                throw new IOException(dataset + ": " + file.url() + " answered HTTP " + status);
            }
        }
        String actual = md5(part);
        if (!actual.equals(file.md5())) {
            Files.delete(part);
            throw new IOException(dataset + ": " + file.name() + " from " + file.url() + " is corrupt: its MD5 is "
                    + actual + ", the published one is " + file.md5() + " (the partial file was removed; retry)");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.accept(dataset + ": " + file.name() + " verified (MD5 " + actual + ")");
    }

    private void copy(String dataset, String name, InputStream body, Path part, boolean append, long have,
            long total) throws IOException {
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER];
            long done = have;
            long nextReport = total > 0 ? done + total / 10 : Long.MAX_VALUE;
            for (int n; (n = body.read(buffer)) > 0;) {
                out.write(buffer, 0, n);
                done += n;
                if (done >= nextReport && done < total) {
                    log.accept(String.format(Locale.ROOT, "%s: %s %d %% (%s of %s)", dataset, name, done * 100 / total,
                            mb(done), mb(total)));
                    nextReport = done + total / 10;
                }
            }
        }
    }

    /** The file's MD5 as lower-case hex. */
    public static String md5(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Just enough of tar (ustar) to take named regular files out of a gzip'd archive. */
    static final class TarGz {
        private TarGz() {
        }

        static void extract(Path archive, String prefix, java.util.List<String> wanted, Path dir) throws IOException {
            java.util.Set<String> missing = new java.util.LinkedHashSet<>(wanted);
            try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), BUFFER),
                    BUFFER)) {
                byte[] header = new byte[512];
                while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                    String name = field(header, 0, 100);
                    String ustarPrefix = field(header, 345, 155);
                    if (!ustarPrefix.isEmpty() && field(header, 257, 6).startsWith("ustar")) {
                        name = ustarPrefix + "/" + name;
                    }
                    long size = Long.parseLong(field(header, 124, 12).trim().isEmpty()
                            ? "0"
                            : field(header, 124, 12).trim(), 8);
                    char type = (char) header[156];
                    long padded = (size + 511) / 512 * 512;
                    String member = name.startsWith("./") ? name.substring(2) : name;
                    String local = member.startsWith(prefix) ? member.substring(prefix.length()) : null;
                    if ((type == '0' || type == 0) && local != null && missing.contains(local)) {
                        Path out = dir.resolve(local).normalize();
                        if (!out.getParent().equals(dir.normalize())) {
                            throw new IOException(archive + ": member " + member + " would be written outside " + dir);
                        }
                        Path tmp = out.resolveSibling(local + ".part");
                        try (OutputStream o = Files.newOutputStream(tmp)) {
                            copyExactly(in, o, size, archive, member);
                        }
                        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
                        in.skipNBytes(padded - size);
                        missing.remove(local);
                    } else {
                        in.skipNBytes(padded);
                    }
                }
            }
            if (!missing.isEmpty()) {
                throw new IOException(archive + " lacks " + missing + " under " + prefix);
            }
        }

        private static void copyExactly(InputStream in, OutputStream out, long size, Path archive, String member)
                throws IOException {
            byte[] buffer = new byte[BUFFER];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(archive + ": " + member + " is cut short");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }

        private static String field(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
