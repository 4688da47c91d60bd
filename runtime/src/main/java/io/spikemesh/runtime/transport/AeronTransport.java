package io.spikemesh.runtime.transport;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.FragmentHandler;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.protocol.frame.MutableSpikeFrame;
import io.spikemesh.protocol.frame.SpikeFrameCodec;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Spike frames over Aeron, IPC or UDP. Partitions encode frames into an outbound ring buffer; one Agrona agent
 * offers them to the publication, polls the subscription, decodes frames and hands them to the {@link FrameHandler}
 * — and also runs the embedded driver's and the client's duty cycles (see {@link AeronMedia}). All links share one
 * stream: every frame names its source and destination partition, as packets on a multicast fabric carry routing
 * keys, and one stream keeps the driver's shared memory at a few MiB however many links there are.
 *
 * <p>Back-pressure never drops a frame: an offer the publication refuses stays in the ring and is retried on the
 * next duty cycle; a full ring makes the sending partition retry. Both count back-pressure events.
 */
public final class AeronTransport implements Transport {
    private static final int FRAME_MSG_TYPE = 1;
    private static final int FRAGMENT_LIMIT = 256;
    private static final int OFFER_LIMIT = 256;

    private final TransportKind kind;
    private final AeronMedia media;
    private final Publication publication;
    private final Subscription subscription;
    private final ManyToOneRingBuffer outbound;
    private final AtomicCounter backPressure;
    private final IdleStrategy idleStrategy;
    private final int maxSpikesPerFrame;
    private final String endpoint;
    private final TransportAgent agent;
    private volatile FrameHandler handler;
    private volatile AgentRunner runner;
    private volatile boolean closed;

    private AeronTransport(TransportKind kind, AeronMedia media, String subscriptionChannel,
                           String publicationChannelPrefix, int streamId, int maxSpikesPerFrame,
                           IdleStrategy idleStrategy, AtomicCounter backPressure, String describedEndpoint) {
        this.kind = kind;
        this.media = media;
        this.maxSpikesPerFrame = maxSpikesPerFrame;
        this.idleStrategy = idleStrategy;
        this.backPressure = backPressure;
        this.agent = new TransportAgent();
        int maxFrame = SpikeFrameCodec.maxEncodedLength(maxSpikesPerFrame);
        int capacity = Integer.highestOneBit(Math.max(1 << 22, 16 * maxFrame) - 1) << 1;
        this.outbound = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        Subscription sub = null;
        try {
            sub = media.aeron().addSubscription(subscriptionChannel, streamId);
            String resolved = publicationChannelPrefix;
            if (kind == TransportKind.UDP) {
                resolved = publicationChannelPrefix + "endpoint=" + awaitResolvedEndpoint(sub, describedEndpoint);
            }
            this.subscription = sub;
            this.endpoint = kind == TransportKind.UDP ? resolved.substring(resolved.indexOf("endpoint=") + 9) : "ipc";
            this.publication = media.aeron().addPublication(resolved, streamId);
        } catch (AeronException e) {
            CloseHelper.quietClose(sub);
            throw translate(e, describedEndpoint);
        }
        if (maxFrame > publication.maxMessageLength()) {
            CloseHelper.quietCloseAll(publication, subscription);
            throw new SpikemeshException("a frame of up to " + maxSpikesPerFrame + " spikes needs " + maxFrame
                    + " bytes but Aeron allows " + publication.maxMessageLength() + " with this term length;"
                    + " use a smaller partition size or a larger spikemesh.runtime.aeron.term-length");
        }
    }

    /** Aeron IPC through the media driver's shared memory. */
    public static AeronTransport ipc(AeronMedia media, int streamId, int maxSpikesPerFrame, IdleStrategy idle,
                                     AtomicCounter backPressure) {
        return new AeronTransport(TransportKind.IPC, media, "aeron:ipc", "aeron:ipc", streamId, maxSpikesPerFrame,
                idle, backPressure, "ipc");
    }

    /**
     * Aeron UDP unicast to {@code host:port} (the subscription binds it; port 0 picks a free one).
     *
     * @throws SpikemeshException when the port is in use
     */
    public static AeronTransport udp(AeronMedia media, String host, int port, int streamId, int maxSpikesPerFrame,
                                     IdleStrategy idle, AtomicCounter backPressure) {
        if (port < 0 || port > 65_535) {
            throw new SpikemeshException("UDP port " + port + " is out of range; use 0 (any free port) to 65535");
        }
        String endpoint = host + ":" + port;
        return new AeronTransport(TransportKind.UDP, media, "aeron:udp?endpoint=" + endpoint, "aeron:udp?",
                streamId, maxSpikesPerFrame, idle, backPressure, endpoint);
    }

    private String awaitResolvedEndpoint(Subscription sub, String describedEndpoint) {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String resolved;
        while ((resolved = sub.resolvedEndpoint()) == null) {
            if (media.invoke() == 0 && System.nanoTime() > deadlineNs) {
                throw new SpikemeshException("the Aeron driver did not bind UDP endpoint " + describedEndpoint
                        + " within 10 s");
            }
            Thread.onSpinWait();
        }
        return resolved;
    }

    private static SpikemeshException translate(AeronException e, String endpoint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")
                    || message.contains("BindException")) {
                return new SpikemeshException("UDP port " + endpoint + " is already in use; choose another port"
                        + " (spikemesh.runtime.aeron.udp-port, 0 = any free port) or stop the process holding it", e);
            }
        }
        return new SpikemeshException("Aeron could not open the " + endpoint + " channel: " + e.getMessage(), e);
    }

    @Override
    public String name() {
        return kind.id();
    }

    /** The UDP {@code host:port} frames go to, or {@code ipc}. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public FrameSender sender(int sourcePartition) {
        return new RingSender(sourcePartition);
    }

    /** Attaches the handler and waits until publication and subscription are connected, without a thread. */
    void attach(FrameHandler frameHandler) {
        this.handler = frameHandler;
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected() || !subscription.isConnected()) {
            if (media.invoke() == 0 && System.nanoTime() > deadlineNs) {
                throw new SpikemeshException("the Aeron " + kind.id() + " publication to " + endpoint
                        + " did not connect within 10 s; check the network settings and that the driver runs");
            }
            Thread.onSpinWait();
        }
    }

    /** The agent that moves frames; tests drive it with {@code doWork()} after {@link #attach}. */
    Agent agent() {
        return agent;
    }

    @Override
    public void start(FrameHandler frameHandler) {
        attach(frameHandler);
        AgentRunner agentRunner = new AgentRunner(idleStrategy, frameHandler::onTransportError, null, agent);
        runner = agentRunner;
        AgentRunner.startOnThread(agentRunner);
    }

    @Override
    public long backPressureEvents() {
        return backPressure.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CloseHelper.quietClose(runner);
        CloseHelper.quietCloseAll(publication, subscription);
    }

    private final class RingSender implements FrameSender {
        private final int source;
        private final UnsafeBuffer scratch;
        private final byte[] bytes;

        RingSender(int source) {
            this.source = source;
            this.bytes = new byte[SpikeFrameCodec.maxEncodedLength(maxSpikesPerFrame)];
            this.scratch = new UnsafeBuffer(bytes);
        }

        @Override
        public int send(long sampleId, int timeStep, int destination, int[] positive, int[] negative) {
            int length = SpikeFrameCodec.encode(sampleId, timeStep, source, destination, positive, positive.length,
                    negative, negative.length, bytes, 0);
            while (!outbound.write(FRAME_MSG_TYPE, scratch, 0, length)) {
                if (closed) {
                    throw new IllegalStateException("Aeron " + kind.id() + " transport closed while sending");
                }
                backPressure.incrementRelease();
                Thread.yield();
            }
            return length;
        }
    }

    private final class TransportAgent implements Agent {
        private final SpikeFrameCodec codec = new SpikeFrameCodec(SpikeFrameCodec.maxEncodedLength(maxSpikesPerFrame));
        private final MutableSpikeFrame decoded = new MutableSpikeFrame(maxSpikesPerFrame);
        private final FragmentHandler assembler = new FragmentAssembler(this::onFragment);
        private final ControlledMessageHandler offerHandler = this::onOutbound;
        private boolean blocked;

        @Override
        public int doWork() {
            int work = media.invoke();
            blocked = false;
            work += outbound.controlledRead(offerHandler, OFFER_LIMIT);
            work += subscription.poll(assembler, FRAGMENT_LIMIT);
            return work;
        }

        private ControlledMessageHandler.Action onOutbound(int msgTypeId, MutableDirectBuffer buffer,
                                                           int index, int length) {
            long result = publication.offer(buffer, index, length);
            if (result > 0) {
                return ControlledMessageHandler.Action.CONTINUE;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("Aeron " + kind.id() + " publication to " + endpoint
                        + " can take no more frames (" + Publication.errorString(result) + ")");
            }
            if (!blocked) {
                blocked = true;
                backPressure.incrementRelease();
            }
            return ControlledMessageHandler.Action.ABORT;
        }

        private void onFragment(DirectBuffer buffer, int offset, int length, io.aeron.logbuffer.Header header) {
            codec.decode(buffer, offset, length, decoded);
            handler.onFrame(new Frame(decoded.sampleId(), decoded.timeStep(), decoded.sourcePartition(),
                    decoded.destination(), decoded.positiveCopy(), decoded.negativeCopy(), length));
        }

        @Override
        public String roleName() {
            return "spikemesh-" + kind.id() + "-transport";
        }
    }
}
