package io.spikemesh.runtime.kernel;

/**
 * Exact max pooling on signed spike trains, between channel-last layers (internal order {@code [H, W, C]}).
 *
 * <p>A pool output stands for the maximum, over its window, of its inputs' net spike counts. Each step the caller
 * applies the step's input spikes to {@code sourceCounts} ({@code sourceCounts[s] += sign}), then {@link #step} emits,
 * for each output, the change of that maximum since the previous step. Every input count moves by at most one per
 * step, so the maximum does too: the emitted value is always -1, 0 or +1, and the output's net count always equals
 * the maximum of its window's net counts. Padded cells never win (they stand for -infinity), and since
 * {@code padding < kernel} every window holds at least one real cell. No threshold, no membrane.
 *
 * <p>The kernel is stateless and thread-safe: the caller owns {@code sourceCounts} (indexed by source neuron, internal
 * order, all zero at the start of a sample) and {@code outputMax} (indexed relative to the caller's range, zero at the
 * start of a sample).
 */
public final class MaxPoolKernel {
    private final int channels;
    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final int kernel;
    private final int stride;
    private final int padding;

    public MaxPoolKernel(int channels, int inHeight, int inWidth, int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException(
                    "max-pool geometry: kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        this.channels = channels;
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outHeight = ConvSynapses.outSize(inHeight, kernel, stride, padding);
        this.outWidth = ConvSynapses.outSize(inWidth, kernel, stride, padding);
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException(
                    "max-pool kernel " + kernel + " larger than padded input " + inHeight + "×" + inWidth);
        }
    }

    public int sourceSize() {
        return channels * inHeight * inWidth;
    }

    /** Number of pool outputs. */
    public int size() {
        return channels * outHeight * outWidth;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    /**
     * Emits the change of each output's window maximum for the outputs {@code [outLo, outHi)}.
     *
     * @param sourceCounts net counts of all source neurons (internal order), already updated with this step's spikes
     * @param outputMax    the outputs' current maxima, {@code outputMax[o - outLo]}; updated in place
     * @param firedIndex   receives the internal indices of outputs whose maximum changed
     * @param firedSign    receives the change, +1 or -1
     * @return the number of outputs written to {@code firedIndex}/{@code firedSign} (from index 0)
     */
    public int step(int outLo, int outHi, int[] sourceCounts, int[] outputMax, int[] firedIndex, byte[] firedSign) {
        int fired = 0;
        final int c = channels;
        for (int o = outLo; o < outHi; o++) {
            int position = o / c;
            int ch = o - position * c;
            int oy = position / outWidth;
            int ox = position - oy * outWidth;
            int y0 = Math.max(oy * stride - padding, 0);
            int y1 = Math.min(oy * stride - padding + kernel, inHeight);
            int x0 = Math.max(ox * stride - padding, 0);
            int x1 = Math.min(ox * stride - padding + kernel, inWidth);
            int max = Integer.MIN_VALUE;
            for (int y = y0; y < y1; y++) {
                int row = y * inWidth;
                for (int x = x0; x < x1; x++) {
                    int v = sourceCounts[(row + x) * c + ch];
                    if (v > max) {
                        max = v;
                    }
                }
            }
            int change = max - outputMax[o - outLo];
            if (change != 0) {
                if (change > 1 || change < -1) {
                    throw new IllegalStateException("max-pool output " + o + " changed by " + change
                            + " in one step: an input count moved by more than one spike");
                }
                outputMax[o - outLo] = max;
                firedIndex[fired] = o;
                firedSign[fired] = (byte) change;
                fired++;
            }
        }
        return fired;
    }

    /** Lowest pool output that source neuron {@code s} (internal order) feeds; equals {@link #targetHi} if none. */
    public int targetLo(int sourceNeuron) {
        int position = sourceNeuron / channels;
        int y = position / inWidth;
        int x = position - y * inWidth;
        int oyFirst = firstOutput(y, outHeight);
        int oxFirst = firstOutput(x, outWidth);
        if (oyFirst < 0 || oxFirst < 0) {
            return 0;
        }
        return (oyFirst * outWidth + oxFirst) * channels + sourceNeuron % channels;
    }

    /** One past the highest pool output that source neuron {@code s} feeds. */
    public int targetHi(int sourceNeuron) {
        int position = sourceNeuron / channels;
        int y = position / inWidth;
        int x = position - y * inWidth;
        int oyLast = lastOutput(y, outHeight);
        int oxLast = lastOutput(x, outWidth);
        if (oyLast < 0 || oxLast < 0) {
            return 0;
        }
        return (oyLast * outWidth + oxLast) * channels + sourceNeuron % channels + 1;
    }

    private int firstOutput(int i, int out) {
        for (int o = 0; o < out; o++) {
            int k = i + padding - o * stride;
            if (k >= 0 && k < kernel) {
                return o;
            }
        }
        return -1;
    }

    private int lastOutput(int i, int out) {
        for (int o = out - 1; o >= 0; o--) {
            int k = i + padding - o * stride;
            if (k >= 0 && k < kernel) {
                return o;
            }
        }
        return -1;
    }
}
