package io.spikemesh.runtime.coordinator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.protocol.TrafficReport;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.partition.Partition;
import io.spikemesh.runtime.partition.PartitionActor;
import io.spikemesh.runtime.partition.PartitionEngine;
import io.spikemesh.runtime.partition.PartitionPlan;
import io.spikemesh.runtime.partition.Partitioner;
import io.spikemesh.runtime.partition.RoutingTable;
import io.spikemesh.runtime.traffic.LocalCounters;
import io.spikemesh.runtime.traffic.TrafficMeter;
import io.spikemesh.runtime.traffic.TrafficReports;
import io.spikemesh.runtime.transport.AeronMedia;
import io.spikemesh.runtime.transport.AeronTransport;
import io.spikemesh.runtime.transport.Frame;
import io.spikemesh.runtime.transport.FrameHandler;
import io.spikemesh.runtime.transport.FrameSender;
import io.spikemesh.runtime.transport.IdleStrategies;
import io.spikemesh.runtime.transport.InProcTransport;
import io.spikemesh.runtime.transport.Transport;
import io.spikemesh.runtime.transport.TransportKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.agrona.CloseHelper;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A compiled network running as partition actors that exchange spike frames over a transport: open it on a network,
 * submit samples, get predictions (in submission order), close it.
 *
 * <pre>{@code
 * try (SpikemeshSession session = SpikemeshSession.open(network, RunOptions.defaults().withTransport("ipc"))) {
 *     List<Prediction> predictions = session.runAll(samples);
 *     session.trafficReport();
 * }
 * }</pre>
 *
 * <p>The actor runtime runs the T input steps only; the reference simulator's optional settle phase is not offered
 * here (it would need a network-wide "nothing spiked" barrier per step, which a data-flow pipeline does not have).
 */
public final class SpikemeshSession implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final Network network;
    private final RunOptions options;
    private final int timeSteps;
    private final PartitionPlan plan;
    private final AeronMedia media;
    private final Transport transport;
    private final TrafficMeter meter;
    private final ActorSystem<Void> system;
    private final ActorRef<Coordinator.Command> coordinator;
    private final Histogram latency;
    private final long openedNs = System.nanoTime();
    private volatile long lastCompletedNs;
    // Futures not yet completed: close() fails them, since a Submit still on its way to a stopped coordinator
    // would otherwise leave its caller waiting forever.
    private final Set<CompletableFuture<Prediction>> unfinished = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SpikemeshSession(Network network, RunOptions options, int timeSteps, PartitionPlan plan, AeronMedia media,
                             Transport transport, TrafficMeter meter, ActorSystem<Void> system,
                             ActorRef<Coordinator.Command> coordinator, Histogram latency) {
        this.network = network;
        this.options = options;
        this.timeSteps = timeSteps;
        this.plan = plan;
        this.media = media;
        this.transport = transport;
        this.meter = meter;
        this.system = system;
        this.coordinator = coordinator;
        this.latency = latency;
    }

    /** Opens a session: partitions the network, starts the transport (and media driver) and the actors. */
    public static SpikemeshSession open(Network network, RunOptions options) {
        return open(network, options, UnaryOperator.identity());
    }

    /** Like {@link #open}, with the transport wrapped by {@code decorator} (fault injection in tests). */
    static SpikemeshSession open(Network network, RunOptions options, UnaryOperator<Transport> decorator) {
        options.validate();
        int timeSteps = options.timeSteps() == 0 ? network.defaultTimeSteps() : options.timeSteps();
        PartitionPlan plan = Partitioner.partition(network, options.partitionSize());
        RoutingTable routing = RoutingTable.build(network, plan);
        int maxSpikes = plan.partitions().stream().mapToInt(Partition::size).max().orElse(1);
        int counters = TrafficMeter.counterCount(network, routing);
        AeronMedia media = null;
        Transport transport = null;
        ActorSystem<Void> system = null;
        try {
            TrafficMeter meter;
            if (options.transport() == TransportKind.INPROC) {
                meter = new TrafficMeter(network, plan, routing, new LocalCounters(counters)::newCounter);
                transport = new InProcTransport();
            } else {
                media = options.aeronDir() == null || options.aeronDir().isBlank()
                        ? AeronMedia.embedded(null, options.termLength(), counters)
                        : AeronMedia.standalone(options.aeronDir());
                meter = new TrafficMeter(network, plan, routing, media::newCounter);
                transport = options.transport() == TransportKind.IPC
                        ? AeronTransport.ipc(media, options.streamId(), maxSpikes,
                        IdleStrategies.parse(options.idleStrategy()), meter.backPressureCounter())
                        : AeronTransport.udp(media, options.udpHost(), options.udpPort(), options.streamId(),
                        maxSpikes, IdleStrategies.parse(options.idleStrategy()), meter.backPressureCounter());
            }
            transport = decorator.apply(transport);
            Histogram latency = new SynchronizedHistogram(TimeUnit.MINUTES.toNanos(10), 3);
            system = ActorSystem.create(Behaviors.empty(), "spikemesh-" + SESSIONS.incrementAndGet(), config());
            ActorRef<Coordinator.Command> coordinator = system.systemActorOf(
                    Coordinator.create(network, plan, options, latency), "coordinator", Props.empty());
            List<ActorRef<PartitionActor.Command>> refs = spawnPartitions(system, coordinator, transport, network,
                    plan, routing, meter, timeSteps, options.suppression());
            coordinator.tell(new Coordinator.Start(refs));
            transport.start(new Router(refs, coordinator));
            return new SpikemeshSession(network, options, timeSteps, plan, media, transport, meter, system,
                    coordinator, latency);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(transport);
            if (system != null) {
                system.terminate();
            }
            CloseHelper.quietClose(media);
            throw e;
        }
    }

    private static Config config() {
        return ConfigFactory.parseString("pekko.loglevel = WARNING\n"
                        + "pekko.log-dead-letters-during-shutdown = off\n"
                        + "pekko.log-dead-letters = off\n")
                .withFallback(ConfigFactory.load());
    }

    private static List<ActorRef<PartitionActor.Command>> spawnPartitions(
            ActorSystem<Void> system, ActorRef<Coordinator.Command> coordinator, Transport transport, Network network,
            PartitionPlan plan, RoutingTable routing, TrafficMeter meter, int timeSteps, boolean suppression) {
        PartitionActor.Reports reports = new PartitionActor.Reports() {
            @Override
            public void onSampleDone(PartitionEngine.SampleReport report) {
                coordinator.tell(new Coordinator.PartitionDone(report));
            }

            @Override
            public void onFailure(Partition partition, RuntimeException error) {
                coordinator.tell(new Coordinator.PartitionFailed(partition, error));
            }
        };
        Props dispatcher = DispatcherSelector.fromConfig("spikemesh.runtime.partition-dispatcher");
        List<ActorRef<PartitionActor.Command>> refs = new ArrayList<>(plan.size());
        for (Partition partition : plan.partitions()) {
            FrameSender sender = transport.sender(partition.id());
            refs.add(system.systemActorOf(PartitionActor.create(listener -> new PartitionEngine(network, plan,
                            routing, partition, timeSteps, suppression, sender, meter, listener), reports),
                    "partition-" + partition.id(), dispatcher));
        }
        return refs;
    }

    /** Hands received frames to the destination partition's mailbox (runs on the transport's thread). */
    private record Router(List<ActorRef<PartitionActor.Command>> partitions, ActorRef<Coordinator.Command> coordinator)
            implements FrameHandler {
        @Override
        public void onFrame(Frame frame) {
            int destination = frame.destination();
            if (destination < 0 || destination >= partitions.size()) {
                coordinator.tell(new Coordinator.TransportFailed(new IllegalStateException(
                        "frame for unknown partition P" + destination + " from P" + frame.sourcePartition())));
                return;
            }
            partitions.get(destination).tell(new PartitionActor.Deliver(frame));
        }

        @Override
        public void onTransportError(Throwable error) {
            coordinator.tell(new Coordinator.TransportFailed(error));
        }
    }

    /**
     * Submits one sample (raw values in model order, e.g. 784 pixels 0..255). Samples run in submission order, at
     * most {@code window} at a time; the future fails with a SpikemeshException when the run fails.
     */
    public CompletableFuture<Prediction> submit(int[] sample) {
        if (closed) {
            throw new SpikemeshException("the session is closed; open a new one to run more samples");
        }
        checkSample(sample);
        CompletableFuture<Prediction> future = new CompletableFuture<>();
        unfinished.add(future);
        future.whenComplete((p, e) -> {
            lastCompletedNs = System.nanoTime();
            unfinished.remove(future);
        });
        coordinator.tell(new Coordinator.Submit(sample.clone(), future));
        if (closed) {
            future.completeExceptionally(new SpikemeshException("the session was closed while submitting"));
        }
        return future;
    }

    private void checkSample(int[] sample) {
        if (sample.length != network.inputSize()) {
            throw new SpikemeshException("a sample needs " + network.inputSize() + " values (input shape "
                    + java.util.Arrays.toString(network.inputLayout().shape()) + "), got " + sample.length);
        }
        for (int i = 0; i < sample.length; i++) {
            if (sample[i] < 0 || sample[i] > network.maxInputValue()) {
                throw new SpikemeshException("sample value " + sample[i] + " at index " + i + " is outside [0, "
                        + network.maxInputValue() + "], the model's input range");
            }
        }
    }

    /** Runs all samples (pipelined) and returns their predictions in the same order; fails on the first error. */
    public List<Prediction> runAll(List<int[]> samples) {
        List<CompletableFuture<Prediction>> futures = new ArrayList<>(samples.size());
        for (int[] sample : samples) {
            futures.add(submit(sample));
        }
        List<Prediction> predictions = new ArrayList<>(samples.size());
        for (CompletableFuture<Prediction> future : futures) {
            predictions.add(await(future));
        }
        return predictions;
    }

    private static Prediction await(CompletableFuture<Prediction> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikemeshException("interrupted while waiting for a prediction", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SpikemeshException s) {
                throw s;
            }
            throw new SpikemeshException("the run failed: " + e.getCause(), e.getCause());
        }
    }

    /** T used by this session. */
    public int timeSteps() {
        return timeSteps;
    }

    public RunOptions options() {
        return options;
    }

    public PartitionPlan plan() {
        return plan;
    }

    public TrafficMeter meter() {
        return meter;
    }

    /** The Aeron directory whose counters AeronStat can show, or null for the in-JVM transport. */
    public String aeronDirectory() {
        return media == null ? null : media.directory();
    }

    /** A copy of the per-sample latency histogram (nanoseconds, injection to completion). */
    public Histogram latencyHistogram() {
        return latency.copy();
    }

    /** The traffic so far, as the protobuf report written by {@link TrafficReports}. */
    public TrafficReport trafficReport() {
        long end = lastCompletedNs == 0 ? System.nanoTime() : lastCompletedNs;
        return TrafficReports.build(network.model().getMetadata().getName(), transport.name(), options.partitionSize(),
                timeSteps, latency.getTotalCount(), meter, transport.backPressureEvents(), (end - openedNs) / 1e9);
    }

    /**
     * Stops the actors (unfinished samples fail), the transport and the embedded media driver (deleting its
     * directory). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Actors before the transport, so partitions do not fail on a closed transport while they stop.
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The actors are gone or stuck in user code; either way nothing more can be done here.
        }
        CloseHelper.quietClose(transport);
        CloseHelper.quietClose(media);
        List<CompletableFuture<Prediction>> left = new ArrayList<>(unfinished);
        SpikemeshException error = new SpikemeshException("the session was closed with " + left.size()
                + " samples unfinished");
        left.forEach(future -> future.completeExceptionally(error));
    }

    /** Frame timeout in effect. */
    public Duration frameTimeout() {
        return options.frameTimeout();
    }
}
