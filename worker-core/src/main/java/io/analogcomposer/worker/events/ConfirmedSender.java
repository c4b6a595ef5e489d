package io.analogcomposer.worker.events;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Sends a message and waits for the broker's publisher confirm, so "sent" means "the broker has it". Needs
 * {@code spring.rabbitmq.publisher-confirm-type=correlated}.
 */
public class ConfirmedSender {

    private static final Logger log = LoggerFactory.getLogger(ConfirmedSender.class);
    /** How long one attempt waits for its confirm before it counts as failed. */
    private static final Duration CONFIRM_WAIT = Duration.ofSeconds(5);

    private final RabbitTemplate rabbit;

    public ConfirmedSender(RabbitTemplate rabbit) {
        this.rabbit = rabbit;
    }

    /** One attempt. */
    public void sendOnce(String exchange, String routingKey, Message message) throws PublishFailedException {
        CorrelationData correlation = new CorrelationData();
        String what = routingKey + " on " + exchange;
        try {
            rabbit.send(exchange, routingKey, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture().get(CONFIRM_WAIT.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!confirm.ack()) {
                throw new PublishFailedException("the broker refused " + what + ": " + confirm.reason(), null);
            }
        } catch (AmqpException | ExecutionException e) {
            throw new PublishFailedException("could not send " + what + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new PublishFailedException("no confirm for " + what + " within " + CONFIRM_WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while sending " + what, e);
        }
    }

    /** Retries with backoff until the broker confirms or {@code timeout} passes (a broker restart, a failover). */
    public void send(String exchange, String routingKey, Message message, Duration timeout)
            throws PublishFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoffMillis = 200;
        while (true) {
            try {
                sendOnce(exchange, routingKey, message);
                return;
            } catch (PublishFailedException e) {
                if (System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
                    throw e;
                }
                log.warn("{}; retrying in {} ms", e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }
}
