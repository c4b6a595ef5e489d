package io.analogcomposer.api.account;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashing: Spring Security's delegating encoder, so stored hashes name their algorithm. New hashes are
 * Argon2id (Spring Security's 5.8 parameters), which takes the whole password; bcrypt reads only the first 72
 * bytes and refuses longer ones, while our policy allows 200 characters. Hashes stored with bcrypt still match.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    static final String ARGON2 = "argon2@SpringSecurity_v5_8";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(ARGON2,
                Map.of(ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                        "bcrypt", new LegacyBcrypt()));
    }

    /** bcrypt for hashes made before Argon2; a password too long for bcrypt simply does not match them. */
    private static final class LegacyBcrypt implements PasswordEncoder {

        private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

        @Override
        public String encode(CharSequence rawPassword) {
            return bcrypt.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            try {
                return bcrypt.matches(rawPassword, encodedPassword);
            } catch (IllegalArgumentException tooLong) {
                return false;
            }
        }
    }
}
