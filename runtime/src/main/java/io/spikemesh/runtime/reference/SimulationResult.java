package io.spikemesh.runtime.reference;

import io.spikemesh.protocol.SpikemeshException;
import java.util.List;
import java.util.Map;

/** The outcome of one sample: prediction, output potentials, per-layer activity, latency, optional rasters. */
public final class SimulationResult {
    private final int prediction;
    private final long[] outputPotentials;
    private final int timeSteps;
    private final int stepsRun;
    private final long inputAccumulations;
    private final List<LayerActivity> layers;
    private final Map<String, byte[][]> rasters;

    SimulationResult(int prediction, long[] outputPotentials, int timeSteps, int stepsRun, long inputAccumulations,
                     List<LayerActivity> layers, Map<String, byte[][]> rasters) {
        this.prediction = prediction;
        this.outputPotentials = outputPotentials;
        this.timeSteps = timeSteps;
        this.stepsRun = stepsRun;
        this.inputAccumulations = inputAccumulations;
        this.layers = List.copyOf(layers);
        this.rasters = Map.copyOf(rasters);
    }

    /** Argmax of the output potentials, the lowest index on ties. */
    public int prediction() {
        return prediction;
    }

    /** The output layer's potentials after the last step (a copy), in output order. */
    public long[] outputPotentials() {
        return outputPotentials.clone();
    }

    /** T, the number of input steps. */
    public int timeSteps() {
        return timeSteps;
    }

    /**
     * Steps run: T plus the settle steps in which something still spiked. The quiet step that detects the end of the
     * settle phase changes nothing and is not counted; this is the latency after which the result is final.
     */
    public int stepsRun() {
        return stepsRun;
    }

    /** Settle steps that were needed after the T input steps (0 without a settle phase). */
    public int settleSteps() {
        return stepsRun - timeSteps;
    }

    /**
     * Multiply-accumulates spent on the input current: Σ over non-zero input values of their fan-out, done once per
     * sample however many steps run. Not counted as synaptic operations.
     */
    public long inputAccumulations() {
        return inputAccumulations;
    }

    /** Activity of every compiled layer, in topological order (the output layer last). */
    public List<LayerActivity> layers() {
        return layers;
    }

    public LayerActivity layer(String name) {
        for (LayerActivity layer : layers) {
            if (layer.name().equals(name)) {
                return layer;
            }
        }
        throw new SpikemeshException("no layer '" + name + "' in this result");
    }

    /** Positive plus negative spikes of all layers. */
    public long totalSpikes() {
        return layers.stream().mapToLong(LayerActivity::spikes).sum();
    }

    /** Synaptic operations of all layers' spikes. */
    public long totalSynapticOperations() {
        return layers.stream().mapToLong(LayerActivity::synapticOperations).sum();
    }

    public boolean hasRaster(String layer) {
        return rasters.containsKey(layer);
    }

    /**
     * The recorded raster of a layer: {@code raster[step][neuron]} ∈ {-1, 0, +1}, neurons in MODEL order, one row per
     * step run ({@link #stepsRun()} rows).
     */
    public byte[][] raster(String layer) {
        byte[][] raster = rasters.get(layer);
        if (raster == null) {
            throw new SpikemeshException("no raster recorded for layer '" + layer + "'; recorded: " + rasters.keySet()
                    + " (ask for it with SimulationOptions.withRaster)");
        }
        byte[][] copy = new byte[raster.length][];
        for (int t = 0; t < raster.length; t++) {
            copy[t] = raster[t].clone();
        }
        return copy;
    }
}
