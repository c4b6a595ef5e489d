package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccountRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. Public: the web UI's static assets, health and metrics probes, the API description, the
 * schema and the read-only catalogue. Everything else under {@code /api} needs a signed-in account.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers("/", "/index.html", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/error")
                .permitAll().requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                .permitAll().requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                .requestMatchers("/api/v1/schema", "/api/v1/catalogue", "/api/v1/templates/**", "/api/v1/presets/**")
                .permitAll().anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(new ProblemAuthenticationEntryPoint()))
                .exceptionHandling(e -> e.authenticationEntryPoint(new ProblemAuthenticationEntryPoint()))
                // Scripts authenticate on every request with a header and cannot be driven by another site;
                // CSRF protection is for browser sessions.
                .csrf(csrf -> csrf.ignoringRequestMatchers(request -> request.getHeader("Authorization") != null));
        return http.build();
    }

    @Bean
    UserDetailsService userDetailsService(UserAccountRepository accounts) {
        return username -> accounts.findByUsername(username).map(AccountPrincipal::of)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
