package io.spikemesh.protocol;

/**
 * A model (file or in-memory message) that breaks the model file's rules. The message names the layer and the field
 * and says what was expected, so the user can tell the converter or the file apart.
 */
public class InvalidModelException extends SpikemeshException {
    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
