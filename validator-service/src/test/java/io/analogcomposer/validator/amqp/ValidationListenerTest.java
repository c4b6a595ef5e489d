package io.analogcomposer.validator.amqp;

import static io.analogcomposer.validator.TestDocuments.bytes;
import static io.analogcomposer.validator.TestDocuments.request;
import static io.analogcomposer.validator.TestDocuments.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.rabbitmq.client.Channel;
import io.analogcomposer.messaging.MessagingProperties;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.validator.ValidatorProperties;
import io.analogcomposer.validator.routing.CancelledRuns;
import io.analogcomposer.validator.routing.RunRouter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Acknowledgement follows the broker's confirms: ack only after every publication was confirmed. */
class ValidationListenerTest {

    final Topology topology = new Topology(new MessagingProperties("", true, 3));
    final ValidatorProperties properties = new ValidatorProperties(false, 2_097_152, 1, Duration.ofMillis(200), 10,
            20_000_000L, 12_000_000L, 20_000_000L, 1_048_576, Duration.ofHours(48), 5_000_000_000L,
            org.springframework.util.unit.DataSize.ofGigabytes(4));
    final RabbitTemplate rabbit = mock(RabbitTemplate.class);
    final Channel channel = mock(Channel.class);
    final List<String> published = new ArrayList<>();
    final ValidationListener listener = new ValidationListener(
            new RunRouter(Validator.standard(), new CancelledRuns(10), properties.maxMessageBytes()), rabbit,
            topology, properties, new SimpleMeterRegistry());

    Message delivery(byte[] body) {
        MessageProperties props = new MessageProperties();
        props.setDeliveryTag(42L);
        return new Message(body, props);
    }

    void brokerConfirms(boolean ack) {
        doAnswer(call -> {
            published.add(call.getArgument(0) + "/" + call.getArgument(1));
            CorrelationData correlation = call.getArgument(3);
            correlation.getFuture().complete(new CorrelationData.Confirm(ack, ack ? null : "nacked"));
            return null;
        }).when(rabbit).send(anyString(), anyString(), any(Message.class), any(CorrelationData.class));
    }

    @Test
    void aValidRunIsAcknowledgedAfterTheJobAndThenItsEventWereConfirmed() throws Exception {
        brokerConfirms(true);
        listener.onMessage(delivery(bytes(request("r", null, template("3fc-training")))), channel);
        assertThat(published).containsExactly("composer.jobs/cpu", "composer.events/run.validated");
        verify(channel).basicAck(42L, false);
        verify(channel, never()).basicNack(anyLong(), anyBoolean(), anyBoolean());
    }

    @Test
    void whenTheBrokerRefusesTheRequestGoesBackToTheQueue() throws Exception {
        brokerConfirms(false);
        listener.onMessage(delivery(bytes(request("r", null, template("3fc-training")))), channel);
        verify(channel).basicNack(42L, false, true);
        verify(channel, never()).basicAck(anyLong(), anyBoolean());
    }

    @Test
    void whenNoConfirmArrivesTheRequestGoesBackToTheQueue() throws Exception {
        // send() returns but the broker never confirms: the listener must not wait forever nor acknowledge.
        listener.onMessage(delivery(bytes(request("r", null, template("3fc-training")))), channel);
        verify(channel).basicNack(42L, false, true);
        verify(channel, never()).basicAck(anyLong(), anyBoolean());
    }

    @Test
    void anUnreadableMessageIsAcknowledgedOnlyOnceItsDeadLetterCopyIsConfirmed() throws Exception {
        brokerConfirms(true);
        listener.onMessage(delivery("{oops".getBytes()), channel);
        assertThat(published).containsExactly("composer.dead-letter/jobs.validate");
        verify(channel).basicAck(42L, false);
        verify(rabbit).send(eq("composer.dead-letter"), eq("jobs.validate"),
                org.mockito.ArgumentMatchers.argThat((Message m) -> String
                        .valueOf(m.getMessageProperties().getHeaders().get(ValidationListener.REASON_HEADER))
                        .contains("not a readable RunRequested")),
                any(CorrelationData.class));
    }
}
