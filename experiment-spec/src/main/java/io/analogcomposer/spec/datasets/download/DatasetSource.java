package io.analogcomposer.spec.datasets.download;

import java.util.List;

/**
 * Where a built-in dataset is published and how its files become the layout {@code DatasetLayouts} expects.
 *
 * @param directory the sub-directory of the download directory the files go to (one of the layout's)
 * @param files the files to fetch, each verified against its MD5
 * @param extract for an archive ({@code .tar.gz}): the members to take out of it, with their path prefix inside the
 *        archive stripped ({@code cifar-10-batches-bin/data_batch_1.bin} → {@code data_batch_1.bin}); empty when the
 *        files are used as they are
 * @param archivePrefix the path prefix of those members inside the archive
 */
public record DatasetSource(String dataset, String directory, List<RemoteFile> files, List<String> extract,
        String archivePrefix) {

    public DatasetSource {
        files = List.copyOf(files);
        extract = List.copyOf(extract);
    }
}
