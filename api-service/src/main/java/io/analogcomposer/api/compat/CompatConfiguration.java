package io.analogcomposer.api.compat;

import io.analogcomposer.api.compat.CompatViews.ErrorView;
import io.analogcomposer.api.security.BearerAuthentication;
import io.analogcomposer.api.security.RateLimits;
import io.analogcomposer.api.security.SecuritySettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the AIHWKit-compatible API: its path prefix, its own stateless security chain (checked before the main
 * one), and tolerance for the {@code //} that a trailing slash in the client's {@code api_url} produces.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CompatProperties.class)
class CompatConfiguration implements WebMvcConfigurer {

    private final CompatProperties properties;

    CompatConfiguration(CompatProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configurePathMatch(PathMatchConfigurer configurer) {
        configurer.addPathPrefix(properties.base(),
                HandlerTypePredicate.forAssignableType(CompatController.class, CompatFilesController.class));
    }

    /**
     * Only login and the signed transfer URLs are open; everything else needs {@code Authorization: Bearer <jwt>}
     * from login. API tokens themselves are not accepted as bearer here: the client always exchanges them first,
     * and a long-lived secret should not travel on every call when a short-lived one will do. No sessions, no
     * CSRF (nothing here is authorized by a cookie).
     */
    @Bean
    @Order(1)
    SecurityFilterChain compatFilterChain(HttpSecurity http, BearerAuthentication bearer, SecuritySettings settings,
            RateLimits limits) throws Exception {
        String base = properties.base();
        AuthenticationEntryPoint entryPoint = CompatConfiguration::unauthorized;
        AuthenticationManager jwtOnly = authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            if (token.startsWith("aimc_")) {
                throw new BadCredentialsException("exchange the API token for a JWT at " + base + "/token/login");
            }
            return bearer.authenticate(authentication);
        };
        http.securityMatcher(base + "/**")
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.POST, base + "/token/login")
                        .permitAll().requestMatchers(base + "/files/**").permitAll().anyRequest().authenticated())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(csrf -> csrf.disable()).requestCache(cache -> cache.disable())
                .oauth2ResourceServer(rs -> rs.authenticationManagerResolver(request -> jwtOnly)
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .addFilterBefore(new CompatGuards(settings, limits, properties), DisableEncodeUrlFilter.class);
        return http.build();
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
            org.springframework.security.core.AuthenticationException e) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(io.analogcomposer.spec.json.SpecJson.write(new ErrorView(
                "authentication required: log in at token/login and send Authorization: Bearer <jwt> ("
                        + e.getMessage() + ")",
                List.of())));
    }

    /**
     * {@code api_url = https://host/aihw/} makes the client request {@code /aihw//experiments}, which the
     * security firewall rejects as not normalized; collapsing the slashes right after the prefix first lets such
     * a configuration work, as it did against the real composer.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> compatDoubleSlash() {
        String doubled = properties.base() + "//";
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                String uri = request.getRequestURI();
                String path = uri.substring(request.getContextPath().length());
                if (!path.startsWith(doubled)) {
                    chain.doFilter(request, response);
                    return;
                }
                String fixed = properties.base() + "/" + path.substring(doubled.length()).replaceFirst("^/+", "");
                String fixedUri = request.getContextPath() + fixed;
                chain.doFilter(new HttpServletRequestWrapper(request) {
                    @Override
                    public String getRequestURI() {
                        return fixedUri;
                    }

                    @Override
                    public StringBuffer getRequestURL() {
                        StringBuffer url = new StringBuffer(request.getRequestURL());
                        return new StringBuffer(url.substring(0, url.length() - uri.length()) + fixedUri);
                    }

                    @Override
                    public String getServletPath() {
                        return fixed;
                    }
                }, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns(properties.base() + "/*");
        return registration;
    }
}
