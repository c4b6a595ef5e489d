package io.analogcomposer.e2e.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInTest extends BrowserTest {

    @Test
    void aWrongPasswordIsRefusedInPlainWordsAndTheRightOneOpensTheHomePage() {
        open("/");
        // Not signed in: the home page sends the visitor to the sign-in form.
        waitFor("#username");
        assertThat(driver.getCurrentUrl()).endsWith("#/signin");
        screenshot("signin");

        // Self sign-up is off by default: the form says so and whom to ask.
        driver.findElement(org.openqa.selenium.By.xpath("//button[text()='Create an account']")).click();
        waitForText("h1", "Create an account");
        type(find("#username"), "newcomer");
        type(find("#password"), "long-enough-password");
        find("form button[type=submit]").click();
        assertThat(waitFor("#signin-error").getText()).contains("ask an administrator");
        find("form button.link").click();
        waitForText("h1", "Sign in");

        type(find("#username"), username);
        type(find("#password"), "not-the-password");
        find("form button[type=submit]").click();
        assertThat(waitFor("#signin-error").getText()).contains("Wrong user name or password");

        type(find("#password"), password);
        find("form button[type=submit]").click();
        waitForText("h1", "Your experiments");
        assertThat(find("#who").getText()).contains(username);
        assertThat(waitFor(".empty").getText()).contains("no experiments yet");
        screenshot("home-empty");

        find("#sign-out").click();
        waitFor("#username");
        // The session is really gone: reloading the home page asks to sign in again.
        open("/");
        waitFor("#username");
        assertThat(find("#nav").isDisplayed()).isFalse();
    }
}
