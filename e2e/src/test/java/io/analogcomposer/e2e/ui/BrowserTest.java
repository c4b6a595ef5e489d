package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiApplication;
import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;

/**
 * The composer in real headless Chromium against api-service with its real database and broker. Every test class
 * shares one application context (same configuration) and one browser ({@link SharedBrowser}); every test signs in
 * as a fresh user, so tests do not see each other's experiments. Screenshots of each screen go to target/screenshots.
 */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.outbox.poll-interval=50ms")
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
@org.junit.jupiter.api.extension.ExtendWith(SharedBrowser.class)
abstract class BrowserTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * How often a wait looks again: Selenium's default of 500 ms added a quarter of a second on average to every wait
     * whose condition was not met at once, hundreds of times per run.
     */
    static final Duration POLL = Duration.ofMillis(50);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The run's one browser, set by {@link SharedBrowser} before each class. */
    static WebDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;

    String username;
    String password;
    UUID userId;
    private String testName;

    @BeforeEach
    void freshUser(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        username = "ui" + UUID.randomUUID().toString().substring(0, 8);
        password = "pw-" + username;
        userId = accounts.save(new UserAccount(username, encoder.encode(password), UserAccount.Role.USER)).id();
        driver.manage().deleteAllCookies();
        SharedBrowser.clearStorageOnce(getClass(), url(""));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
    }

    /** A page that throws, or a resource the CSP blocks, shows up as a SEVERE console entry: none is allowed. */
    @AfterEach
    void noScriptErrors() {
        screenshot("end");
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                // Expected answers the pages handle (401 before sign-in, 4xx shown as messages) are logged by
                // Chromium as failed resources; script errors and CSP violations are not of that form.
                .filter(e -> !(e.getMessage().contains("/api/v1/")
                        && e.getMessage().contains("Failed to load resource")))
                .toList();
        assertThat(severe).as("browser console errors").isEmpty();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(String hashPath) {
        driver.get(url("/#" + hashPath));
    }

    /** A wait on the browser up to {@code timeout}, looking again every {@link #POLL}. */
    static WebDriverWait waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout, POLL);
    }

    WebElement waitFor(By by) {
        return waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement waitFor(String css) {
        return waitFor(By.cssSelector(css));
    }

    void waitUntil(java.util.function.Function<WebDriver, Boolean> condition, String what) {
        // Lists are re-rendered as data arrives, so an element read a moment ago may have been replaced.
        waiting(WAIT).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    void waitForText(String css, String text) {
        waitUntil(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().anyMatch(e -> e.getText().contains(text));
        }, "'" + text + "' in " + css);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    void type(WebElement input, String text) {
        // Select-all + delete, as a user would: WebElement.clear() fires no input event, so the page would not see
        // a field being emptied.
        input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"),
                org.openqa.selenium.Keys.DELETE);
        input.sendKeys(text);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void signIn() {
        open("/signin");
        type(waitFor("#username"), username);
        type(find("#password"), password);
        find("form button[type=submit]").click();
        waitFor("#nav");
        waitForText("#who", username);
    }

    /** A REST call as this test's user (HTTP Basic, as scripts do), for setting the scene quickly. */
    tools.jackson.databind.JsonNode rest(String method, String path, String json) {
        try {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(url(path)))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString(
                                    (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, json == null
                            ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(json));
            try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
                java.net.http.HttpResponse<String> response = client.send(request.build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("%s %s → %s", method, path, response.body()).isLessThan(300);
                return response.body().isEmpty()
                        ? null
                        : io.analogcomposer.spec.json.SpecJson.mapper().readTree(response.body());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(getClass().getSimpleName() + "-" + testName + "-" + name + ".png"), png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
