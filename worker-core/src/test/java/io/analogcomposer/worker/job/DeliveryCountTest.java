package io.analogcomposer.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageProperties;

class DeliveryCountTest {

    private static MessageProperties props(boolean redelivered, Object... headers) {
        MessageProperties p = new MessageProperties();
        p.setRedelivered(redelivered);
        for (int i = 0; i < headers.length; i += 2) {
            p.setHeader((String) headers[i], headers[i + 1]);
        }
        return p;
    }

    @Test
    void aFirstDeliveryHasNoHistory() {
        DeliveryCount count = DeliveryCount.of(props(false));
        assertThat(count.priorCrashes()).isZero();
        assertThat(count.priorExecutions()).isZero();
        assertThat(count.needsRecount()).isFalse();
    }

    @Test
    void quorumQueuesCountForTheWorker() {
        // RabbitMQ sends the count as a long
        DeliveryCount count = DeliveryCount.of(props(true, DeliveryCount.BROKER_COUNT_HEADER, 2L));
        assertThat(count.priorCrashes()).isEqualTo(2);
        assertThat(count.needsRecount()).isFalse();
    }

    @Test
    void aPlainRedeliveryCountsOneCrashAndMustBeRepublishedBeforeItRuns() {
        DeliveryCount count = DeliveryCount.of(props(true, DeliveryCount.CRASHES_HEADER, 1));
        assertThat(count.needsRecount()).isTrue();
        assertThat(count.priorCrashes()).isEqualTo(2);
    }

    @Test
    void handBacksMakeNewAttemptsButNotCrashes() {
        DeliveryCount count = DeliveryCount.of(props(false, DeliveryCount.CRASHES_HEADER, 1,
                DeliveryCount.HAND_BACKS_HEADER, 2));
        assertThat(count.priorCrashes()).isEqualTo(1);
        assertThat(count.priorExecutions()).isEqualTo(3);
    }

    @Test
    void countsCarriedAcrossARepublishAddToTheBrokersCount() {
        DeliveryCount count = DeliveryCount.of(props(true, DeliveryCount.CRASHES_HEADER, 1,
                DeliveryCount.BROKER_COUNT_HEADER, 1));
        assertThat(count.priorCrashes()).isEqualTo(2);
    }

    @Test
    void unreadableHeadersCountAsAbsent() {
        DeliveryCount count = DeliveryCount.of(props(false, DeliveryCount.CRASHES_HEADER, "lots"));
        assertThat(count.priorCrashes()).isZero();
    }
}
