package io.analogcomposer.spec.datasets;

import java.util.List;

/**
 * One way a dataset can lie on disk: its format, the sub-directories it is looked for in under each root (tried in
 * order, then the root itself), and the files that must all be there, in the order the format's reader takes them.
 *
 * @param trainSamples training samples in this layout when they differ from the catalogue's (a subset), else null
 * @param testSamples test samples likewise
 */
public record DatasetLayout(String dataset, DatasetFormat format, List<String> directories, List<String> files,
        Integer trainSamples, Integer testSamples) {

    public DatasetLayout {
        directories = List.copyOf(directories);
        files = List.copyOf(files);
    }

    /** A layout holding the dataset's full training and test sets. */
    public DatasetLayout(String dataset, DatasetFormat format, List<String> directories, List<String> files) {
        this(dataset, format, directories, files, null, null);
    }
}
