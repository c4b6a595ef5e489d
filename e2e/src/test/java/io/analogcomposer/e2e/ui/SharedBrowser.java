package io.analogcomposer.e2e.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium for every browser test class of the run: starting one per class cost seconds each. It is
 * opened for the first class and quit by JUnit when the run ends. Every class still starts as on a fresh profile:
 * before it, the previous class's page is left (answering a "leave without saving?" question it may ask), and
 * before its first test the site's cookies and storage are cleared.
 */
final class SharedBrowser implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBrowser.class);

    /** The class whose first test has cleared the site's storage. */
    private static Class<?> cleared;

    /** The browser; closed by JUnit with the root context's store. */
    private record Browser(ChromeDriver driver) implements AutoCloseable {

        static Browser open() {
            try {
                ChromeOptions options = new ChromeOptions();
                options.setBinary("/usr/bin/chromium");
                Path profile = Files.createTempDirectory("composer-chromium-");
                options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1280,800", "--user-data-dir=" + profile);
                LoggingPreferences logs = new LoggingPreferences();
                logs.enable(LogType.BROWSER, Level.ALL);
                options.setCapability("goog:loggingPrefs", logs);
                ChromeDriverService service = new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
                return new Browser(new ChromeDriver(service, options));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            driver.quit();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        BrowserTest.driver = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Browser.class, key -> Browser.open(), Browser.class).driver();
        leavePage();
    }

    /** Leaves whatever page the previous class ended on, accepting the "leave?" question an editor may ask. */
    private static void leavePage() {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                BrowserTest.driver.switchTo().alert().accept();
            } catch (NoAlertPresentException none) {
                // nothing asked
            }
            try {
                BrowserTest.driver.get("about:blank");
                return;
            } catch (UnhandledAlertException asked) {
                // a question came up on leaving: answered on the next round
            }
        }
    }

    /** Clears the site's cookies and storage before the first test of each class, as a new profile would have. */
    static void clearStorageOnce(Class<?> testClass, String origin) {
        if (cleared == testClass) {
            return;
        }
        ((ChromeDriver) BrowserTest.driver).executeCdpCommand("Storage.clearDataForOrigin",
                Map.<String, Object>of("origin", origin, "storageTypes", "all"));
        cleared = testClass;
    }
}
