package io.spikemesh.runtime.neuron;

/**
 * QFFS integrate-and-fire neurons: the one place where the neuron equations of Spikemesh are written down and coded.
 * An instance holds the state of a contiguous range {@code [lo, hi)} of one layer's neurons (internal order), so a
 * partition owns one instance and the reference simulator owns one per layer.
 *
 * <h2>Equations</h2>
 * For neuron i with threshold Θ (> 0), membrane start V0, bias b_i and net spike count n_i (positive minus negative
 * spikes so far), over the steps t = 0, 1, ... of one sample:
 * <pre>
 *   at the start of a sample:  V_i = V0,  n_i = 0
 *   each step t:
 *     V_i += I_i(t) + (t &lt; T ? b_i + J_i : 0)
 *     if      V_i &gt;= Θ and n_i &lt; T                 : emit +1,  V_i -= Θ,  n_i += 1
 *     else if suppression and V_i &lt; 0 and n_i &gt; 0 : emit -1,  V_i += Θ,  n_i -= 1
 * </pre>
 * <ul>
 *   <li>{@code I_i(t) = Σ_s w(s → i) · S_s(t)}: the synaptic current of the spikes {@code S_s(t) ∈ {-1, 0, +1}} that
 *   the source layers emitted in the <em>same</em> step t (zero synaptic delay: layers step in topological order).</li>
 *   <li>{@code J_i = Σ_j w(j → i) · x_j}: the input current from the raw sample x, constant over a sample and computed
 *   once per sample; only layers with projections from {@code "input"} have it.</li>
 *   <li>Steps {@code t < T} are input steps; later steps form the optional settle phase, which gets neither bias nor
 *   input current, only spikes, and ends when no neuron of the network emits anything.</li>
 *   <li>At most one spike per neuron per step; arithmetic is integer (V is a {@code long}), so the result does not
 *   depend on the order in which currents arrive.</li>
 *   <li>The cap {@code n_i < T} is the SNN's form of the ANN's clip at L = 2^b − 1 levels; it cannot bind during the T
 *   input steps and binds only in the settle phase.</li>
 *   <li>The -1 spike (occasional-noise suppression, switchable) retracts a spike that early, later-cancelled drive
 *   caused.</li>
 * </ul>
 * The output layer ({@link Readout}) integrates the same way but never spikes: {@code V_i += I_i(t) + (t < T ? b_i +
 * J_i : 0)}; the prediction is the argmax of V, lowest index on ties.
 *
 * <h2>Why the settle phase reproduces the quantized ANN</h2>
 * Let D_i be the total drive: {@code T·(b_i + J_i) + Σ_s w(s → i) · n_s} with n_s the sources' final net counts.
 * With suppression, a settled neuron fires neither way, so {@code V_i = V0 + D_i − Θ·n_i} satisfies
 * {@code V_i < Θ or n_i = T} and {@code V_i >= 0 or n_i = 0}. Hence {@code n_i = clip(floor((V0 + D_i) / Θ), 0, T)},
 * the integer activation that {@code reference.QuantizedAnn} computes (by induction over the layers in topological
 * order, since a layer's D_i uses its sources' settled counts).
 */
public final class QffsNeurons {
    private final long threshold;
    private final long membraneStart;
    private final int lo;
    private final int hi;
    private final long[] bias;
    // Bias plus this sample's input current: what every input step adds.
    private final long[] drive;
    private final long[] membrane;
    private final int[] netCount;

    /**
     * @param threshold     Θ > 0
     * @param membraneStart V0 in [0, Θ)
     * @param bias          the bias of the neurons {@code lo..hi-1}, {@code bias[i - lo]}
     * @param lo            first neuron (internal index) of this range
     * @param hi            one past the last neuron of this range
     */
    public QffsNeurons(long threshold, long membraneStart, long[] bias, int lo, int hi) {
        if (threshold <= 0) {
            throw new IllegalArgumentException("threshold must be > 0, got " + threshold);
        }
        if (membraneStart < 0 || membraneStart >= threshold) {
            throw new IllegalArgumentException(
                    "membrane start must be in [0, " + threshold + "), got " + membraneStart);
        }
        if (lo < 0 || hi < lo || bias.length != hi - lo) {
            throw new IllegalArgumentException(
                    "range [" + lo + ", " + hi + ") needs " + (hi - lo) + " biases, got " + bias.length);
        }
        this.threshold = threshold;
        this.membraneStart = membraneStart;
        this.lo = lo;
        this.hi = hi;
        this.bias = bias.clone();
        this.drive = bias.clone();
        this.membrane = new long[hi - lo];
        this.netCount = new int[hi - lo];
        beginSample(null);
    }

    /**
     * Resets membranes to V0 and counts to zero, and fixes this sample's per-input-step drive.
     *
     * @param inputCurrent the input current J of this range, {@code inputCurrent[i - lo]}, or null when the layer has
     *                     no projection from the network input
     */
    public void beginSample(int[] inputCurrent) {
        int n = hi - lo;
        for (int i = 0; i < n; i++) {
            membrane[i] = membraneStart;
            netCount[i] = 0;
            drive[i] = inputCurrent == null ? bias[i] : bias[i] + inputCurrent[i];
        }
    }

    /**
     * Advances every neuron of the range by one step.
     *
     * @param current     synaptic current I of this step, {@code current[i - lo]}; consumed and reset to zero
     * @param inputStep   true for the T input steps (bias and input current are added), false while settling
     * @param maxCount    T: no +1 spike once the net count has reached it
     * @param suppression whether -1 spikes are emitted
     * @param firedIndex  receives the internal indices of neurons that spiked (from index 0)
     * @param firedSign   receives their signs, +1 or -1
     * @return the number of spikes written
     */
    public int step(int[] current, boolean inputStep, int maxCount, boolean suppression,
                    int[] firedIndex, byte[] firedSign) {
        final long theta = threshold;
        final long[] v = membrane;
        final int[] count = netCount;
        final int n = hi - lo;
        int fired = 0;
        for (int i = 0; i < n; i++) {
            long vi = v[i] + current[i];
            current[i] = 0;
            if (inputStep) {
                vi += drive[i];
            }
            if (vi >= theta && count[i] < maxCount) {
                vi -= theta;
                count[i]++;
                firedIndex[fired] = lo + i;
                firedSign[fired] = 1;
                fired++;
            } else if (suppression && vi < 0 && count[i] > 0) {
                vi += theta;
                count[i]--;
                firedIndex[fired] = lo + i;
                firedSign[fired] = -1;
                fired++;
            }
            v[i] = vi;
        }
        return fired;
    }

    public int lo() {
        return lo;
    }

    public int hi() {
        return hi;
    }

    public long threshold() {
        return threshold;
    }

    /** Membrane of neuron {@code neuron} (internal index within {@code [lo, hi)}). */
    public long membrane(int neuron) {
        return membrane[neuron - lo];
    }

    /** Net spike count of neuron {@code neuron} (internal index within {@code [lo, hi)}). */
    public int netCount(int neuron) {
        return netCount[neuron - lo];
    }

    /** Copies the net counts of the range into {@code destination[offset ..]}. */
    public void copyNetCounts(int[] destination, int offset) {
        System.arraycopy(netCount, 0, destination, offset, hi - lo);
    }
}
