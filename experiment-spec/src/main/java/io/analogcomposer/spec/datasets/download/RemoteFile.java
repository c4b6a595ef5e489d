package io.analogcomposer.spec.datasets.download;

import java.net.URI;
import java.util.Locale;

/**
 * One file of a dataset's official distribution and its published MD5 (as torchvision lists them, or the dataset's
 * own page where torchvision uses another format).
 */
public record RemoteFile(URI url, String name, String md5) {

    public RemoteFile {
        if (md5 == null || !md5.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("md5 of " + name + " must be 32 hex digits, is " + md5);
        }
        md5 = md5.toLowerCase(Locale.ROOT);
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("a file name, not a path: " + name);
        }
    }
}
