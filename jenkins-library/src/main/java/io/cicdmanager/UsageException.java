package io.cicdmanager;

/**
 * Bad input a person can fix: a wrong argument, an invalid policy or spec. The command line turns it into exit
 * code 2 and prints the message alone, so the message must say what is wrong and where.
 */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
