package io.analogcomposer.validator.amqp;

import static io.analogcomposer.validator.TestDocuments.bytes;
import static io.analogcomposer.validator.TestDocuments.request;
import static io.analogcomposer.validator.TestDocuments.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.analogcomposer.messaging.MessagingProperties;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.testsupport.RabbitServer;
import io.analogcomposer.testsupport.TestServices;
import io.analogcomposer.validator.ValidatorProperties;
import io.analogcomposer.validator.routing.CancelledRuns;
import io.analogcomposer.validator.routing.RunRouter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

/**
 * Acknowledgement follows the broker's confirms, on the real RabbitMQ: a request is acknowledged only after every
 * publication it leads to was confirmed, and goes back to {@code jobs.validate} when the broker refuses one or no
 * confirm comes. Each test takes the request from the queue with manual acknowledgement, as the listener container
 * does, hands it to the listener on that channel, and looks at the queue while the channel is still open: a
 * message neither acknowledged nor rejected would only come back once the channel closes, so "back in the queue
 * while the channel is open" can only mean the listener rejected it with requeue.
 */
class ValidationListenerTest {

    final RabbitServer server = TestServices.rabbit();
    final MessagingProperties messaging = new MessagingProperties(server.newNamePrefix(), true, 3);
    final Topology topology = new Topology(messaging);
    /** confirm-timeout 2 s: long enough for any confirm of the local broker, short for the no-confirm case. */
    final ValidatorProperties properties = new ValidatorProperties(false, 2_097_152, 1, Duration.ofSeconds(2), 10,
            20_000_000L, 12_000_000L, 20_000_000L, 1_048_576, Duration.ofHours(48), 20_000_000_000L,
            org.springframework.util.unit.DataSize.ofGigabytes(4));
    final List<String> queues = new ArrayList<>();
    final List<String> exchanges = new ArrayList<>();
    CachingConnectionFactory confirming;
    Connection connection;

    CachingConnectionFactory factory(boolean confirms) {
        CachingConnectionFactory f = new CachingConnectionFactory(server.host(), server.port());
        f.setUsername(server.user());
        f.setPassword(server.password());
        if (confirms) {
            f.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        }
        return f;
    }

    @BeforeEach
    void connect() throws Exception {
        confirming = factory(true);
        connection = server.connect(5000);
    }

    @AfterEach
    void cleanUp() throws Exception {
        connection.close();
        confirming.destroy();
        server.delete(queues, exchanges);
    }

    /** The application's topology, with the queue {@code replaced} (if any) declared as given instead. */
    void declare(Queue replacement) {
        AmqpAdmin admin = new RabbitAdmin(confirming);
        for (var d : topology.declarables(messaging).getDeclarables()) {
            if (d instanceof Exchange e) {
                admin.declareExchange(e);
                exchanges.add(e.getName());
            } else if (d instanceof Queue q) {
                admin.declareQueue(replacement != null && q.getName().equals(replacement.getName()) ? replacement : q);
                queues.add(q.getName());
            } else if (d instanceof Binding b) {
                admin.declareBinding(b);
            }
        }
    }

    ValidationListener listener(CachingConnectionFactory factory) {
        return new ValidationListener(
                new RunRouter(Validator.standard(), new CancelledRuns(10), properties.maxMessageBytes(),
                        new io.analogcomposer.validator.routing.AutoRouting(b -> true, false)),
                new RabbitTemplate(factory), topology, properties, new SimpleMeterRegistry());
    }

    /** Ready messages of a queue (not counting ones delivered and not yet settled). */
    long ready(String queue) throws Exception {
        try (Channel ch = connection.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /**
     * The most ready messages seen in jobs.validate within 2 s: a rejection or a closing channel returns a message
     * asynchronously, so one look right away could miss it; a message that stays gone stays 0.
     */
    long readyWithin2s() throws Exception {
        long most = 0;
        for (long until = System.nanoTime() + 2_000_000_000L; most == 0 && System.nanoTime() < until;) {
            most = Math.max(most, ready(topology.validateQueue()));
            Thread.sleep(50);
        }
        return most;
    }

    GetResponse take(String queue) throws Exception {
        try (Channel ch = connection.createChannel()) {
            long until = System.currentTimeMillis() + 10_000;
            GetResponse got;
            while ((got = ch.basicGet(queue, true)) == null && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            return got;
        }
    }

    /**
     * Puts {@code body} into jobs.validate, takes it with manual acknowledgement and lets the listener handle it on
     * that channel; returns the queue's ready messages while the channel is still open, then after it closed.
     */
    long[] deliver(ValidationListener listener, byte[] body) throws Exception {
        try (Channel publisher = connection.createChannel()) {
            publisher.basicPublish("", topology.validateQueue(), null, body);
        }
        long open;
        try (Channel ch = connection.createChannel()) {
            GetResponse got = null;
            for (int i = 0; i < 200 && got == null; i++) {
                got = ch.basicGet(topology.validateQueue(), false);
                if (got == null) {
                    Thread.sleep(50);
                }
            }
            assertThat(got).as("the request reached jobs.validate").isNotNull();
            MessageProperties props = new DefaultMessagePropertiesConverter().toMessageProperties(got.getProps(),
                    got.getEnvelope(), StandardCharsets.UTF_8.name());
            listener.onMessage(new Message(got.getBody(), props), ch);
            open = readyWithin2s();
        }
        return new long[]{open, readyWithin2s()};
    }

    @Test
    void aValidRunIsAcknowledgedAfterTheJobAndItsEventWereConfirmed() throws Exception {
        declare(null);
        long[] left = deliver(listener(confirming), bytes(request("r-ok", null, template("3fc-training"))));
        assertThat(left).as("acknowledged: gone while the channel is open, and after").containsExactly(0, 0);
        GetResponse job = take(topology.jobQueue("cpu"));
        assertThat(job).isNotNull();
        assertThat(SpecJson.read(new String(job.getBody(), StandardCharsets.UTF_8), RunJob.class).runId())
                .isEqualTo("r-ok");
        GetResponse event = take(topology.eventsQueue());
        assertThat(event).isNotNull();
        assertThat(event.getEnvelope().getRoutingKey()).isEqualTo("run.validated");
    }

    @Test
    void whenTheBrokerRefusesTheJobTheRequestGoesBackToTheQueueAndNoEventIsSent() throws Exception {
        // jobs.cpu that takes nothing: the broker answers the job's publication with a negative confirm
        declare(new Queue(topology.jobQueue("cpu"), true, false, false,
                Map.of("x-max-length", 0, "x-overflow", "reject-publish")));
        long[] left = deliver(listener(confirming), bytes(request("r-refused", null, template("3fc-training"))));
        assertThat(left[0]).as("rejected with requeue: back while the channel is still open").isEqualTo(1);
        assertThat(left[1]).isEqualTo(1);
        assertThat(ready(topology.eventsQueue())).as("no run.validated for a job that was not queued").isZero();
    }

    @Test
    void whenNoConfirmArrivesTheRequestGoesBackToTheQueue() throws Exception {
        declare(null);
        CachingConnectionFactory silent = factory(false); // a channel without confirms: none ever arrives
        try {
            long started = System.nanoTime();
            long[] left = deliver(listener(silent), bytes(request("r-silent", null, template("3fc-training"))));
            assertThat(left[0]).as("rejected with requeue, not acknowledged").isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("gives up after the confirm timeout, does not wait forever").isLessThan(Duration.ofSeconds(20));
        } finally {
            silent.destroy();
        }
    }

    @Test
    void anUnreadableMessageIsAcknowledgedOnceItsDeadLetterCopyIsConfirmed() throws Exception {
        declare(null);
        long[] left = deliver(listener(confirming), "{oops".getBytes(StandardCharsets.UTF_8));
        assertThat(left).containsExactly(0, 0);
        GetResponse dead = take(topology.deadLetterQueue(topology.validateQueue()));
        assertThat(dead).isNotNull();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{oops");
        assertThat(String.valueOf(dead.getProps().getHeaders().get(ValidationListener.REASON_HEADER)))
                .contains("not a readable RunRequested");
    }

    @Test
    void whenTheDeadLetterCopyIsRefusedTheUnreadableMessageStaysInTheQueue() throws Exception {
        declare(new Queue(topology.deadLetterQueue(topology.validateQueue()), true, false, false,
                Map.of("x-max-length", 0, "x-overflow", "reject-publish")));
        long[] left = deliver(listener(confirming), "{oops".getBytes(StandardCharsets.UTF_8));
        assertThat(left[0]).as("not acknowledged before its copy is safe").isEqualTo(1);
    }
}
