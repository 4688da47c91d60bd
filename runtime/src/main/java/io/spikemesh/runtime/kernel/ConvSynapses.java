package io.spikemesh.runtime.kernel;

/**
 * A 2-D convolution between channel-last layers (internal order {@code [H, W, C]}), weights stored
 * {@code [ky][kx][cin][cout]}.
 *
 * <p>A spike of input {@code (y, x, c)} reaches every output position {@code (oy, ox)} whose window covers it, with
 * kernel offset {@code ky = y + padding - oy * stride}, {@code kx = x + padding - ox * stride}; at each such position it
 * adds the contiguous slice {@code w[ky][kx][c][0..Cout)} to the contiguous membrane slice of all output channels.
 */
public final class ConvSynapses extends Synapses {
    private final int inChannels;
    private final int inWidth;
    private final int outChannels;
    private final int outHeight;
    private final int outWidth;
    private final int kernelW;
    private final int stride;
    private final int padding;
    // slices[(ky * kernelW + kx) * inChannels + c] = w[ky][kx][c][0..Cout): one int[] per slice so the inner loop
    // vectorizes (see DenseSynapses).
    private final int[][] slices;
    // Stride 1 only: reversedRows[ky * inChannels + c][(kernelW - 1 - kx) * Cout + co] = w[ky][kx][c][co].
    private final int[][] reversedRows;
    // Output rows/columns a given input row/column reaches: [lo, hi), precomputed so a spike needs no division.
    private final int[] oyLo;
    private final int[] oyHi;
    private final int[] oxLo;
    private final int[] oxHi;

    /**
     * @param kernelMajor weights {@code [kernelH][kernelW][inChannels][outChannels]} row-major; each fits in 16 bits
     */
    public ConvSynapses(int inChannels, int inHeight, int inWidth, int outChannels, int kernelH, int kernelW,
                        int stride, int padding, short[] kernelMajor) {
        super(inChannels * inHeight * inWidth,
                outChannels * outSize(inHeight, kernelH, stride, padding) * outSize(inWidth, kernelW, stride, padding));
        if ((long) kernelH * kernelW * inChannels * outChannels != kernelMajor.length) {
            throw new IllegalArgumentException("conv weights: expected " + (long) kernelH * kernelW * inChannels
                    * outChannels + " values, got " + kernelMajor.length);
        }
        if (stride < 1 || padding < 0 || padding >= kernelH || padding >= kernelW) {
            throw new IllegalArgumentException("conv geometry: stride " + stride + ", padding " + padding
                    + ", kernel " + kernelH + "×" + kernelW);
        }
        this.inChannels = inChannels;
        this.inWidth = inWidth;
        this.outChannels = outChannels;
        this.outHeight = outSize(inHeight, kernelH, stride, padding);
        this.outWidth = outSize(inWidth, kernelW, stride, padding);
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("conv kernel " + kernelH + "×" + kernelW + " larger than padded input "
                    + inHeight + "×" + inWidth);
        }
        this.kernelW = kernelW;
        this.stride = stride;
        this.padding = padding;
        this.slices = new int[kernelH * kernelW * inChannels][outChannels];
        for (int slice = 0; slice < slices.length; slice++) {
            for (int co = 0; co < outChannels; co++) {
                slices[slice][co] = kernelMajor[slice * outChannels + co];
            }
        }
        if (stride == 1) {
            this.reversedRows = new int[kernelH * inChannels][kernelW * outChannels];
            for (int ky = 0; ky < kernelH; ky++) {
                for (int kx = 0; kx < kernelW; kx++) {
                    for (int c = 0; c < inChannels; c++) {
                        System.arraycopy(slices[(ky * kernelW + kx) * inChannels + c], 0,
                                reversedRows[ky * inChannels + c], (kernelW - 1 - kx) * outChannels, outChannels);
                    }
                }
            }
        } else {
            this.reversedRows = null;
        }
        this.oyLo = new int[inHeight];
        this.oyHi = new int[inHeight];
        reach(inHeight, outHeight, kernelH, oyLo, oyHi);
        this.oxLo = new int[inWidth];
        this.oxHi = new int[inWidth];
        reach(inWidth, outWidth, kernelW, oxLo, oxHi);
    }

    /** Output extent of a convolution (or pooling) along one axis. */
    public static int outSize(int in, int kernel, int stride, int padding) {
        return Math.floorDiv(in + 2 * padding - kernel, stride) + 1;
    }

    private void reach(int in, int out, int kernel, int[] lo, int[] hi) {
        for (int i = 0; i < in; i++) {
            int first = out;
            int last = -1;
            for (int o = 0; o < out; o++) {
                int k = i + padding - o * stride;
                if (k >= 0 && k < kernel) {
                    first = Math.min(first, o);
                    last = Math.max(last, o);
                }
            }
            lo[i] = first;
            hi[i] = Math.max(first, last + 1);
        }
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    @Override
    public int accumulate(int sourceNeuron, int multiplier, int[] current, int targetLo, int targetHi) {
        final int cin = inChannels;
        final int cout = outChannels;
        int position = sourceNeuron / cin;
        int c = sourceNeuron - position * cin;
        int y = position / inWidth;
        int x = position - y * inWidth;
        int lo = Math.max(targetLo, 0);
        int hi = Math.min(targetHi, targetSize());
        int touched = 0;
        if (reversedRows != null) {
            // Stride 1: the output positions of one row are adjacent and kx falls by one per position, so one
            // reversed kernel row covers them all: entry j of the row lands on target j + shift.
            int oxFirst = oxLo[x];
            int oxEnd = oxHi[x];
            int rFirst = kernelW - 1 - x - padding + oxFirst;
            int rEnd = rFirst + (oxEnd - oxFirst);
            for (int oy = oyLo[y], oyEnd = oyHi[y]; oy < oyEnd; oy++) {
                int ky = y + padding - oy;
                int shift = (oy * outWidth + oxFirst - rFirst) * cout;
                int from = Math.max(rFirst * cout, lo - shift);
                int to = Math.min(rEnd * cout, hi - shift);
                if (from < to) {
                    add(current, shift - targetLo, reversedRows[ky * cin + c], from, to, multiplier);
                    touched += to - from;
                }
            }
            return touched;
        }
        for (int oy = oyLo[y], oyEnd = oyHi[y]; oy < oyEnd; oy++) {
            int ky = y + padding - oy * stride;
            for (int ox = oxLo[x], oxEnd = oxHi[x]; ox < oxEnd; ox++) {
                int kx = x + padding - ox * stride;
                int base = (oy * outWidth + ox) * cout;
                int from = Math.max(base, lo);
                int to = Math.min(base + cout, hi);
                if (from < to) {
                    add(current, base - targetLo, slices[(ky * kernelW + kx) * cin + c], from - base, to - base,
                            multiplier);
                    touched += to - from;
                }
            }
        }
        return touched;
    }

    /**
     * {@code current[j + offset] += multiplier · w[j]} for j in [from, to). The load is indexed by the loop variable
     * itself: the shape Java 17's C2 vectorizes.
     */
    private static void add(int[] current, int offset, int[] w, int from, int to, int multiplier) {
        if (multiplier == 1) {
            for (int j = from; j < to; j++) {
                current[j + offset] += w[j];
            }
        } else if (multiplier == -1) {
            for (int j = from; j < to; j++) {
                current[j + offset] -= w[j];
            }
        } else {
            for (int j = from; j < to; j++) {
                current[j + offset] += multiplier * w[j];
            }
        }
    }

    @Override
    public int targetLo(int sourceNeuron) {
        int position = sourceNeuron / inChannels;
        int y = position / inWidth;
        int x = position - y * inWidth;
        if (oyLo[y] >= oyHi[y] || oxLo[x] >= oxHi[x]) {
            return 0;
        }
        return (oyLo[y] * outWidth + oxLo[x]) * outChannels;
    }

    @Override
    public int targetHi(int sourceNeuron) {
        int position = sourceNeuron / inChannels;
        int y = position / inWidth;
        int x = position - y * inWidth;
        if (oyLo[y] >= oyHi[y] || oxLo[x] >= oxHi[x]) {
            return 0;
        }
        return ((oyHi[y] - 1) * outWidth + oxHi[x] - 1) * outChannels + outChannels;
    }

    @Override
    public long synapseCount() {
        long total = 0;
        for (int y = 0; y < oyLo.length; y++) {
            for (int x = 0; x < oxLo.length; x++) {
                total += (long) (oyHi[y] - oyLo[y]) * (oxHi[x] - oxLo[x]);
            }
        }
        return total * inChannels * outChannels;
    }
}
