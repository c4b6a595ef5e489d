package io.analogcomposer.worker.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** What tests do to the broker directly, as another service or a dying worker would. */
public final class Broker {

    private Broker() {
    }

    /** Publishes a message as the format's JSON, with extra headers. */
    public static void publish(RabbitTemplate rabbit, String exchange, String key, RunMessage message,
            Map<String, Object> headers) {
        publishRaw(rabbit, exchange, key, SpecJson.write(message).getBytes(StandardCharsets.UTF_8), headers);
    }

    public static void publishRaw(RabbitTemplate rabbit, String exchange, String key, byte[] body,
            Map<String, Object> headers) {
        rabbit.execute(ch -> {
            var props = new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                    .contentType(MessageProperties.CONTENT_TYPE_JSON).deliveryMode(2).headers(Map.copyOf(headers))
                    .build();
            ch.basicPublish(exchange, key, props, body);
            return null;
        });
    }

    /**
     * Takes the next message of a queue and dies holding it, as a worker process does when it is killed: on its own
     * connection, closed without acknowledging. Returns false when the queue stayed empty for a few seconds (a quorum
     * queue takes a moment to show a message just published).
     */
    public static boolean takeAndDie(RabbitTemplate rabbit, String queue) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        com.rabbitmq.client.ConnectionFactory factory = ((AbstractConnectionFactory) rabbit.getConnectionFactory())
                .getRabbitConnectionFactory();
        try {
            while (true) {
                try (Connection connection = factory.newConnection("dying-worker")) {
                    Channel channel = connection.createChannel();
                    if (channel.basicGet(queue, false) != null) {
                        return true; // closing the connection returns the unacknowledged message
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("could not reach the broker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes the next message of a queue for good; null when empty. */
    public static GetResponse take(RabbitTemplate rabbit, String queue) {
        return rabbit.execute(ch -> {
            GetResponse response = ch.basicGet(queue, false);
            if (response != null) {
                ch.basicAck(response.getEnvelope().getDeliveryTag(), false);
            }
            return response;
        });
    }
}
