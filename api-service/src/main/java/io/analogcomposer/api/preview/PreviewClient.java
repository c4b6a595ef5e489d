package io.analogcomposer.api.preview;

import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.messaging.MessagingProperties;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.PreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.validation.Issue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Asks a simulator worker for a preview (the API never runs the engine): request/reply on {@code composer.preview}
 * with RabbitMQ's direct reply-to (a temporary reply queue on brokers without it), answers cached. Every failure
 * becomes a problem a user can act on: 400 naming the field, 503 when no worker answers.
 */
@Component
public class PreviewClient {

    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final Topology topology;
    private final PreviewProperties properties;
    private final AnswerCache cache;
    private final boolean relativeExpiration;

    PreviewClient(ConnectionFactory connectionFactory, AmqpAdmin admin, Topology topology,
            PreviewProperties properties, MessagingProperties messaging) {
        // A template of its own: the shared one has no reply timeout, and this one's is the preview's budget.
        this.rabbit = new RabbitTemplate(connectionFactory);
        this.rabbit.setReplyTimeout(properties.timeout().toMillis());
        this.admin = admin;
        this.topology = topology;
        this.properties = properties;
        this.cache = new AnswerCache(properties.cacheEntries());
        // RabbitMQ reads a message's expiration as a time to live; the embedded Qpid broker as an absolute time
        this.relativeExpiration = messaging.rabbitQueueFeatures();
    }

    /** Whether the answer to this request is already known (then asking costs no worker time). */
    public boolean cached(PreviewRequest request) {
        return cache.get(SpecJson.write(request)) != null;
    }

    /** The worker's answer, or a problem: 400 for a bad request, 503 when no worker is there to answer. */
    public PreviewResponse ask(PreviewRequest request) {
        List<Issue> problems = request.problems();
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        String key = SpecJson.write(request);
        PreviewResponse known = cache.get(key);
        if (known != null) {
            return known;
        }
        if (!workerListening()) {
            throw noWorker("No simulator worker is running to compute this preview.");
        }
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding(StandardCharsets.UTF_8.name());
        props.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        if (relativeExpiration) {
            // a request still queued when its caller gave up is worthless: the broker drops it
            props.setExpiration(Long.toString(properties.timeout().toMillis()));
        }
        props.setHeader("__TypeId__", request.getClass().getName());
        Message reply;
        try {
            reply = rabbit.sendAndReceive(topology.previewExchange(), Topology.PREVIEW_KEY,
                    new Message(key.getBytes(StandardCharsets.UTF_8), props));
        } catch (AmqpException e) {
            throw noWorker("The message broker could not carry the preview request (" + e.getMessage() + ").");
        }
        if (reply == null) {
            throw noWorker("No simulator worker answered within " + properties.timeout().toSeconds()
                    + " s; the workers may all be busy.");
        }
        PreviewResponse answer;
        try {
            answer = SpecJson.read(new String(reply.getBody(), StandardCharsets.UTF_8), PreviewResponse.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "Unreadable preview",
                    "The simulator worker answered with something this API cannot read: " + e.getMessage(),
                    List.of());
        }
        if (!answer.ok()) {
            throw invalid(answer.errors());
        }
        cache.put(key, answer);
        return answer;
    }

    private boolean workerListening() {
        Properties queue = admin.getQueueProperties(topology.previewQueue());
        Object consumers = queue == null ? null : queue.get(RabbitAdmin.QUEUE_CONSUMER_COUNT);
        return consumers instanceof Number n && n.intValue() > 0;
    }

    private static ApiProblem noWorker(String why) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "No simulator worker available",
                why + " Previews are computed by CPU workers; start one (or the standalone composer) and try again.",
                List.of());
    }

    private static ApiProblem invalid(List<Issue> issues) {
        List<ApiProblem.FieldError> errors = issues.stream()
                .map(i -> new ApiProblem.FieldError(i.pointer(), i.message(), i.allowed())).toList();
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid preview request",
                errors.size() == 1
                        ? "Cannot compute this preview: " + issues.getFirst()
                        : "Cannot compute this preview: " + errors.size() + " settings are invalid",
                errors);
    }
}
