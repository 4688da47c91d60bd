package io.spikemesh.runtime.transport;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.spikemesh.protocol.SpikemeshException;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.CloseHelper;
import io.aeron.RethrowingErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * An Aeron client, connected either to an embedded media driver (the default) or to a standalone one.
 *
 * <p>The embedded driver runs in {@link ThreadingMode#INVOKER} mode and the client with a conductor invoker: their
 * duty cycles run inside {@link #invoke()}, which the transport agent calls, so the whole Aeron stack costs one
 * thread — on a 2-core machine every spinning thread competes with the partitions. Consequently, once the agent
 * runs, only that agent may touch the client: create publications, subscriptions and counters before starting it.
 *
 * <p>Exceptions thrown while handling a received fragment are rethrown (Aeron's default logs them and moves on,
 * which would lose the frame silently) so the transport agent fails the run instead.
 *
 * <p>The embedded driver gets a unique directory per instance (deleted on start and on close), 1 MiB counters and
 * modest term buffers: the defaults (48 MB cnc.dat, 16 MiB terms) would waste shared memory on spike frames.
 */
public final class AeronMedia implements AutoCloseable {
    /** Counter type ids of Spikemesh's own counters, above Aeron's system counters. */
    public static final int COUNTER_TYPE_ID = 1_700_001;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;

    private AeronMedia(MediaDriver driver, Aeron aeron) {
        this.driver = driver;
        this.aeron = aeron;
        this.driverInvoker = driver == null ? null : driver.sharedAgentInvoker();
        this.clientInvoker = aeron.conductorAgentInvoker();
    }

    /**
     * Launches an embedded driver in a fresh directory under {@code baseDir} (null: /dev/shm when it exists, else the
     * temp dir) and connects a client to it.
     *
     * @param termLength term buffer length for IPC and UDP publications, a power of two in [64 KiB, 1 GiB]
     */
    public static AeronMedia embedded(String baseDir, int termLength) {
        return embedded(baseDir, termLength, 0);
    }

    /**
     * Like {@link #embedded(String, int)}, with a counters buffer large enough for {@code counters} counters of
     * ours besides Aeron's own (at least 1 MiB).
     */
    public static AeronMedia embedded(String baseDir, int termLength, int counters) {
        String base = baseDir != null ? baseDir : new File("/dev/shm").isDirectory() ? "/dev/shm"
                : System.getProperty("java.io.tmpdir");
        String dir = new File(base, "spikemesh-aeron-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + INSTANCES.incrementAndGet() + "-" + System.nanoTime()).getAbsolutePath();
        MediaDriver.Context driverContext = new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.INVOKER)
                .counterValuesBufferLength(countersLength(counters))
                .ipcTermBufferLength(termLength)
                .publicationTermBufferLength(termLength)
                .termBufferSparseFile(true)
                .warnIfDirectoryExists(false);
        MediaDriver driver;
        try {
            driver = MediaDriver.launchEmbedded(driverContext);
        } catch (RuntimeException e) {
            throw new SpikemeshException("could not start the embedded Aeron media driver in " + dir + ": "
                    + e.getMessage() + "; check free space in " + base
                    + " or set spikemesh.runtime.aeron.dir to use a standalone driver", e);
        }
        try {
            driver.sharedAgentInvoker().start();
            Aeron.Context clientContext = new Aeron.Context()
                    .aeronDirectoryName(driver.aeronDirectoryName())
                    .driverAgentInvoker(driver.sharedAgentInvoker())
                    .subscriberErrorHandler(RethrowingErrorHandler.INSTANCE)
                    .useConductorAgentInvoker(true);
            return new AeronMedia(driver, Aeron.connect(clientContext)).startClient();
        } catch (RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw new SpikemeshException("could not connect to the embedded Aeron media driver: " + e.getMessage(), e);
        }
    }

    private static int countersLength(int counters) {
        // Each counter takes a 128-byte value slot; Aeron's own counters need a few hundred more.
        long needed = 128L * (counters + 1024);
        return (int) Math.max(1 << 20, Long.highestOneBit(needed - 1) << 1);
    }

    /** Connects to a standalone media driver already running with the given directory. */
    public static AeronMedia standalone(String aeronDir) {
        if (!new File(aeronDir, "cnc.dat").exists()) {
            throw new SpikemeshException("no Aeron media driver found in " + aeronDir + " (no cnc.dat); start one"
                    + " (java io.aeron.driver.MediaDriver with -Daeron.dir=" + aeronDir + ") or drop the aeron-dir"
                    + " setting to use an embedded driver");
        }
        try {
            Aeron.Context clientContext = new Aeron.Context()
                    .aeronDirectoryName(aeronDir)
                    .driverTimeoutMs(5_000)
                    .subscriberErrorHandler(RethrowingErrorHandler.INSTANCE)
                    .useConductorAgentInvoker(true);
            return new AeronMedia(null, Aeron.connect(clientContext)).startClient();
        } catch (AeronException e) {
            throw new SpikemeshException("could not connect to the Aeron media driver in " + aeronDir + ": "
                    + e.getMessage() + "; is the driver running?", e);
        }
    }

    private AeronMedia startClient() {
        clientInvoker.start();
        return this;
    }

    public Aeron aeron() {
        return aeron;
    }

    /** Directory of the driver (cnc.dat, logs): give it to AeronStat with {@code -Daeron.dir=...}. */
    public String directory() {
        return aeron.context().aeronDirectoryName();
    }

    /** True when this instance launched (and will delete) its own driver. */
    public boolean embedded() {
        return driver != null;
    }

    /** One duty cycle of the embedded driver (if any) and of the client conductor; returns the work done. */
    public int invoke() {
        int work = clientInvoker.invoke();
        if (driverInvoker != null) {
            work += driverInvoker.invoke();
        }
        return work;
    }

    /** A counter in the driver's counters file, visible to AeronStat while the run goes. Call before agents start. */
    public AtomicCounter newCounter(String label) {
        return aeron.addCounter(COUNTER_TYPE_ID, label);
    }

    @Override
    public void close() {
        CloseHelper.closeAll(aeron, driver);
    }
}
