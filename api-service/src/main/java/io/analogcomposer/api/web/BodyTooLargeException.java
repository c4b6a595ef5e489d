package io.analogcomposer.api.web;

import java.io.IOException;

/** A body sent without a declared length (chunked) grew past the limit while it was being read. */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("The request body is larger than the " + limit + " bytes accepted.");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
