package io.spikemesh.runtime.transport;

/** Receives frames from a transport, on the transport's thread (an Agrona agent, or the sender's for in-JVM). */
public interface FrameHandler {
    /** A frame for {@link Frame#destination()}; must not block. */
    void onFrame(Frame frame);

    /** The transport failed and will deliver nothing more (for example the media driver died). */
    void onTransportError(Throwable error);
}
