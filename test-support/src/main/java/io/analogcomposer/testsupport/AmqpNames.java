package io.analogcomposer.testsupport;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.context.ApplicationContext;

/** The queue and exchange names with a run's prefix that a context declared, to delete them afterwards. */
public final class AmqpNames {

    private AmqpNames() {
    }

    public static void collect(ApplicationContext context, String prefix, List<String> queues, List<String> exchanges) {
        Stream<Declarable> declared = Stream.concat(
                Stream.concat(context.getBeansOfType(Queue.class).values().stream(),
                        context.getBeansOfType(Exchange.class).values().stream()),
                context.getBeansOfType(Declarables.class).values().stream()
                        .flatMap(d -> d.getDeclarables().stream()));
        declared.forEach(d -> {
            if (d instanceof Queue q && q.getName().startsWith(prefix)) {
                queues.add(q.getName());
            } else if (d instanceof Exchange e && e.getName().startsWith(prefix)) {
                exchanges.add(e.getName());
            }
        });
    }
}
