package io.spikemesh.runtime.transport;

/**
 * Carries spike frames between partitions: in-JVM (direct hand-over), Aeron IPC or Aeron UDP. Frames of one link
 * (source partition, destination partition) arrive in the order they were sent; nothing else is ordered.
 *
 * <p>Lifecycle: create, {@link #sender} for every source partition, {@link #start}, send, {@link #close}.
 */
public interface Transport extends AutoCloseable {
    /** {@code inproc}, {@code ipc} or {@code udp}. */
    String name();

    /** The sender for frames from {@code sourcePartition}. */
    FrameSender sender(int sourcePartition);

    /** Starts delivering received frames to {@code handler}. */
    void start(FrameHandler handler);

    /** Offers that found the transport busy and were retried. */
    long backPressureEvents();

    /** Stops delivery and releases threads, buffers and driver files. Idempotent. */
    @Override
    void close();
}
