package io.analogcomposer.testsupport;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * A reachable AMQP 0-9-1 broker. Test runs isolate themselves by a unique name prefix on every exchange and
 * queue they declare (the guest account cannot create virtual hosts), and delete those names when done.
 */
public record RabbitServer(String host, int port, String user, String password) {

    /** A prefix no other run uses, e.g. {@code t3f9a1c.}, for {@code composer.messaging.prefix}. */
    public String newNamePrefix() {
        return "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8) + ".";
    }

    public Connection connect(int timeoutMillis) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setConnectionTimeout(timeoutMillis);
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("analog-composer-tests");
    }

    /** Deletes the given queues and exchanges; names that do not exist are ignored. */
    public void delete(Collection<String> queues, Collection<String> exchanges) {
        try (Connection connection = connect(5000)) {
            for (String queue : queues) {
                try (Channel ch = connection.createChannel()) {
                    ch.queueDelete(queue);
                }
            }
            for (String exchange : exchanges) {
                try (Channel ch = connection.createChannel()) {
                    ch.exchangeDelete(exchange);
                }
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("Could not clean up test queues/exchanges on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }
}
