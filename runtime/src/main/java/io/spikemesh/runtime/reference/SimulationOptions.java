package io.spikemesh.runtime.reference;

import java.util.Set;

/**
 * How to run one sample.
 *
 * @param timeSteps      T, the number of input steps (≥ 1); also the cap on a neuron's net count
 * @param suppression    whether neurons emit -1 spikes (occasional-noise suppression)
 * @param settle         whether to run settle steps after the T input steps until no neuron or pool emits anything
 * @param maxSettleSteps settle steps allowed before the run fails (the settle phase always ends on a feed-forward
 *                       network; the cap turns a runaway into an error instead of a hang)
 * @param rasterLayers   names of the layers whose spike raster is recorded
 */
public record SimulationOptions(int timeSteps, boolean suppression, boolean settle, int maxSettleSteps,
                                Set<String> rasterLayers) {

    public SimulationOptions {
        if (timeSteps < 1) {
            throw new IllegalArgumentException("time steps must be >= 1, got " + timeSteps);
        }
        if (maxSettleSteps < 0) {
            throw new IllegalArgumentException("max settle steps must be >= 0, got " + maxSettleSteps);
        }
        rasterLayers = Set.copyOf(rasterLayers);
    }

    /** T steps, suppression on, no settle phase, no raster; settle cap 64·T + 1024. */
    public static SimulationOptions of(int timeSteps) {
        return new SimulationOptions(timeSteps, true, false, defaultMaxSettleSteps(timeSteps), Set.of());
    }

    /** The default settle cap for T steps: 64·T + 1024. */
    public static int defaultMaxSettleSteps(int timeSteps) {
        return (int) Math.min(Integer.MAX_VALUE, 64L * timeSteps + 1024);
    }

    public SimulationOptions withSuppression(boolean on) {
        return new SimulationOptions(timeSteps, on, settle, maxSettleSteps, rasterLayers);
    }

    public SimulationOptions withSettle(boolean on) {
        return new SimulationOptions(timeSteps, suppression, on, maxSettleSteps, rasterLayers);
    }

    public SimulationOptions withMaxSettleSteps(int steps) {
        return new SimulationOptions(timeSteps, suppression, settle, steps, rasterLayers);
    }

    public SimulationOptions withRaster(String... layers) {
        return new SimulationOptions(timeSteps, suppression, settle, maxSettleSteps, Set.of(layers));
    }
}
