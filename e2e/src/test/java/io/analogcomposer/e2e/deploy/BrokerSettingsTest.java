package io.analogcomposer.e2e.deploy;

import static io.analogcomposer.e2e.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The example operator-run RabbitMQ and the compose one raise consumer_timeout alike (workers hold jobs for a run). */
class BrokerSettingsTest {

    @Test
    void consumerTimeoutIsTheSameEverywhere() {
        String conf = Manifests.read(Manifests.root().resolve("deploy/rabbitmq/rabbitmq.conf"));
        var cluster = Kustomize.single(Manifests.root().resolve("deploy/k8s/infra-example/rabbitmq.yaml"));
        String additional = (String) map(map(cluster.get("spec")).get("rabbitmq")).get("additionalConfig");
        assertThat(timeout(additional)).isEqualTo(timeout(conf)).isGreaterThan(30L * 60 * 1000);
    }

    private static long timeout(String config) {
        Matcher m = Pattern.compile("(?m)^consumer_timeout = (\\d+)$").matcher(config);
        assertThat(m.find()).as("consumer_timeout in " + config).isTrue();
        return Long.parseLong(m.group(1));
    }
}
