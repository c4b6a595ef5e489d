package io.analogcomposer.api.account;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the {@code demo} account on a fresh installation so a newcomer can sign in at once. The password is
 * generated, printed to the log exactly once and stored only as a hash; later starts leave the account alone.
 */
@Component
class DemoUser implements ApplicationRunner {

    static final String USERNAME = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoUser.class);

    private final AccountProperties properties;
    private final UserAccountRepository accounts;
    private final PasswordEncoder passwordEncoder;

    DemoUser(AccountProperties properties, UserAccountRepository accounts, PasswordEncoder passwordEncoder) {
        this.properties = properties;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!properties.demoUser() || accounts.existsByUsernameIgnoreCase(USERNAME)) {
            return;
        }
        String password = generatePassword();
        accounts.save(new UserAccount(USERNAME, passwordEncoder.encode(password), UserAccount.Role.USER));
        log.warn("""

                ==================================================================
                  Created the demo account. Sign in with
                    user:     {}
                    password: {}
                  This password is shown only once; change it after signing in.
                ==================================================================""", USERNAME, password);
    }

    private static String generatePassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
