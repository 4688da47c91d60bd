package io.spikemesh.protocol;

/**
 * An error the user can cause and fix: a bad model file, a bad option, a missing dataset, a port in use.
 *
 * <p>The message alone must tell what is wrong and what to do; the command-line tool prints it (without a stack trace)
 * and exits non-zero. Programming errors stay ordinary unchecked exceptions.
 */
public class SpikemeshException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpikemeshException(String message) {
        super(message);
    }

    public SpikemeshException(String message, Throwable cause) {
        super(message, cause);
    }
}
