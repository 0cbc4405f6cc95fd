package dev.graphlens.tls;

/** The CA cannot be created or used; the message says what is wrong and how to fix it. */
public class CaException extends Exception {
    public CaException(String message) {
        super(message);
    }

    public CaException(String message, Throwable cause) {
        super(message, cause);
    }
}
