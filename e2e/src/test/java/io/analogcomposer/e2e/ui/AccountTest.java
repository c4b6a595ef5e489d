package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** API tokens from the account page: created, shown once, usable by scripts, revoked. */
class AccountTest extends BrowserTest {

    private int meWith(String token) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url("/api/v1/auth/me")))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    @Test
    void createATokenCopyItOnceUseItAndRevokeIt() throws Exception {
        signIn();
        find("a[href='#/account']").click();
        waitForText("h1", "Account");
        waitFor("#tokens + p, .empty");

        type(find("#token-name"), "laptop CLI");
        type(find("#token-days"), "30");
        find("#create-token button[type=submit]").click();
        WebElement secret = waitFor("#token-secret");
        String token = secret.getAttribute("value");
        assertThat(token).hasSizeGreaterThan(20);
        waitFor("#tokens tbody tr[data-state='Active']");
        String prefix = find("#tokens tbody tr code").getText().replace("…", "");
        assertThat(token).startsWith(prefix);
        find("#copy-token").click();
        waitUntil(d -> !find("#new-token [role=status]").getText().isBlank(), "copy feedback");
        screenshot("token-created");

        // A script can use it.
        assertThat(meWith(token)).isEqualTo(200);

        // Shown once: after "I have copied it", and after a reload, the secret is nowhere on the page.
        find("#token-done").click();
        assertThat(find("#new-token").isDisplayed()).isFalse();
        driver.navigate().refresh();
        waitFor("#tokens tbody tr");
        assertThat(driver.getPageSource()).doesNotContain(token);

        find("#tokens button[aria-label='Revoke laptop CLI']").click();
        waitFor("dialog[open]");
        find("dialog[open] button[value='ok']").click();
        waitFor("#tokens tbody tr[data-state='Revoked']");
        assertThat(meWith(token)).isEqualTo(401);
        screenshot("token-revoked");
    }

    @Test
    void aWrongCurrentPasswordIsRefusedAndTheRightOneChangesIt() {
        signIn();
        open("/account");
        type(waitFor("#current-password"), "wrong");
        type(find("#new-password"), "a-new-passphrase-1");
        type(find("#repeat-password"), "a-new-passphrase-1");
        find("#password-form button[type=submit]").click();
        waitForText("#password-form [role=status]", "current password is wrong");

        type(find("#current-password"), password);
        find("#password-form button[type=submit]").click();
        waitForText("#password-form [role=status]", "Password changed");
        password = "a-new-passphrase-1";
        find("#sign-out").click();
        signIn();
    }
}
