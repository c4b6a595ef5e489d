package io.analogcomposer.worker.engine;

import io.analogcomposer.spec.messages.RunResult;

/** How an execution ended, when it did not fail. */
public sealed interface ExecutionOutcome {

    /** The job ran to its end; {@code files} are what it produced for download (e.g. the trained weights). */
    record Completed(RunResult result, java.util.List<ArtifactFile> files) implements ExecutionOutcome {
        public Completed {
            if (result == null) {
                throw new IllegalArgumentException("a completed execution has a result");
            }
            files = files == null ? java.util.List.of() : java.util.List.copyOf(files);
        }

        public Completed(RunResult result) {
            this(result, java.util.List.of());
        }
    }

    /** A file a run produced. */
    record ArtifactFile(String name, String mediaType, byte[] content) {}

    /** The job stopped early because {@link ExecutionControl#stopRequested()} turned true. */
    record Stopped() implements ExecutionOutcome {}
}
