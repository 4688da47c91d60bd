package io.spikemesh.protocol.frame;

import io.spikemesh.protocol.SpikemeshException;

/** A received spike frame could not be decoded: truncated, malformed, or out of the receiver's bounds. */
public final class CorruptFrameException extends SpikemeshException {
    private static final long serialVersionUID = 1L;

    public CorruptFrameException(String message) {
        super(message);
    }

    public CorruptFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
