package io.analogcomposer.api.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.api.security.RateLimits;
import io.analogcomposer.api.security.SecuritySettings;
import io.analogcomposer.testsupport.IsolatedDatabase;
import io.analogcomposer.testsupport.TestServices;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The login budget, the body limit and the signed URLs' expiry, without a server. */
class CompatGuardsAndUrlsTest {

    private static final CompatProperties PROPERTIES = new CompatProperties("aihw",
            "a shared secret of at least 32 bytes", Duration.ofMinutes(15),
            DataSize.ofKilobytes(64));
    private static final String JWT_SECRET = "the sign-in tokens' secret, 32 bytes or more";

    @AfterEach
    void clearRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void thePrefixIsNormalizedToLeadingAndTrailingSlashes() {
        assertThat(PROPERTIES.prefix()).isEqualTo("/aihw/");
        assertThat(PROPERTIES.base()).isEqualTo("/aihw");
    }

    @Test
    void loginsShareTheSignInBudgetOfTheAddressAndBodiesAreBounded() throws Exception {
        SecuritySettings settings = new SecuritySettings(false, "", Duration.ofHours(1), 5, Duration.ofMinutes(1),
                Duration.ofHours(1), 2, 120, DataSize.ofBytes(100), 4, 100);
        try (IsolatedDatabase database = TestServices.postgres().createDatabase()) {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.user(),
                    database.password());
            new ResourceDatabasePopulator(new ClassPathResource("db/migration/V10__rate_limit_buckets.sql"))
                    .execute(dataSource);
            loginsShareTheSignInBudget(settings, new RateLimits(dataSource));
        }
    }

    private void loginsShareTheSignInBudget(SecuritySettings settings, RateLimits limits) throws Exception {
        CompatGuards guards = new CompatGuards(settings, limits, PROPERTIES);
        assertThat(status(guards, "POST", "/aihw/token/login", 10)).isEqualTo(200);
        assertThat(limits.tryConsume("sign-in:127.0.0.1", 2)).as("the same budget as the web sign-in").isZero();
        MockHttpServletResponse refused = response(guards, "POST", "/aihw/token/login", 10);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotBlank();
        assertThat(refused.getContentAsString()).contains("\"message\"");
        assertThat(status(guards, "POST", "/aihw/experiments", 101)).isEqualTo(413);
        assertThat(status(guards, "PUT", "/aihw/files/inputs/x", 1000)).as("uploads have their own limit")
                .isEqualTo(200);
    }

    @Test
    void aSignedUrlWorksForItsPurposeAndObjectUntilItExpires() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/aihw/inputs");
        request.setServerName("composer.example.org");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        Instant now = Instant.parse("2026-11-23T20:00:00Z");
        SignedUrls urls = new SignedUrls(PROPERTIES, JWT_SECRET, Clock.fixed(now, ZoneOffset.UTC));
        UUID id = UUID.randomUUID();
        String url = urls.url(SignedUrls.Purpose.UPLOAD_INPUT, id);
        Matcher m = Pattern.compile("^http://composer\\.example\\.org/aihw/files/inputs/" + id
                + "\\?expires=(\\d+)&signature=([0-9a-f]{64})$").matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        long expires = Long.parseLong(m.group(1));
        assertThat(expires).isEqualTo(now.plus(Duration.ofMinutes(15)).getEpochSecond());
        String signature = m.group(2);
        assertThat(urls.valid(SignedUrls.Purpose.UPLOAD_INPUT, id, expires, signature)).isTrue();
        assertThat(urls.valid(SignedUrls.Purpose.DOWNLOAD_INPUT, id, expires, signature)).isFalse();
        assertThat(urls.valid(SignedUrls.Purpose.UPLOAD_INPUT, UUID.randomUUID(), expires, signature)).isFalse();
        // Another replica with the same secret accepts it until it expires.
        SignedUrls replica = new SignedUrls(PROPERTIES, JWT_SECRET,
                Clock.fixed(now.plus(Duration.ofMinutes(14)), ZoneOffset.UTC));
        assertThat(replica.valid(SignedUrls.Purpose.UPLOAD_INPUT, id, expires, signature)).isTrue();
        SignedUrls later = new SignedUrls(PROPERTIES, JWT_SECRET,
                Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
        assertThat(later.valid(SignedUrls.Purpose.UPLOAD_INPUT, id, expires, signature)).as("expired").isFalse();
    }

    @Test
    void withoutAUrlSecretReplicasSharingTheJwtSecretAcceptEachOthersUrls() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/aihw/inputs");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        CompatProperties noUrlSecret = new CompatProperties("aihw", "", Duration.ofMinutes(15),
                DataSize.ofKilobytes(64));
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
        SignedUrls one = new SignedUrls(noUrlSecret, JWT_SECRET, clock);
        SignedUrls restartedOrOther = new SignedUrls(noUrlSecret, JWT_SECRET, clock);
        SignedUrls otherInstallation = new SignedUrls(noUrlSecret, JWT_SECRET + "!", clock);
        UUID id = UUID.randomUUID();
        Matcher m = Pattern.compile("expires=(\\d+)&signature=([0-9a-f]{64})$")
                .matcher(one.url(SignedUrls.Purpose.DOWNLOAD_OUTPUT, id));
        assertThat(m.find()).isTrue();
        long expires = Long.parseLong(m.group(1));
        assertThat(restartedOrOther.valid(SignedUrls.Purpose.DOWNLOAD_OUTPUT, id, expires, m.group(2))).isTrue();
        assertThat(otherInstallation.valid(SignedUrls.Purpose.DOWNLOAD_OUTPUT, id, expires, m.group(2))).isFalse();
        assertThatThrownBy(() -> new SignedUrls(noUrlSecret, "", clock)).hasMessageContaining("jwt-secret");
    }

    private static int status(CompatGuards guards, String method, String path, int length) throws Exception {
        return response(guards, method, path, length).getStatus();
    }

    private static MockHttpServletResponse response(CompatGuards guards, String method, String path, int length)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setContent(new byte[length]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        guards.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
