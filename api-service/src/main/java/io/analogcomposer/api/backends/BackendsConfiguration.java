package io.analogcomposer.api.backends;

import io.analogcomposer.messaging.workers.LiveWorkersConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** This replica listens to the workers' announcements on its own queue (every replica hears every worker). */
@Configuration(proxyBeanMethods = false)
@Import(LiveWorkersConfiguration.class)
class BackendsConfiguration {}
