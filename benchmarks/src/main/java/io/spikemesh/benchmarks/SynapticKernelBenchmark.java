package io.spikemesh.benchmarks;

import io.spikemesh.runtime.kernel.ConvSynapses;
import io.spikemesh.runtime.kernel.DenseSynapses;
import io.spikemesh.runtime.kernel.Synapses;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synaptic accumulate kernels: one invocation delivers a fixed batch of spikes (signs ±1) through one projection into
 * a reused current buffer, exactly as a simulation step does. The {@code synops} counter is the number of (spike,
 * synapse) pairs applied, so JMH reports it as SynOps/s.
 *
 * <p>Shapes are the second convolution of the default Fashion-MNIST CNN ({@code c32k5-bn-mp2-c64k5-bn-mp2-fc10}:
 * 32×12×12 → 64×8×8, 5×5 kernel) and of the small one ({@code c16k5-…-c32k5}: 16×12×12 → 32×8×8), and the MLP's
 * ({@code 784-500-500-10}) dense layers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class SynapticKernelBenchmark {
    /** Spikes delivered per invocation (a step's worth for a small layer). */
    static final int SPIKES = 64;

    @Param({"dense-500x500", "dense-784x500", "conv-16x12x12-32k5", "conv-32x12x12-64k5"})
    public String projection;

    /** Weight bit width; weights are drawn uniformly from the full signed range of this width. */
    @Param({"8"})
    public int weightBits;

    private Synapses synapses;
    private int[] current;
    private int[] sources;
    private int[] signs;

    /** SynOps applied, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class SynOps {
        public long synops;

        @Setup(Level.Iteration)
        public void reset() {
            synops = 0;
        }
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        int limit = 1 << (weightBits - 1);
        switch (projection) {
            case "dense-500x500" -> synapses = new DenseSynapses(500, 500, weights(random, 500 * 500, limit));
            case "dense-784x500" -> synapses = new DenseSynapses(784, 500, weights(random, 784 * 500, limit));
            case "conv-16x12x12-32k5" ->
                    synapses = new ConvSynapses(16, 12, 12, 32, 5, 5, 1, 0, weights(random, 5 * 5 * 16 * 32, limit));
            case "conv-32x12x12-64k5" ->
                    synapses = new ConvSynapses(32, 12, 12, 64, 5, 5, 1, 0, weights(random, 5 * 5 * 32 * 64, limit));
            default -> throw new IllegalArgumentException("unknown projection " + projection);
        }
        current = new int[synapses.targetSize()];
        sources = new int[SPIKES];
        signs = new int[SPIKES];
        for (int i = 0; i < SPIKES; i++) {
            sources[i] = random.nextInt(synapses.sourceSize());
            signs[i] = random.nextInt(8) == 0 ? -1 : 1;
        }
    }

    private static short[] weights(SplittableRandom random, int count, int limit) {
        short[] w = new short[count];
        for (int i = 0; i < count; i++) {
            w[i] = (short) random.nextInt(-limit, limit);
        }
        return w;
    }

    @Benchmark
    public int accumulateSpikes(SynOps counter) {
        int touched = 0;
        final Synapses s = synapses;
        final int[] acc = current;
        final int hi = acc.length;
        for (int i = 0; i < SPIKES; i++) {
            touched += s.accumulate(sources[i], signs[i], acc, 0, hi);
        }
        counter.synops += touched;
        return acc[touched % hi];
    }
}
