package io.analogcomposer.api.compat.translate;

import java.util.List;
import java.util.stream.Collectors;

/** An uploaded experiment that cannot be translated; carries every problem found, not only the first. */
public class TranslationException extends RuntimeException {

    private final List<Problem> problems;

    public TranslationException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One line per problem, as the job's failure reason shows it. */
    public static String summary(List<Problem> problems) {
        return "The experiment cannot run on Analog Composer (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "): "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }
}
