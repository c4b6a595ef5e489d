package io.analogcomposer.api.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account settings.
 *
 * @param demoUser whether a {@code demo} account with a generated password is created on first start (the
 *        standalone mode turns it on; a shared server should leave it off)
 */
@ConfigurationProperties("composer.accounts")
public record AccountProperties(@DefaultValue("false") boolean demoUser) {}
