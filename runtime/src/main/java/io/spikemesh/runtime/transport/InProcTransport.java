package io.spikemesh.runtime.transport;

import io.spikemesh.protocol.frame.SpikeFrameCodec;

/**
 * Frames handed over inside the JVM on the sender's thread: the handler (which tells the destination actor) runs
 * synchronously, nothing is encoded. Bytes are still metered as the encoded size, so traffic reports of all
 * transports are comparable. Never back-pressured: the actor mailboxes are unbounded and the coordinator's sample
 * window bounds what is in flight.
 */
public final class InProcTransport implements Transport {
    private volatile FrameHandler handler;
    private volatile boolean closed;

    @Override
    public String name() {
        return TransportKind.INPROC.id();
    }

    @Override
    public FrameSender sender(int sourcePartition) {
        return (sampleId, timeStep, destination, positive, negative) -> {
            FrameHandler target = handler;
            if (target == null || closed) {
                throw new IllegalStateException("in-JVM transport is " + (closed ? "closed" : "not started"));
            }
            int bytes = SpikeFrameCodec.encodedLength(sampleId, timeStep, sourcePartition, destination, positive,
                    positive.length, negative, negative.length);
            target.onFrame(new Frame(sampleId, timeStep, sourcePartition, destination, positive, negative, bytes));
            return bytes;
        };
    }

    @Override
    public void start(FrameHandler handler) {
        this.handler = handler;
    }

    @Override
    public long backPressureEvents() {
        return 0;
    }

    @Override
    public void close() {
        closed = true;
    }
}
