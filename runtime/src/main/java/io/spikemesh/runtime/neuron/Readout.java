package io.spikemesh.runtime.neuron;

/**
 * The non-spiking output layer for a range {@code [lo, hi)} of output neurons: it integrates like {@link QffsNeurons}
 * (see the equations there) and never fires; the prediction is the argmax of the potentials after the last step.
 */
public final class Readout {
    private final int lo;
    private final int hi;
    private final long[] bias;
    private final long[] drive;
    private final long[] potential;

    /** @param bias the bias of outputs {@code lo..hi-1}, {@code bias[i - lo]} */
    public Readout(long[] bias, int lo, int hi) {
        if (lo < 0 || hi < lo || bias.length != hi - lo) {
            throw new IllegalArgumentException(
                    "range [" + lo + ", " + hi + ") needs " + (hi - lo) + " biases, got " + bias.length);
        }
        this.lo = lo;
        this.hi = hi;
        this.bias = bias.clone();
        this.drive = bias.clone();
        this.potential = new long[hi - lo];
    }

    /** Resets potentials to zero and fixes the per-input-step drive (bias + input current, which may be null). */
    public void beginSample(int[] inputCurrent) {
        for (int i = 0; i < potential.length; i++) {
            potential[i] = 0;
            drive[i] = inputCurrent == null ? bias[i] : bias[i] + inputCurrent[i];
        }
    }

    /** Adds this step's current ({@code current[i - lo]}, consumed and zeroed) and, on input steps, the drive. */
    public void step(int[] current, boolean inputStep) {
        final long[] v = potential;
        for (int i = 0; i < v.length; i++) {
            v[i] += inputStep ? current[i] + drive[i] : current[i];
            current[i] = 0;
        }
    }

    public int lo() {
        return lo;
    }

    public int hi() {
        return hi;
    }

    /** Potential of output {@code neuron} (index within {@code [lo, hi)}). */
    public long potential(int neuron) {
        return potential[neuron - lo];
    }

    /** Copies the potentials of the range into {@code destination[offset ..]}. */
    public void copyPotentials(long[] destination, int offset) {
        System.arraycopy(potential, 0, destination, offset, potential.length);
    }

    /** Index of the largest value, the lowest index on ties; the prediction rule of the output layer. */
    public static int argmax(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
