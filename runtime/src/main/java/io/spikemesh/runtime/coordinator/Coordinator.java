package io.spikemesh.runtime.coordinator;

import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.CompiledProjection;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.neuron.Readout;
import io.spikemesh.runtime.partition.Partition;
import io.spikemesh.runtime.partition.PartitionActor;
import io.spikemesh.runtime.partition.PartitionEngine;
import io.spikemesh.runtime.partition.PartitionPlan;
import io.spikemesh.runtime.partition.RoutingTable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Injects samples, keeps at most {@code window} of them in flight, collects every partition's report of every sample,
 * and completes each sample's future (in submission order) once all partitions have finished it. Steps are driven by
 * data: input-fed partitions run a sample's T steps as soon as its input arrives; every other partition steps when
 * one frame from each of its sources is in.
 *
 * <p>Watchdog: when no partition has finished anything for {@code frameTimeout} while samples are in flight, the
 * coordinator asks every partition where it stands and fails the run naming the link whose frame is missing: a link
 * whose destination waits for (sample, step) although its source has already passed that step.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    /** The coordinator's protocol. */
    public sealed interface Command {
    }

    /** The partitions, by global id, once spawned. */
    public record Start(List<ActorRef<PartitionActor.Command>> partitions) implements Command {
    }

    /** A sample (raw values, model order) to run. */
    public record Submit(int[] sample, CompletableFuture<Prediction> future) implements Command {
    }

    /** A partition finished a sample. */
    public record PartitionDone(PartitionEngine.SampleReport report) implements Command {
    }

    /** A partition failed and stopped. */
    public record PartitionFailed(Partition partition, RuntimeException error) implements Command {
    }

    /** The transport failed. */
    public record TransportFailed(Throwable error) implements Command {
    }

    private record WrappedStatus(PartitionActor.Status status) implements Command {
    }

    private enum Tick implements Command {
        INSTANCE
    }

    private static final class InFlight {
        final CompletableFuture<Prediction> future;
        final long injectedNs;
        final long[] positive;
        final long[] negative;
        final long[] synops;
        final long[] potentials;
        int remaining;

        InFlight(CompletableFuture<Prediction> future, long injectedNs, int layers, int outputs, int partitions) {
            this.future = future;
            this.injectedNs = injectedNs;
            this.positive = new long[layers];
            this.negative = new long[layers];
            this.synops = new long[layers];
            this.potentials = new long[outputs];
            this.remaining = partitions;
        }
    }

    private final Network network;
    private final PartitionPlan plan;
    private final int window;
    private final long timeoutNs;
    private final Histogram latency;
    private final ActorRef<PartitionActor.Status> statusAdapter;
    private final ArrayDeque<Submit> pending = new ArrayDeque<>();
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private List<ActorRef<PartitionActor.Command>> partitions = List.of();
    private List<ActorRef<PartitionActor.Command>> inputPartitions = List.of();
    private long nextSampleId;
    private long lastProgressNs = System.nanoTime();
    private PartitionActor.Status[] statuses;
    private int statusCount;
    private long diagnoseStartedNs;
    private SpikemeshException failure;

    private Coordinator(ActorContext<Command> context, TimerScheduler<Command> timers, Network network,
                        PartitionPlan plan, RunOptions options, Histogram latency) {
        super(context);
        this.network = network;
        this.plan = plan;
        this.window = options.window();
        this.timeoutNs = options.frameTimeout().toNanos();
        this.latency = latency;
        this.statusAdapter = context.messageAdapter(PartitionActor.Status.class, WrappedStatus::new);
        Duration tick = Duration.ofNanos(Math.max(Duration.ofMillis(20).toNanos(), timeoutNs / 4));
        timers.startTimerWithFixedDelay(Tick.INSTANCE, tick);
    }

    /**
     * @param latency records injection-to-completion nanoseconds per sample (a synchronized histogram, read by the
     *                session)
     */
    public static Behavior<Command> create(Network network, PartitionPlan plan, RunOptions options,
                                           Histogram latency) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new Coordinator(context, timers, network, plan, options, latency)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(PartitionDone.class, this::onPartitionDone)
                .onMessage(PartitionFailed.class, this::onPartitionFailed)
                .onMessage(TransportFailed.class, this::onTransportFailed)
                .onMessage(WrappedStatus.class, this::onStatus)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .build();
    }

    private Behavior<Command> onStart(Start start) {
        partitions = List.copyOf(start.partitions());
        List<ActorRef<PartitionActor.Command>> fed = new ArrayList<>();
        for (Partition p : plan.partitions()) {
            if (RoutingTable.projections(network.layer(p.layerIndex())).stream()
                    .anyMatch(CompiledProjection::fromInput)) {
                fed.add(partitions.get(p.id()));
            }
        }
        inputPartitions = fed;
        pump();
        return this;
    }

    private Behavior<Command> onSubmit(Submit submit) {
        if (failure != null) {
            submit.future().completeExceptionally(failure);
            return this;
        }
        pending.add(submit);
        pump();
        return this;
    }

    private void pump() {
        if (partitions.isEmpty()) {
            return;
        }
        while (failure == null && inFlight.size() < window && !pending.isEmpty()) {
            Submit submit = pending.poll();
            long id = nextSampleId++;
            int[] internal = network.inputLayout().toInternal(submit.sample());
            long now = System.nanoTime();
            if (inFlight.isEmpty()) {
                lastProgressNs = now;
            }
            inFlight.put(id, new InFlight(submit.future(), now, network.layers().size(),
                    network.output().size(), partitions.size()));
            for (ActorRef<PartitionActor.Command> partition : inputPartitions) {
                partition.tell(new PartitionActor.Inject(id, internal));
            }
        }
    }

    private Behavior<Command> onPartitionDone(PartitionDone done) {
        PartitionEngine.SampleReport report = done.report();
        InFlight sample = inFlight.get(report.sampleId());
        if (sample == null) {
            return this;
        }
        lastProgressNs = System.nanoTime();
        Partition partition = plan.partition(report.partition());
        sample.positive[partition.layerIndex()] += report.positiveSpikes();
        sample.negative[partition.layerIndex()] += report.negativeSpikes();
        long[] synops = report.synopsBySourceLayer();
        for (int l = 0; l < synops.length; l++) {
            sample.synops[l] += synops[l];
        }
        if (report.outputPotentials() != null) {
            System.arraycopy(report.outputPotentials(), 0, sample.potentials, partition.lo(),
                    partition.size());
        }
        if (--sample.remaining == 0) {
            inFlight.remove(report.sampleId());
            long latencyNs = lastProgressNs - sample.injectedNs;
            latency.recordValue(Math.max(1, latencyNs));
            List<Prediction.LayerCounts> layers = new ArrayList<>(network.layers().size());
            for (int l = 0; l < network.layers().size(); l++) {
                layers.add(new Prediction.LayerCounts(network.layer(l).name(), sample.positive[l],
                        sample.negative[l], sample.synops[l]));
            }
            sample.future.complete(new Prediction(report.sampleId(), Readout.argmax(sample.potentials),
                    sample.potentials, List.copyOf(layers), latencyNs));
            pump();
        }
        return this;
    }

    private Behavior<Command> onPartitionFailed(PartitionFailed failed) {
        RuntimeException error = failed.error();
        fail(error instanceof SpikemeshException user ? user : new SpikemeshException("partition "
                + failed.partition() + " failed: " + error, error));
        return this;
    }

    private Behavior<Command> onTransportFailed(TransportFailed failed) {
        fail(new SpikemeshException("the spike transport failed: " + failed.error().getMessage(), failed.error()));
        return this;
    }

    private Behavior<Command> onTick() {
        if (failure != null || inFlight.isEmpty()) {
            statuses = null;
            return this;
        }
        long now = System.nanoTime();
        if (statuses != null) {
            if (now - diagnoseStartedNs > timeoutNs) {
                List<Integer> silent = new ArrayList<>();
                for (int p = 0; p < statuses.length; p++) {
                    if (statuses[p] == null) {
                        silent.add(p);
                    }
                }
                fail(new SpikemeshException("the run made no progress for " + millis(timeoutNs) + " and partitions "
                        + silent + " did not answer; they have stopped"));
            }
            return this;
        }
        if (now - lastProgressNs > timeoutNs) {
            statuses = new PartitionActor.Status[partitions.size()];
            statusCount = 0;
            diagnoseStartedNs = now;
            for (ActorRef<PartitionActor.Command> partition : partitions) {
                partition.tell(new PartitionActor.Diagnose(statusAdapter));
            }
        }
        return this;
    }

    private Behavior<Command> onStatus(WrappedStatus wrapped) {
        if (statuses == null || failure != null) {
            return this;
        }
        PartitionActor.Status status = wrapped.status();
        if (statuses[status.partition()] == null) {
            statuses[status.partition()] = status;
            statusCount++;
        }
        if (statusCount == statuses.length) {
            if (System.nanoTime() - lastProgressNs > timeoutNs) {
                fail(new SpikemeshException(diagnose(statuses)));
            }
            statuses = null;
        }
        return this;
    }

    /** Names the missing frame: prefer a link whose source has already passed the step its destination waits for. */
    private String diagnose(PartitionActor.Status[] all) {
        PartitionActor.Status blocked = null;
        int blockedSource = -1;
        for (PartitionActor.Status status : all) {
            if (!inFlight.containsKey(status.sample())) {
                continue;
            }
            for (int source : status.missingSources()) {
                if (all[source].position() > status.position()) {
                    return "no frame arrived on link " + plan.partition(source) + " -> "
                            + plan.partition(status.partition()) + " for sample " + status.sample() + " step "
                            + status.step() + " within " + millis(timeoutNs) + " although the source sent it; the"
                            + " transport lost or delayed it (raise spikemesh.runtime.frame-timeout if the machine is"
                            + " just overloaded)";
                }
                if (blocked == null) {
                    blocked = status;
                    blockedSource = source;
                }
            }
        }
        if (blocked != null) {
            return "no frame arrived on link " + plan.partition(blockedSource) + " -> "
                    + plan.partition(blocked.partition()) + " for sample " + blocked.sample() + " step "
                    + blocked.step() + " within " + millis(timeoutNs) + "; its source is stuck as well";
        }
        return "the run made no progress for " + millis(timeoutNs) + " with samples " + inFlight.keySet()
                + " in flight, although no partition waits for a frame";
    }

    private static String millis(long nanos) {
        return (nanos / 1_000_000) + " ms";
    }

    private void fail(SpikemeshException error) {
        if (failure != null) {
            return;
        }
        failure = error;
        for (InFlight sample : inFlight.values()) {
            sample.future.completeExceptionally(error);
        }
        inFlight.clear();
        for (Submit submit : pending) {
            submit.future().completeExceptionally(error);
        }
        pending.clear();
    }
}
