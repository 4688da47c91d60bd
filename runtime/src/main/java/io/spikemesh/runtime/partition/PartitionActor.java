package io.spikemesh.runtime.partition;

import io.spikemesh.runtime.transport.Frame;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A partition as a Pekko typed actor: the mailbox serialises what arrives (sample inputs from the coordinator,
 * frames from the transport), and the {@link PartitionEngine} steps whenever a step's inputs are complete. The
 * transport's own threads (Agrona agents) do the offering and polling; this actor only computes and hands frames
 * to its {@code FrameSender}.
 */
public final class PartitionActor extends AbstractBehavior<PartitionActor.Command> {

    /** The partition's protocol. */
    public sealed interface Command {
    }

    /** The network input of sample {@code sampleId}, internal order; shared read-only between partitions. */
    public record Inject(long sampleId, int[] internalInput) implements Command {
    }

    /** A frame from a source partition. */
    public record Deliver(Frame frame) implements Command {
    }

    /** Asks where the partition stands (for the coordinator's watchdog). */
    public record Diagnose(ActorRef<Status> replyTo) implements Command {
    }

    /**
     * Where a partition stands.
     *
     * @param position       steps completed over all samples (sample × T + step)
     * @param missingSources source partitions whose frame for the next step has not arrived
     * @param missingInput   whether it waits for the next sample's input
     */
    public record Status(int partition, long sample, int step, long position, int[] missingSources,
                         boolean missingInput) {
    }

    /** Where a partition reports finished samples and failures. */
    public interface Reports {
        void onSampleDone(PartitionEngine.SampleReport report);

        void onFailure(Partition partition, RuntimeException error);
    }

    private final PartitionEngine engine;
    private final Reports reports;

    private PartitionActor(ActorContext<Command> context, PartitionEngine engine, Reports reports) {
        super(context);
        this.engine = engine;
        this.reports = reports;
    }

    /**
     * @param engineFactory builds the engine given the listener that forwards finished samples to {@code reports}
     */
    public static Behavior<Command> create(Function<PartitionEngine.Listener, PartitionEngine> engineFactory,
                                           Reports reports) {
        return Behaviors.setup(context -> new PartitionActor(context, engineFactory.apply(reports::onSampleDone),
                reports));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(Inject.class, this::onInject)
                .onMessage(Diagnose.class, this::onDiagnose)
                .build();
    }

    private Behavior<Command> onDeliver(Deliver deliver) {
        try {
            engine.onFrame(deliver.frame());
            return this;
        } catch (RuntimeException e) {
            return fail(e);
        }
    }

    private Behavior<Command> onInject(Inject inject) {
        try {
            engine.onInject(inject.sampleId(), inject.internalInput());
            return this;
        } catch (RuntimeException e) {
            return fail(e);
        }
    }

    private Behavior<Command> onDiagnose(Diagnose diagnose) {
        diagnose.replyTo().tell(new Status(engine.partition().id(), engine.expectedSample(), engine.expectedStep(),
                engine.position(), engine.missingSources(), engine.missingInput()));
        return this;
    }

    /** A failed partition stops; the coordinator fails the run (it must never look like a slow one). */
    private Behavior<Command> fail(RuntimeException error) {
        reports.onFailure(engine.partition(), error);
        return Behaviors.stopped();
    }
}
