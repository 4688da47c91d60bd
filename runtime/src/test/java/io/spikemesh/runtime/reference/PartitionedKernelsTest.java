package io.spikemesh.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spikemesh.runtime.RandomNetworks;
import io.spikemesh.runtime.kernel.Synapses;
import io.spikemesh.runtime.network.CompiledLayer;
import io.spikemesh.runtime.network.CompiledProjection;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.network.PoolingLayer;
import io.spikemesh.runtime.network.ReadoutLayer;
import io.spikemesh.runtime.network.SpikingLayer;
import io.spikemesh.runtime.neuron.QffsNeurons;
import io.spikemesh.runtime.neuron.Readout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernel contracts a partitioned runtime builds on: every layer split into random contiguous ranges, each range
 * with its own {@link QffsNeurons} / {@link Readout} / pool state, spikes routed only to the ranges their
 * {@code targetLo/targetHi} hull overlaps and delivered in a shuffled order. The result must be bit-identical to the
 * {@link ReferenceSimulator}'s.
 */
class PartitionedKernelsTest {

    /** One contiguous range of one layer. */
    private static final class Part {
        final int lo;
        final int hi;
        final int[] current;
        final int[] inputCurrent;
        final QffsNeurons neurons;
        final Readout readout;
        final int[] poolMax;

        Part(CompiledLayer layer, int lo, int hi) {
            this.lo = lo;
            this.hi = hi;
            this.current = new int[hi - lo];
            this.inputCurrent = new int[hi - lo];
            this.neurons = layer instanceof SpikingLayer s ? s.neurons(lo, hi) : null;
            this.readout = layer instanceof ReadoutLayer r ? r.readout(lo, hi) : null;
            this.poolMax = layer instanceof PoolingLayer ? new int[hi - lo] : null;
        }
    }

    @Test
    void shouldMatchTheReferenceSimulatorWhenLayersAreSplitIntoRangesAndSpikesArriveShuffled() {
        Random random = new Random(4242);
        for (int net = 0; net < 300; net++) {
            Network network = Network.compile(RandomNetworks.any(random));
            ReferenceSimulator reference = new ReferenceSimulator(network);
            int steps = 1 + random.nextInt(6);
            boolean suppression = random.nextBoolean();
            int[] sample = RandomNetworks.sample(random, network);
            SimulationResult expected = reference.run(sample, SimulationOptions.of(steps).withSuppression(suppression)
                    .withSettle(true));

            List<List<Part>> parts = new ArrayList<>();
            for (CompiledLayer layer : network.layers()) {
                parts.add(split(layer, random));
            }
            int[] internal = network.inputLayout().toInternal(sample);
            for (CompiledLayer layer : network.layers()) {
                for (Part part : parts.get(layer.index())) {
                    boolean fromInput = false;
                    for (CompiledProjection p : projections(layer)) {
                        if (p.fromInput()) {
                            fromInput = true;
                            for (int s = 0; s < internal.length; s++) {
                                p.synapses().accumulate(s, internal[s], part.inputCurrent, part.lo, part.hi);
                            }
                        }
                    }
                    if (part.neurons != null) {
                        part.neurons.beginSample(fromInput ? part.inputCurrent : null);
                    } else if (part.readout != null) {
                        part.readout.beginSample(fromInput ? part.inputCurrent : null);
                    }
                }
            }
            int layers = network.layers().size();
            int[][] firedIndex = new int[layers][];
            byte[][] firedSign = new byte[layers][];
            int[] fired = new int[layers];
            int[][] poolSourceCounts = new int[layers][];
            int[][] netCounts = new int[layers][];
            for (CompiledLayer layer : network.layers()) {
                firedIndex[layer.index()] = new int[layer.size()];
                firedSign[layer.index()] = new byte[layer.size()];
                netCounts[layer.index()] = new int[layer.size()];
                if (layer instanceof PoolingLayer p) {
                    poolSourceCounts[layer.index()] = new int[p.kernel().sourceSize()];
                }
            }
            int[] scratchIndex = new int[4096];
            byte[] scratchSign = new byte[4096];
            int t = 0;
            while (true) {
                boolean inputStep = t < steps;
                int emitted = 0;
                for (CompiledLayer layer : network.layers()) {
                    int l = layer.index();
                    fired[l] = 0;
                    for (Part part : parts.get(l)) {
                        int n;
                        if (layer instanceof PoolingLayer pool) {
                            // Each range keeps its own copy of the pooled counts in a real partition; sharing one
                            // array here is equivalent since every range sees every spike of its hull.
                            n = pool.kernel().step(part.lo, part.hi, poolSourceCounts[l], part.poolMax, scratchIndex,
                                    scratchSign);
                        } else {
                            List<int[]> deliveries = new ArrayList<>();
                            for (CompiledProjection p : projections(layer)) {
                                if (p.fromInput()) {
                                    continue;
                                }
                                int src = p.sourceIndex();
                                for (int k = 0; k < fired[src]; k++) {
                                    int s = firedIndex[src][k];
                                    Synapses syn = p.synapses();
                                    if (syn.targetLo(s) < part.hi && syn.targetHi(s) > part.lo) {
                                        deliveries.add(new int[] {layer.index(), projections(layer).indexOf(p), s,
                                            firedSign[src][k]});
                                    }
                                }
                            }
                            Collections.shuffle(deliveries, random);
                            for (int[] d : deliveries) {
                                projections(layer).get(d[1]).synapses().accumulate(d[2], d[3], part.current, part.lo,
                                        part.hi);
                            }
                            if (part.neurons != null) {
                                n = part.neurons.step(part.current, inputStep, steps, suppression, scratchIndex,
                                        scratchSign);
                            } else {
                                part.readout.step(part.current, inputStep);
                                n = 0;
                            }
                        }
                        for (int k = 0; k < n; k++) {
                            firedIndex[l][fired[l]] = scratchIndex[k];
                            firedSign[l][fired[l]] = scratchSign[k];
                            fired[l]++;
                            netCounts[l][scratchIndex[k]] += scratchSign[k];
                        }
                    }
                    for (int c : network.consumersOf(l)) {
                        if (network.layer(c) instanceof PoolingLayer) {
                            for (int k = 0; k < fired[l]; k++) {
                                poolSourceCounts[c][firedIndex[l][k]] += firedSign[l][k];
                            }
                        }
                    }
                    emitted += fired[l];
                }
                t++;
                if (t >= steps && emitted == 0) {
                    break;
                }
            }
            for (CompiledLayer layer : network.layers()) {
                if (layer.kind() != CompiledLayer.Kind.OUTPUT) {
                    assertArrayEquals(expected.layer(layer.name()).netCounts(),
                            layer.layout().toModelOrder(netCounts[layer.index()]), "network " + net + " " + layer);
                }
            }
            long[] potentials = new long[network.output().size()];
            for (Part part : parts.get(network.output().index())) {
                part.readout.copyPotentials(potentials, part.lo);
            }
            assertArrayEquals(expected.outputPotentials(), potentials, "network " + net);
            // The loop also ran the quiet step that ended the settle phase, unless that was the last input step.
            assertEquals(expected.stepsRun(), t == steps ? steps : t - 1, "network " + net);
        }
    }

    private static List<Part> split(CompiledLayer layer, Random random) {
        List<Part> parts = new ArrayList<>();
        int lo = 0;
        while (lo < layer.size()) {
            int hi = Math.min(layer.size(), lo + 1 + random.nextInt(Math.max(1, layer.size() / 2)));
            parts.add(new Part(layer, lo, hi));
            lo = hi;
        }
        return parts;
    }

    private static List<CompiledProjection> projections(CompiledLayer layer) {
        if (layer instanceof SpikingLayer s) {
            return s.projections();
        }
        if (layer instanceof ReadoutLayer r) {
            return r.projections();
        }
        return List.of();
    }
}
