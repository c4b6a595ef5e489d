package io.analogcomposer.api.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for unpublished messages (the safety net: messages normally leave
 *        as soon as their transaction commits)
 * @param batchSize how many messages one pass publishes at most
 * @param confirmTimeout how long to wait for the broker to confirm one message before retrying later
 * @param retention how long published messages are kept (for inspection) before they are deleted
 * @param publishOnCommit whether a commit that wrote to the outbox starts a pass at once; off, messages wait for the
 *        poll (for tests that play the relay themselves)
 */
@ConfigurationProperties("composer.outbox")
public record OutboxProperties(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("100") int batchSize,
        @DefaultValue("5s") Duration confirmTimeout, @DefaultValue("1d") Duration retention,
        @DefaultValue("true") boolean publishOnCommit) {}
