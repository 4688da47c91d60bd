package io.spikemesh.runtime.partition;

import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.kernel.MaxPoolKernel;
import io.spikemesh.runtime.kernel.Synapses;
import io.spikemesh.runtime.network.CompiledLayer;
import io.spikemesh.runtime.network.CompiledProjection;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.network.PoolingLayer;
import io.spikemesh.runtime.network.ReadoutLayer;
import io.spikemesh.runtime.network.SpikingLayer;
import io.spikemesh.runtime.neuron.QffsNeurons;
import io.spikemesh.runtime.neuron.Readout;
import io.spikemesh.runtime.traffic.TrafficMeter;
import io.spikemesh.runtime.transport.Frame;
import io.spikemesh.runtime.transport.FrameSender;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The step logic of one partition, free of actors so it can be driven directly: it buffers what arrives, and steps
 * whenever everything for its next (sample, step) is in. It runs the network's own kernels ({@link QffsNeurons},
 * {@link Synapses}, {@link MaxPoolKernel}, {@link Readout}) on its range — the equations exist once, in those
 * classes.
 *
 * <p>Per (sample s, step t) the partition waits for exactly one frame from each source partition in the routing
 * table, plus, for layers fed by the network input, the sample itself before step 0. It then applies the frames'
 * spikes through the projections' synapses, steps its neurons, and sends exactly one frame — empty when nothing
 * fired — to each destination. Samples are processed strictly in id order (0, 1, 2, ...), steps in order, so one set
 * of membranes suffices; frames of later samples simply wait in the per-link queues (frames of one link arrive in
 * order). After step T−1 it reports the sample's counts (and, for the output layer, its potentials).
 *
 * <p>Not thread-safe: owned by one actor.
 */
public final class PartitionEngine {
    /** What a partition reports when it has finished a sample. */
    public record SampleReport(long sampleId, int partition, long positiveSpikes, long negativeSpikes,
                               long[] synopsBySourceLayer, long[] outputPotentials) {
    }

    /** Receives reports and frames' fate; implemented by the actor. */
    public interface Listener {
        void onSampleDone(SampleReport report);
    }

    private record Inject(long sampleId, int[] internalInput) {
    }

    private final Partition partition;
    private final int timeSteps;
    private final boolean suppression;
    private final FrameSender sender;
    private final Listener listener;
    private final int layerCount;

    private final int[] sources;
    private final Partition[] sourcePartitions;
    private final int[] sourceLayer;
    private final int[] sourceLo;
    private final Synapses[][] linkSynapses;
    // Link index by source partition id - firstSource (-1: not a source); the ids of one partition's sources span
    // little more than the partitions of its source layers.
    private final int firstSource;
    private final int[] linkOfSource;
    private final ArrayDeque<Frame>[] queues;
    private final ArrayDeque<Inject> injects = new ArrayDeque<>();
    private final Synapses[] inputSynapses;
    private final int[][] relevantInputs;

    private final int[] destinations;
    private final TrafficMeter.LinkCounters[] outCounters;
    private final TrafficMeter.LayerCounters ownCounters;
    private final TrafficMeter.LayerCounters[] sourceCounters;

    private final QffsNeurons neurons;
    private final Readout readout;
    private final MaxPoolKernel pool;
    private final int[] poolSourceCounts;
    private final int[] poolOutputMax;
    private final int poolSourceLo;
    private final int poolSourceHi;

    private final int[] current;
    private final int[] inputCurrent;
    private final int[] firedIndex;
    private final byte[] firedSign;

    private long sampleId;
    private int step;
    private long samplePositive;
    private long sampleNegative;
    private final long[] sampleSynops;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public PartitionEngine(Network network, PartitionPlan plan, RoutingTable routing, Partition partition,
                           int timeSteps, boolean suppression, FrameSender sender, TrafficMeter meter,
                           Listener listener) {
        this.partition = partition;
        this.timeSteps = timeSteps;
        this.suppression = suppression;
        this.sender = sender;
        this.listener = listener;
        this.layerCount = network.layers().size();
        CompiledLayer layer = network.layer(partition.layerIndex());
        int n = partition.size();

        sources = routing.sources(partition.id());
        sourceLayer = new int[sources.length];
        sourcePartitions = new Partition[sources.length];
        sourceLo = new int[sources.length];
        linkSynapses = new Synapses[sources.length][];
        queues = new ArrayDeque[sources.length];
        sourceCounters = new TrafficMeter.LayerCounters[sources.length];
        firstSource = sources.length == 0 ? 0 : sources[0];
        linkOfSource = new int[sources.length == 0 ? 0 : sources[sources.length - 1] - firstSource + 1];
        Arrays.fill(linkOfSource, -1);
        List<CompiledProjection> projections = RoutingTable.projections(layer);
        for (int i = 0; i < sources.length; i++) {
            Partition source = plan.partition(sources[i]);
            sourcePartitions[i] = source;
            sourceLayer[i] = source.layerIndex();
            sourceLo[i] = source.lo();
            linkOfSource[source.id() - firstSource] = i;
            queues[i] = new ArrayDeque<>();
            sourceCounters[i] = meter.layer(source.layerIndex());
            linkSynapses[i] = projections.stream().filter(p -> p.sourceIndex() == source.layerIndex())
                    .map(CompiledProjection::synapses).toArray(Synapses[]::new);
        }
        inputSynapses = projections.stream().filter(CompiledProjection::fromInput)
                .map(CompiledProjection::synapses).toArray(Synapses[]::new);
        // Only the input values whose kernels reach this range matter; a conv tile sees a small window of the image.
        relevantInputs = new int[inputSynapses.length][];
        for (int k = 0; k < inputSynapses.length; k++) {
            Synapses synapses = inputSynapses[k];
            relevantInputs[k] = java.util.stream.IntStream.range(0, synapses.sourceSize())
                    .filter(j -> synapses.targetLo(j) < partition.hi() && synapses.targetHi(j) > partition.lo())
                    .toArray();
        }

        destinations = routing.destinations(partition.id());
        outCounters = new TrafficMeter.LinkCounters[destinations.length];
        for (int i = 0; i < destinations.length; i++) {
            outCounters[i] = meter.link(partition.id(), destinations[i]);
        }
        ownCounters = meter.layer(partition.layerIndex());

        current = new int[n];
        inputCurrent = inputSynapses.length > 0 ? new int[n] : null;
        firedIndex = new int[n];
        firedSign = new byte[n];
        sampleSynops = new long[layerCount];
        if (layer instanceof SpikingLayer spiking) {
            neurons = spiking.neurons(partition.lo(), partition.hi());
            readout = null;
            pool = null;
            poolSourceCounts = null;
            poolOutputMax = null;
            poolSourceLo = 0;
            poolSourceHi = 0;
        } else if (layer instanceof ReadoutLayer output) {
            neurons = null;
            readout = output.readout(partition.lo(), partition.hi());
            pool = null;
            poolSourceCounts = null;
            poolOutputMax = null;
            poolSourceLo = 0;
            poolSourceHi = 0;
        } else {
            PoolingLayer pooling = (PoolingLayer) layer;
            neurons = null;
            readout = null;
            pool = pooling.kernel();
            // The kernel indexes source counts by the source layer's neuron index; only the sources that can feed
            // this range are ever touched, so only that span is reset per sample.
            poolSourceCounts = new int[pool.sourceSize()];
            poolOutputMax = new int[n];
            int lo = Integer.MAX_VALUE;
            int hi = 0;
            for (int s = 0; s < pool.sourceSize(); s++) {
                if (pool.targetLo(s) < partition.hi() && pool.targetHi(s) > partition.lo()) {
                    lo = Math.min(lo, s);
                    hi = Math.max(hi, s + 1);
                }
            }
            poolSourceLo = Math.min(lo, hi);
            poolSourceHi = hi;
        }
    }

    public Partition partition() {
        return partition;
    }

    /** The network input of sample {@code id}, in internal order (only for layers fed by the input). */
    public void onInject(long id, int[] internalInput) {
        if (inputCurrent == null) {
            throw new IllegalStateException(partition + " is not fed by the network input");
        }
        injects.add(new Inject(id, internalInput));
        drain();
    }

    /** A frame from one of this partition's sources. */
    public void onFrame(Frame frame) {
        int slot = frame.sourcePartition() - firstSource;
        int link = slot >= 0 && slot < linkOfSource.length ? linkOfSource[slot] : -1;
        if (link < 0 || frame.destination() != partition.id()) {
            throw new IllegalStateException(partition + " received a frame on link P" + frame.sourcePartition()
                    + " -> P" + frame.destination() + ", which is not in its routing table");
        }
        queues[link].add(frame);
        drain();
    }

    /** True when fed by the network input. */
    public boolean needsInput() {
        return inputCurrent != null;
    }

    /** Next sample this partition works on. */
    public long expectedSample() {
        return sampleId;
    }

    /** Next step of {@link #expectedSample()} it works on. */
    public int expectedStep() {
        return step;
    }

    /** Steps completed so far over all samples: sample × T + step. */
    public long position() {
        return sampleId * timeSteps + step;
    }

    /** Source partitions whose frame for the next step has not arrived. */
    public int[] missingSources() {
        int[] missing = new int[sources.length];
        int count = 0;
        for (int i = 0; i < sources.length; i++) {
            if (queues[i].isEmpty()) {
                missing[count++] = sources[i];
            }
        }
        return Arrays.copyOf(missing, count);
    }

    /** True when the sample input for the next step 0 is missing (only input-fed partitions wait for it). */
    public boolean missingInput() {
        return inputCurrent != null && step == 0 && injects.isEmpty();
    }

    private void drain() {
        while (ready()) {
            runStep();
        }
    }

    private boolean ready() {
        if (step == 0 && inputCurrent != null && injects.isEmpty()) {
            return false;
        }
        for (ArrayDeque<Frame> queue : queues) {
            if (queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void runStep() {
        if (step == 0) {
            beginSample();
        }
        for (int i = 0; i < queues.length; i++) {
            Frame frame = queues[i].poll();
            if (frame.sampleId() != sampleId || frame.timeStep() != step) {
                throw new SpikemeshException("no frame arrived on link " + sourcePartitions[i] + " -> " + partition
                        + " for sample " + sampleId + " step " + step + ": the next frame on that link is for sample "
                        + frame.sampleId() + " step " + frame.timeStep() + ", so the transport lost or reordered one");
            }
            applySpikes(i, frame.positive(), 1);
            applySpikes(i, frame.negative(), -1);
        }
        int fired;
        if (neurons != null) {
            fired = neurons.step(current, true, timeSteps, suppression, firedIndex, firedSign);
        } else if (readout != null) {
            readout.step(current, true);
            fired = 0;
        } else {
            fired = pool.step(partition.lo(), partition.hi(), poolSourceCounts, poolOutputMax, firedIndex, firedSign);
        }
        emit(fired);
        if (++step == timeSteps) {
            finishSample();
        }
    }

    private void beginSample() {
        if (inputCurrent != null) {
            Inject inject = injects.poll();
            if (inject.sampleId() != sampleId) {
                throw new IllegalStateException(partition + " expected sample " + sampleId + " but was given "
                        + inject.sampleId());
            }
            int[] input = inject.internalInput();
            Arrays.fill(inputCurrent, 0);
            for (int k = 0; k < inputSynapses.length; k++) {
                Synapses synapses = inputSynapses[k];
                for (int j : relevantInputs[k]) {
                    if (input[j] != 0) {
                        synapses.accumulate(j, input[j], inputCurrent, partition.lo(), partition.hi());
                    }
                }
            }
        }
        if (neurons != null) {
            neurons.beginSample(inputCurrent);
        } else if (readout != null) {
            readout.beginSample(inputCurrent);
        } else {
            Arrays.fill(poolSourceCounts, poolSourceLo, poolSourceHi, 0);
            Arrays.fill(poolOutputMax, 0);
        }
        samplePositive = 0;
        sampleNegative = 0;
        Arrays.fill(sampleSynops, 0);
    }

    private void applySpikes(int link, int[] localIndices, int sign) {
        if (localIndices.length == 0) {
            return;
        }
        int offset = sourceLo[link];
        if (pool != null) {
            for (int index : localIndices) {
                poolSourceCounts[offset + index] += sign;
            }
            return;
        }
        long synops = 0;
        int lo = partition.lo();
        int hi = partition.hi();
        for (Synapses synapses : linkSynapses[link]) {
            for (int index : localIndices) {
                synops += synapses.accumulate(offset + index, sign, current, lo, hi);
            }
        }
        sampleSynops[sourceLayer[link]] += synops;
        sourceCounters[link].synapticOperations().getAndAdd(synops);
    }

    private void emit(int fired) {
        if (destinations.length == 0 && fired == 0) {
            return;
        }
        int positives = 0;
        for (int i = 0; i < fired; i++) {
            if (firedSign[i] > 0) {
                positives++;
            }
        }
        int[] positive = new int[positives];
        int[] negative = new int[fired - positives];
        int p = 0;
        int q = 0;
        int lo = partition.lo();
        for (int i = 0; i < fired; i++) {
            if (firedSign[i] > 0) {
                positive[p++] = firedIndex[i] - lo;
            } else {
                negative[q++] = firedIndex[i] - lo;
            }
        }
        samplePositive += positive.length;
        sampleNegative += negative.length;
        if (positive.length != 0) {
            ownCounters.positive().getAndAdd(positive.length);
        }
        if (negative.length != 0) {
            ownCounters.negative().getAndAdd(negative.length);
        }
        for (int d = 0; d < destinations.length; d++) {
            int bytes = sender.send(sampleId, step, destinations[d], positive, negative);
            outCounters[d].record(positive.length, negative.length, bytes);
        }
    }

    private void finishSample() {
        long[] potentials = null;
        if (readout != null) {
            potentials = new long[partition.size()];
            readout.copyPotentials(potentials, 0);
        }
        listener.onSampleDone(new SampleReport(sampleId, partition.id(), samplePositive, sampleNegative,
                sampleSynops.clone(), potentials));
        sampleId++;
        step = 0;
    }

    /** Source partitions (for diagnostics). */
    public int[] sources() {
        return sources.clone();
    }

    /** A description of what the partition waits for, for error messages. */
    public List<String> waitingFor() {
        List<String> waiting = new ArrayList<>();
        if (missingInput()) {
            waiting.add("input of sample " + sampleId);
        }
        for (int s : missingSources()) {
            waiting.add("frame P" + s + " -> P" + partition.id());
        }
        return waiting;
    }
}
