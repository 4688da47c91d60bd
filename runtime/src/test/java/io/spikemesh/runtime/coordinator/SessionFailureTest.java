package io.spikemesh.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.transport.FrameHandler;
import io.spikemesh.runtime.transport.FrameSender;
import io.spikemesh.runtime.transport.Transport;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionFailureTest {

    /** A transport that silently loses one frame: link source → destination, one sample and step (-1: all). */
    private record LosingTransport(Transport inner, int source, int destination, long sample, int step)
            implements Transport {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public FrameSender sender(int sourcePartition) {
            FrameSender real = inner.sender(sourcePartition);
            return (sampleId, timeStep, to, positive, negative) -> {
                if (sourcePartition == source && to == destination
                        && (sample < 0 || sampleId == sample && timeStep == step)) {
                    return 0;
                }
                return real.send(sampleId, timeStep, to, positive, negative);
            };
        }

        @Override
        public void start(FrameHandler handler) {
            inner.start(handler);
        }

        @Override
        public long backPressureEvents() {
            return inner.backPressureEvents();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static String failureOfLosing(String transport, int lostStep) throws Exception {
        Network network = Network.compile(RandomModels.convNet(11));
        // One partition per layer: P0 conv1, P1 pool, P2 conv2, P3 hidden, P4 out.
        RunOptions options = RunOptions.defaults().withTransport(transport).withPartitionSize(100_000).withWindow(2)
                .withTimeSteps(4).withFrameTimeout(Duration.ofMillis(1000));
        List<int[]> samples = RandomModels.samples(1, 4, 128, 15);
        long started = System.nanoTime();
        try (SpikemeshSession session = SpikemeshSession.open(network, options,
                inner -> new LosingTransport(inner, 1, 2, 1, lostStep))) {
            CompletableFuture<Prediction> first = session.submit(samples.get(0));
            CompletableFuture<Prediction> second = session.submit(samples.get(1));
            assertEquals(0, first.get(10, TimeUnit.SECONDS).sampleId(), "sample 0 is unaffected");
            ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
            String message = e.getCause().getMessage();
            assertTrue(e.getCause() instanceof SpikemeshException, message);
            SpikemeshException later = assertThrows(SpikemeshException.class, () -> session.runAll(samples));
            assertEquals(message, later.getMessage(), "a failed session fails every later sample the same way");
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "no hang");
            return message;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inproc", "ipc", "udp"})
    void shouldTimeOutNamingLinkSampleAndStepWhenTheLastFrameNeverArrives(String transport) throws Exception {
        String message = failureOfLosing(transport, 3);
        assertTrue(message.contains("no frame arrived on link P1 (pool [0, 64)) -> P2 (conv2 [0, 96)) for sample 1"
                + " step 3 within 1000 ms although the source sent it"), message);
    }

    @Test
    void shouldFailAtOnceNamingTheGapWhenALaterFrameOvertakesALostOne() throws Exception {
        String message = failureOfLosing("inproc", 2);
        assertTrue(message.contains("no frame arrived on link P1 (pool [0, 64)) -> P2 (conv2 [0, 96)) for sample 1"
                + " step 2: the next frame on that link is for sample 1 step 3"), message);
    }

    @Test
    void shouldRejectBadOptionsClearly() {
        Network network = Network.compile(RandomModels.denseNet(1));
        RunOptions defaults = RunOptions.defaults();
        assertTrue(assertThrows(SpikemeshException.class, () -> SpikemeshSession.open(network,
                defaults.withPartitionSize(0))).getMessage().contains("partition size must be at least 1"));
        assertTrue(assertThrows(SpikemeshException.class, () -> SpikemeshSession.open(network,
                defaults.withWindow(0))).getMessage().contains("window must be at least 1"));
        assertTrue(assertThrows(SpikemeshException.class, () -> defaults.withTransport("carrier-pigeon"))
                .getMessage().contains("unknown transport 'carrier-pigeon'; use one of inproc, ipc, udp"));
        assertTrue(assertThrows(SpikemeshException.class, () -> SpikemeshSession.open(network,
                defaults.withTimeSteps(-1))).getMessage().contains("time steps"));
        assertTrue(assertThrows(SpikemeshException.class, () -> SpikemeshSession.open(network,
                defaults.withIdleStrategy("lazy"))).getMessage().contains("unknown idle strategy"));
    }

    @Test
    void shouldRejectSamplesOfTheWrongSizeOrRange() {
        Network network = Network.compile(RandomModels.denseNet(1));
        try (SpikemeshSession session = SpikemeshSession.open(network, RunOptions.defaults())) {
            assertTrue(assertThrows(SpikemeshException.class, () -> session.submit(new int[3])).getMessage()
                    .contains("a sample needs 20 values"));
            int[] sample = new int[20];
            sample[4] = 16;
            assertTrue(assertThrows(SpikemeshException.class, () -> session.submit(sample)).getMessage()
                    .contains("sample value 16 at index 4 is outside [0, 15]"));
        }
    }

    @Test
    void shouldReportAUdpPortInUseAndCleanUp() throws Exception {
        Network network = Network.compile(RandomModels.denseNet(1));
        File shm = new File("/dev/shm").isDirectory() ? new File("/dev/shm")
                : new File(System.getProperty("java.io.tmpdir"));
        int before = countDriverDirs(shm);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("localhost"))) {
            SpikemeshException e = assertThrows(SpikemeshException.class, () -> SpikemeshSession.open(network,
                    RunOptions.defaults().withTransport("udp").withUdpEndpoint("localhost", socket.getLocalPort())));
            assertTrue(e.getMessage().contains("UDP port localhost:" + socket.getLocalPort() + " is already in use"),
                    e.getMessage());
        }
        assertEquals(before, countDriverDirs(shm), "the embedded driver's directory is removed after a failed open");
    }

    private static int countDriverDirs(File base) {
        String pid = Long.toString(ProcessHandle.current().pid());
        File[] dirs = base.listFiles((dir, name) -> name.startsWith("spikemesh-aeron-" + pid + "-"));
        return dirs == null ? 0 : dirs.length;
    }

    @Test
    void shouldFailUnfinishedSamplesWhenClosed() throws Exception {
        Network network = Network.compile(RandomModels.convNet(11));
        List<int[]> samples = RandomModels.samples(2, 40, 128, 15);
        List<CompletableFuture<Prediction>> futures = new java.util.ArrayList<>();
        // A transport that never delivers anything keeps every sample in flight until close.
        try (SpikemeshSession session = SpikemeshSession.open(network, RunOptions.defaults().withWindow(2),
                inner -> new LosingTransport(inner, 0, 1, -1, 0))) {
            for (int[] sample : samples) {
                futures.add(session.submit(sample));
            }
        }
        for (CompletableFuture<Prediction> future : futures) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("the session was closed with 40 samples unfinished"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void shouldRefuseSamplesAfterClose() {
        Network network = Network.compile(RandomModels.denseNet(1));
        SpikemeshSession session = SpikemeshSession.open(network, RunOptions.defaults().withTransport("ipc"));
        String dir = session.aeronDirectory();
        assertTrue(new File(dir).isDirectory());
        session.close();
        assertFalse(new File(dir).exists(), "embedded driver directory deleted on close");
        assertThrows(SpikemeshException.class, () -> session.submit(new int[20]));
    }
}
