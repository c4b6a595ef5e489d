package io.analogcomposer.api.security;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The rules for user names and passwords, shared by sign-up, admin creation and password change. */
final class Accounts {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 200;

    private Accounts() {
    }

    static UserAccount create(UserAccountRepository accounts, PasswordEncoder encoder,
            AuthController.Credentials credentials, UserAccount.Role role) {
        String username = credentials == null ? null : credentials.username();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiProblem.badRequest("Invalid user name", new FieldError("/username",
                    "3 to 64 letters, digits, dots, dashes or underscores", "[A-Za-z0-9._-]{3,64}"));
        }
        checkPassword("/password", credentials.password());
        if (accounts.existsByUsernameIgnoreCase(username)) {
            throw ApiProblem.conflict("The user name '" + username + "' is taken");
        }
        return accounts.save(new UserAccount(username, encoder.encode(credentials.password()), role));
    }

    static void checkPassword(String pointer, String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ApiProblem.badRequest("Invalid password", new FieldError(pointer,
                    "a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters",
                    MIN_PASSWORD + ".." + MAX_PASSWORD + " characters"));
        }
    }
}
