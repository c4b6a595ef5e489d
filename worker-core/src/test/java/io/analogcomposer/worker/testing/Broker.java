package io.analogcomposer.worker.testing;

import com.rabbitmq.client.GetResponse;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.amqp.core.MessageProperties;
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
     * Takes the next message of a queue and gives it back unacknowledged, as a worker that dies holding a job does;
     * returns false when the queue stayed empty for a few seconds (a quorum queue takes a moment to show a message
     * just published).
     */
    public static boolean takeAndDie(RabbitTemplate rabbit, String queue) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            boolean taken = rabbit.execute(ch -> {
                GetResponse response = ch.basicGet(queue, false);
                if (response == null) {
                    return false;
                }
                ch.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
                return true;
            });
            if (taken || System.nanoTime() > deadline) {
                return taken;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
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
