package io.analogcomposer.api.security;

import io.analogcomposer.api.conductance.ConductanceFileSettings;

import io.analogcomposer.api.account.UserAccountRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.http.HttpStatus;

/**
 * Who may call what, and how callers prove who they are.
 *
 * <ul>
 * <li>Browsers sign in at {@code POST /api/v1/auth/login} and then hold a session cookie (HttpOnly, SameSite,
 * Secure behind TLS); state-changing requests need the CSRF token from the {@code XSRF-TOKEN} cookie in the
 * {@code X-XSRF-TOKEN} header.</li>
 * <li>Scripts send {@code Authorization: Bearer <api token or JWT>} (or HTTP Basic); such requests cannot be
 * forged by another site, so they need no CSRF token.</li>
 * <li>Public: the web UI's assets, health and metrics probes, the API description, the schema and the
 * read-only catalogue, sign-in, sign-up (when enabled) and the token exchange.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration {

    /** The web UI needs nothing from other origins; inline styles are allowed for charts. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, BearerAuthentication bearer, SecuritySettings settings,
            RateLimits limits, ConductanceFileSettings conductanceFiles, UserAccountRepository accounts)
            throws Exception {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(limits, settings);
        AuthenticationManager bearerManager = bearer::authenticate;
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers("/", "/index.html", "/*.html", "/css/**", "/js/**", "/img/**", "/vendor/**",
                        "/favicon.ico", "/error")
                .permitAll().requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                .permitAll().requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                // computed by a worker for a user, unlike the rest of the public catalogue
                .requestMatchers(HttpMethod.GET, "/api/v1/presets/*/response-curve").authenticated()
                .requestMatchers(HttpMethod.GET, "/api/v1/schema", "/api/v1/catalogue", "/api/v1/templates/**",
                        "/api/v1/presets/**")
                .permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/auth/login", "/api/v1/auth/signup", "/api/v1/auth/token")
                .permitAll().requestMatchers("/api/v1/admin/**").hasRole("ADMIN").anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .oauth2ResourceServer(rs -> rs.authenticationManagerResolver(request -> bearerManager)
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .csrf(csrf -> csrf.spa()
                        // A header credential cannot be forged by another site, but a request that also carries
                        // the session cookie might be authenticated by the cookie: only header-only requests
                        // skip the check.
                        .ignoringRequestMatchers(request -> request.getHeader("Authorization") != null
                                && request.getRequestedSessionId() == null)
                        // The token exchange is for scripts: its credential is in the body, not in a cookie.
                        .ignoringRequestMatchers("/api/v1/auth/token"))
                .logout(logout -> logout.logoutUrl("/api/v1/auth/logout")
                        .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new RequestGuards(settings, limits, conductanceFiles.maxSize().toBytes()),
                        DisableEncodeUrlFilter.class)
                .addFilterBefore(new SessionFreshness(accounts), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    UserDetailsService userDetailsService(UserAccountRepository accounts) {
        return username -> accounts.findByUsername(username).map(AccountPrincipal::of)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

}
