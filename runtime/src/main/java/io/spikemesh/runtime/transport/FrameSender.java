package io.spikemesh.runtime.transport;

/**
 * Sends the frames of one source partition. Used by one thread at a time (the partition's actor), so it may keep
 * scratch buffers; different partitions' senders may be used concurrently.
 */
public interface FrameSender {
    /**
     * Sends one frame to {@code destination}. Never drops: when the transport is busy the call retries (counting a
     * back-pressure event) until the frame is accepted or the transport is closed.
     *
     * <p>The arrays are handed over: the in-JVM transport delivers them as they are, so the caller must not modify
     * them afterwards (allocate fresh ones per step; all destinations of one step may share them).
     *
     * @param positive strictly ascending local indices that fired +1, exact length
     * @param negative strictly ascending local indices that fired -1, exact length
     * @return the encoded size of the frame in bytes
     */
    int send(long sampleId, int timeStep, int destination, int[] positive, int[] negative);
}
