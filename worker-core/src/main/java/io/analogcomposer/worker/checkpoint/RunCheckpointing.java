package io.analogcomposer.worker.checkpoint;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CheckpointReply;
import io.analogcomposer.spec.messages.CheckpointRequest;
import io.analogcomposer.spec.messages.RunCheckpoint;
import io.analogcomposer.worker.events.EventPublisher;
import io.analogcomposer.worker.events.PublishFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.core.JacksonException;

/**
 * Saves and fetches runs' training states through the broker (workers reach nothing else): a save is a confirmed
 * {@link RunCheckpoint} event that the API keeps, a fetch a request the API answers on this worker's reply queue.
 * Neither may stop a run: a failed save is logged (the run goes on; a later crash costs more epochs), a failed fetch
 * starts the run from its first epoch.
 */
public class RunCheckpointing {

    private static final Logger log = LoggerFactory.getLogger(RunCheckpointing.class);

    private final CheckpointSettings settings;
    private final RabbitTemplate requests;
    private final Topology topology;
    private final EventPublisher events;

    public RunCheckpointing(CheckpointSettings settings, ConnectionFactory connectionFactory, Topology topology,
            EventPublisher events) {
        this.settings = settings;
        this.topology = topology;
        this.events = events;
        // a template of its own: the shared one has no reply timeout
        this.requests = new RabbitTemplate(connectionFactory);
        this.requests.setReplyTimeout(settings.fetchTimeout().toMillis());
    }

    public CheckpointSettings settings() {
        return settings;
    }

    /** The state saved by an earlier attempt of the run, if the API has one and answers in time. */
    public Optional<CheckpointReply> latest(String runId) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding(StandardCharsets.UTF_8.name());
        props.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        try {
            Message reply = requests.sendAndReceive(topology.checkpointsExchange(), Topology.CHECKPOINT_FETCH_KEY,
                    new Message(SpecJson.write(new CheckpointRequest(runId)).getBytes(StandardCharsets.UTF_8),
                            props));
            if (reply == null) {
                log.warn("No answer within {} to the request for run {}'s saved state; starting from its first "
                        + "epoch", settings.fetchTimeout(), runId);
                return Optional.empty();
            }
            CheckpointReply answer = SpecJson.read(new String(reply.getBody(), StandardCharsets.UTF_8),
                    CheckpointReply.class);
            if (answer.content() != null && !answer.present()) {
                log.warn("The saved state of run {} arrived damaged (checksum mismatch); starting from its first "
                        + "epoch", runId);
                return Optional.empty();
            }
            return answer.present() ? Optional.of(answer) : Optional.empty();
        } catch (AmqpException | JacksonException | IllegalArgumentException e) {
            log.warn("Could not fetch run {}'s saved state ({}); starting from its first epoch", runId,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Sends the state to be kept; false (and logged) when it is too large or the broker did not take it. */
    public boolean save(String runId, int attempt, int epochsDone, byte[] state) {
        if (state.length > settings.maxSize().toBytes()) {
            log.warn("Run {}'s training state of {} bytes is not saved (composer.worker.checkpoints.max-size is {})",
                    runId, state.length, settings.maxSize());
            return false;
        }
        try {
            events.publishTerminal(RunCheckpoint.of(runId, attempt, epochsDone, state));
            return true;
        } catch (PublishFailedException e) {
            log.warn("Could not save run {}'s training state after epoch {}: {}", runId, epochsDone, e.getMessage());
            return false;
        }
    }
}
