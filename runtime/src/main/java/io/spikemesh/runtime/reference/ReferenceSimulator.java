package io.spikemesh.runtime.reference;

import io.spikemesh.protocol.SpikemeshException;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-threaded, event-driven simulator that defines what a Spikemesh network computes; every faster or
 * distributed runtime must reproduce its results bit for bit. The neuron equations are in {@link QffsNeurons}.
 *
 * <h2>Step protocol</h2>
 * <ol>
 *   <li>Once per sample: the sample (model order) is put in internal order, and every layer with projections from
 *   {@code "input"} gets its input current {@code Σ w · raw} (the raw value is the multiplier); all state is reset.</li>
 *   <li>Steps {@code 0..T-1} are input steps, then, with {@link SimulationOptions#settle()}, settle steps until a step
 *   in which nothing spikes. In every step the layers run in topological order with zero synaptic delay: a layer first
 *   integrates the spikes its sources emitted in this same step (each spike: {@link Synapses#accumulate} with
 *   multiplier ±1), then updates its neurons ({@link QffsNeurons#step}), pool outputs
 *   ({@link io.spikemesh.runtime.kernel.MaxPoolKernel#step}) or readout ({@link Readout#step}).</li>
 *   <li>The prediction is the argmax of the readout potentials after the last step.</li>
 * </ol>
 * The work per step is the spikes times their fan-out plus one pass over each layer's neurons; nothing is allocated
 * per step unless a raster is recorded. An instance reuses its buffers between samples: use one per thread.
 */
public final class ReferenceSimulator {
    private final Network network;
    private final int[] internalSample;
    private final LayerState[] states;

    /** Per-layer buffers, reused across samples. */
    private static final class LayerState {
        final CompiledLayer layer;
        final int[] current;
        final int[] inputCurrent;          // null when the layer has no projection from the input
        final CompiledProjection[] spikeProjections;  // projections from layers (not from the input)
        final int[] firedIndex;
        final byte[] firedSign;
        final QffsNeurons neurons;         // NEURON layers
        final Readout readout;             // OUTPUT layer
        final int[] sourceCounts;          // MAX_POOL layers: net counts of the pooled layer
        final int[] poolMax;               // MAX_POOL layers: current window maxima
        int fired;
        long positive;
        long negative;
        long synapticOperations;
        List<byte[]> raster;               // internal order rows, when recorded

        LayerState(CompiledLayer layer) {
            this.layer = layer;
            int n = layer.size();
            this.current = new int[n];
            this.firedIndex = new int[n];
            this.firedSign = new byte[n];
            List<CompiledProjection> projections = projectionsOf(layer);
            this.inputCurrent = projections.stream().anyMatch(CompiledProjection::fromInput) ? new int[n] : null;
            this.spikeProjections = projections.stream().filter(p -> !p.fromInput())
                    .toArray(CompiledProjection[]::new);
            this.neurons = layer instanceof SpikingLayer s ? s.neurons(0, n) : null;
            this.readout = layer instanceof ReadoutLayer r ? r.readout(0, n) : null;
            this.sourceCounts = layer instanceof PoolingLayer p ? new int[p.kernel().sourceSize()] : null;
            this.poolMax = layer instanceof PoolingLayer ? new int[n] : null;
        }
    }

    public ReferenceSimulator(Network network) {
        this.network = network;
        this.internalSample = new int[network.inputSize()];
        this.states = new LayerState[network.layers().size()];
        for (CompiledLayer layer : network.layers()) {
            states[layer.index()] = new LayerState(layer);
        }
    }

    public Network network() {
        return network;
    }

    /**
     * Runs one sample.
     *
     * @param sample raw input values in MODEL order, each in {@code [0, max_value]}
     * @throws SpikemeshException on a sample of the wrong size or range, an unknown raster layer, or a settle phase
     *                            longer than {@link SimulationOptions#maxSettleSteps()}
     */
    public SimulationResult run(int[] sample, SimulationOptions options) {
        checkSample(sample);
        for (String name : options.rasterLayers()) {
            network.layer(name);
        }
        long inputAccumulations = beginSample(sample, options);
        int t = 0;
        for (; t < options.timeSteps(); t++) {
            step(true, options);
        }
        if (options.settle()) {
            int settleSteps = 0;
            while (step(false, options) > 0) {
                t++;
                if (++settleSteps > options.maxSettleSteps()) {
                    throw new SpikemeshException("the settle phase was still spiking after " + options.maxSettleSteps()
                            + " steps (T = " + options.timeSteps() + "); raise the settle cap "
                            + "(SimulationOptions.withMaxSettleSteps)");
                }
            }
            dropLastRasterRow();
        }
        return result(options, t, inputAccumulations);
    }

    /** Runs every sample with the same options, in order. */
    public List<SimulationResult> runAll(List<int[]> samples, SimulationOptions options) {
        List<SimulationResult> results = new ArrayList<>(samples.size());
        for (int[] sample : samples) {
            results.add(run(sample, options));
        }
        return results;
    }

    /** The prediction for every sample, in order. */
    public int[] predict(int[][] samples, SimulationOptions options) {
        int[] predictions = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            predictions[i] = run(samples[i], options).prediction();
        }
        return predictions;
    }

    private void checkSample(int[] sample) {
        if (sample.length != network.inputSize()) {
            throw new SpikemeshException("a sample has " + sample.length + " values but the model expects "
                    + network.inputSize() + " (input shape " + network.inputLayout() + ")");
        }
        int max = network.maxInputValue();
        for (int i = 0; i < sample.length; i++) {
            if (sample[i] < 0 || sample[i] > max) {
                throw new SpikemeshException("sample value " + sample[i] + " at index " + i + " is outside [0, " + max
                        + "], the model's input range");
            }
        }
    }

    /** Resets all state and computes the input currents; returns the accumulations that cost. */
    private long beginSample(int[] sample, SimulationOptions options) {
        network.inputLayout().toInternal(sample, internalSample);
        long accumulations = 0;
        for (LayerState state : states) {
            state.fired = 0;
            state.positive = 0;
            state.negative = 0;
            state.synapticOperations = 0;
            state.raster = options.rasterLayers().contains(state.layer.name()) ? new ArrayList<>() : null;
            if (state.inputCurrent != null) {
                Arrays.fill(state.inputCurrent, 0);
                for (CompiledProjection projection : projectionsOf(state.layer)) {
                    if (projection.fromInput()) {
                        accumulations += inputCurrent(projection.synapses(), state.inputCurrent);
                    }
                }
            }
            if (state.neurons != null) {
                state.neurons.beginSample(state.inputCurrent);
            } else if (state.readout != null) {
                state.readout.beginSample(state.inputCurrent);
            } else {
                Arrays.fill(state.sourceCounts, 0);
                Arrays.fill(state.poolMax, 0);
            }
        }
        return accumulations;
    }

    private long inputCurrent(Synapses synapses, int[] current) {
        long accumulations = 0;
        for (int s = 0; s < internalSample.length; s++) {
            if (internalSample[s] != 0) {
                accumulations += synapses.accumulate(s, internalSample[s], current, 0, current.length);
            }
        }
        return accumulations;
    }

    /** One step of every layer in topological order; returns the number of spikes emitted by all layers. */
    private int step(boolean inputStep, SimulationOptions options) {
        int emitted = 0;
        for (LayerState state : states) {
            CompiledLayer layer = state.layer;
            switch (layer.kind()) {
                case NEURON -> {
                    integrate(state);
                    state.fired = state.neurons.step(state.current, inputStep, options.timeSteps(),
                            options.suppression(), state.firedIndex, state.firedSign);
                }
                case MAX_POOL -> {
                    LayerState source = states[((PoolingLayer) layer).sourceIndex()];
                    for (int k = 0; k < source.fired; k++) {
                        state.sourceCounts[source.firedIndex[k]] += source.firedSign[k];
                    }
                    state.fired = source.fired == 0 ? 0 : ((PoolingLayer) layer).kernel().step(0, layer.size(),
                            state.sourceCounts, state.poolMax, state.firedIndex, state.firedSign);
                }
                case OUTPUT -> {
                    integrate(state);
                    state.readout.step(state.current, inputStep);
                    state.fired = 0;
                }
                default -> throw new IllegalStateException("unknown layer kind " + layer.kind());
            }
            for (int k = 0; k < state.fired; k++) {
                if (state.firedSign[k] > 0) {
                    state.positive++;
                } else {
                    state.negative++;
                }
            }
            if (state.raster != null) {
                byte[] row = new byte[layer.size()];
                for (int k = 0; k < state.fired; k++) {
                    row[state.firedIndex[k]] = state.firedSign[k];
                }
                state.raster.add(row);
            }
            emitted += state.fired;
        }
        return emitted;
    }

    /** Adds this step's spikes of every source into the layer's current, charging the SynOps to the source. */
    private void integrate(LayerState state) {
        int[] current = state.current;
        for (CompiledProjection projection : state.spikeProjections) {
            LayerState source = states[projection.sourceIndex()];
            Synapses synapses = projection.synapses();
            long operations = 0;
            for (int k = 0; k < source.fired; k++) {
                operations += synapses.accumulate(source.firedIndex[k], source.firedSign[k], current, 0,
                        current.length);
            }
            source.synapticOperations += operations;
        }
    }

    private void dropLastRasterRow() {
        // The quiet step that ended the settle phase is not a step of the result (see SimulationResult.stepsRun).
        for (LayerState state : states) {
            if (state.raster != null) {
                state.raster.remove(state.raster.size() - 1);
            }
        }
    }

    private SimulationResult result(SimulationOptions options, int stepsRun, long inputAccumulations) {
        List<LayerActivity> activities = new ArrayList<>(states.length);
        Map<String, byte[][]> rasters = new HashMap<>();
        long[] potentials = null;
        for (LayerState state : states) {
            CompiledLayer layer = state.layer;
            int[] counts;
            if (state.neurons != null) {
                counts = new int[layer.size()];
                state.neurons.copyNetCounts(counts, 0);
                counts = layer.layout().toModelOrder(counts);
            } else if (state.readout != null) {
                counts = new int[0];
                potentials = new long[layer.size()];
                state.readout.copyPotentials(potentials, 0);
                potentials = layer.layout().toModelOrder(potentials);
            } else {
                counts = layer.layout().toModelOrder(state.poolMax);
            }
            activities.add(new LayerActivity(layer.name(), layer.kind(), state.positive, state.negative,
                    state.synapticOperations, counts));
            if (state.raster != null) {
                byte[][] raster = new byte[state.raster.size()][];
                for (int t = 0; t < raster.length; t++) {
                    raster[t] = layer.layout().toModelOrder(state.raster.get(t));
                }
                rasters.put(layer.name(), raster);
                state.raster = null;
            }
        }
        return new SimulationResult(Readout.argmax(potentials), potentials, options.timeSteps(), stepsRun,
                inputAccumulations, activities, rasters);
    }

    private static List<CompiledProjection> projectionsOf(CompiledLayer layer) {
        if (layer instanceof SpikingLayer s) {
            return s.projections();
        }
        if (layer instanceof ReadoutLayer r) {
            return r.projections();
        }
        return List.of();
    }
}
