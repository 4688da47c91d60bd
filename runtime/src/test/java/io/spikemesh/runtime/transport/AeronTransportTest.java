package io.spikemesh.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.SpikemeshException;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

class AeronTransportTest {

    private static final class Collector implements FrameHandler {
        final List<Frame> frames = new ArrayList<>();

        @Override
        public void onFrame(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void onTransportError(Throwable error) {
            throw new AssertionError(error);
        }
    }

    /** Runs duty cycles until {@code count} frames arrived; a bounded loop, not a sleep. */
    private static void driveUntil(Agent agent, Collector collector, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (collector.frames.size() < count) {
            agent.doWork();
            assertTrue(System.nanoTime() < deadline, "only " + collector.frames.size() + " of " + count + " frames");
        }
    }

    private static void shouldDeliverFramesInOrderPerLink(TransportKind kind) throws Exception {
        try (AeronMedia media = AeronMedia.embedded(null, 1 << 20)) {
            assertTrue(new File(media.directory(), "cnc.dat").exists());
            AeronTransport transport = kind == TransportKind.IPC
                    ? AeronTransport.ipc(media, 10, 64, IdleStrategies.parse("noop"), media.newCounter("bp"))
                    : AeronTransport.udp(media, "localhost", 0, 10, 64, IdleStrategies.parse("noop"),
                    media.newCounter("bp"));
            try (transport) {
                FrameSender a = transport.sender(1);
                FrameSender b = transport.sender(2);
                Collector collector = new Collector();
                transport.attach(collector);
                int bytes = 0;
                for (int step = 0; step < 5; step++) {
                    bytes += a.send(7, step, 3, new int[] {step, 10 + step}, new int[0]);
                    b.send(7, step, 3, new int[0], step == 2 ? new int[] {63} : new int[0]);
                }
                driveUntil(transport.agent(), collector, 10);
                int[] nextStep = new int[3];
                int received = 0;
                for (Frame frame : collector.frames) {
                    assertEquals(7, frame.sampleId());
                    assertEquals(3, frame.destination());
                    assertEquals(nextStep[frame.sourcePartition()]++, frame.timeStep(), "per-link order");
                    if (frame.sourcePartition() == 1) {
                        assertArrayEquals(new int[] {frame.timeStep(), 10 + frame.timeStep()}, frame.positive());
                        received += frame.encodedBytes();
                    } else {
                        assertArrayEquals(frame.timeStep() == 2 ? new int[] {63} : new int[0], frame.negative());
                    }
                }
                assertEquals(bytes, received, "the sender reports the bytes that travel");
                assertEquals(kind.id(), transport.name());
            }
        }
    }

    @Test
    void shouldDeliverFramesInOrderPerLinkOverIpc() throws Exception {
        shouldDeliverFramesInOrderPerLink(TransportKind.IPC);
    }

    @Test
    void shouldDeliverFramesInOrderPerLinkOverUdp() throws Exception {
        shouldDeliverFramesInOrderPerLink(TransportKind.UDP);
    }

    @Test
    void shouldRetryBackPressuredOffersWithoutLosingAFrame() throws Exception {
        int frames = 300;
        int[] spikes = IntStream.range(0, 1000).toArray();
        try (AeronMedia media = AeronMedia.embedded(null, 64 * 1024);
             AeronTransport transport = AeronTransport.ipc(media, 11, 1000, IdleStrategies.parse("noop"),
                     media.newCounter("bp"))) {
            FrameSender sender = transport.sender(4);
            Collector collector = new Collector();
            transport.attach(collector);
            for (int i = 0; i < frames; i++) {
                sender.send(i, 0, 5, spikes, new int[0]);
            }
            driveUntil(transport.agent(), collector, frames);
            for (int i = 0; i < frames; i++) {
                assertEquals(i, collector.frames.get(i).sampleId());
                assertArrayEquals(spikes, collector.frames.get(i).positive());
            }
            assertTrue(transport.backPressureEvents() > 0, "a 64 KiB term cannot take 1.5 MB at once");
        }
    }

    @Test
    void shouldReassembleFramesLargerThanTheUdpMtu() throws Exception {
        int[] spikes = IntStream.range(0, 10_000).map(i -> 3 * i).toArray();
        try (AeronMedia media = AeronMedia.embedded(null, 1 << 20);
             AeronTransport transport = AeronTransport.udp(media, "localhost", 0, 14, 20_000,
                     IdleStrategies.parse("noop"), media.newCounter("bp"))) {
            FrameSender sender = transport.sender(0);
            Collector collector = new Collector();
            transport.attach(collector);
            int bytes = sender.send(1, 2, 3, spikes, new int[] {1});
            assertTrue(bytes > 4 * 1408, "several MTUs: " + bytes);
            driveUntil(transport.agent(), collector, 1);
            assertArrayEquals(spikes, collector.frames.get(0).positive());
            assertArrayEquals(new int[] {1}, collector.frames.get(0).negative());
        }
    }

    @Test
    void shouldFailLoudlyOnACorruptFrameInsteadOfSkippingIt() throws Exception {
        try (AeronMedia media = AeronMedia.embedded(null, 1 << 20);
             AeronTransport transport = AeronTransport.ipc(media, 15, 64, IdleStrategies.parse("noop"),
                     media.newCounter("bp"));
             io.aeron.Publication rogue = media.aeron().addPublication("aeron:ipc", 15)) {
            Collector collector = new Collector();
            transport.attach(collector);
            byte[] garbage = {(byte) ((9 << 3) | 0), 1};
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rogue.offer(new org.agrona.concurrent.UnsafeBuffer(garbage)) < 0) {
                transport.agent().doWork();
                assertTrue(System.nanoTime() < deadline, "the rogue publication never connected");
            }
            io.spikemesh.protocol.frame.CorruptFrameException e = assertThrows(
                    io.spikemesh.protocol.frame.CorruptFrameException.class, () -> {
                        while (System.nanoTime() < deadline) {
                            transport.agent().doWork();
                        }
                    });
            assertTrue(e.getMessage().contains("unknown field 9"), e.getMessage());
            assertTrue(collector.frames.isEmpty());
        }
    }

    @Test
    void shouldRejectPartitionsWhoseFramesExceedTheTerm() throws Exception {
        try (AeronMedia media = AeronMedia.embedded(null, 64 * 1024)) {
            SpikemeshException e = assertThrows(SpikemeshException.class, () -> AeronTransport.ipc(media, 12,
                    100_000, IdleStrategies.parse("noop"), media.newCounter("bp")));
            assertTrue(e.getMessage().contains("smaller partition size"), e.getMessage());
        }
    }

    @Test
    void shouldReportAUdpPortInUseClearly() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("localhost"));
             AeronMedia media = AeronMedia.embedded(null, 1 << 20)) {
            int port = socket.getLocalPort();
            SpikemeshException e = assertThrows(SpikemeshException.class, () -> AeronTransport.udp(media,
                    "localhost", port, 13, 64, IdleStrategies.parse("noop"), media.newCounter("bp")));
            assertTrue(e.getMessage().contains("UDP port localhost:" + port + " is already in use"), e.getMessage());
        }
    }

    @Test
    void shouldDeleteTheEmbeddedDriverDirectoryOnClose() {
        String dir;
        try (AeronMedia media = AeronMedia.embedded(null, 1 << 20)) {
            dir = media.directory();
            assertTrue(new File(dir).isDirectory());
        }
        assertFalse(new File(dir).exists());
    }

    @Test
    void shouldRejectUnknownTransportsAndIdleStrategies() {
        assertEquals(TransportKind.UDP, TransportKind.parse(" UDP "));
        assertTrue(assertThrows(SpikemeshException.class, () -> TransportKind.parse("tcp")).getMessage()
                .contains("use one of inproc, ipc, udp"));
        assertTrue(assertThrows(SpikemeshException.class, () -> IdleStrategies.parse("lazy")).getMessage()
                .contains("backoff"));
    }
}
