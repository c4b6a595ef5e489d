package io.analogcomposer.worker.events;

/** The broker did not confirm a message in time (unreachable, or it refused it). */
public class PublishFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
