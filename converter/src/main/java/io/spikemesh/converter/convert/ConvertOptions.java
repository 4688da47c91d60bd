package io.spikemesh.converter.convert;

import io.spikemesh.protocol.SpikemeshException;

/**
 * Settings of {@link Converter#convert}.
 *
 * @param weightBits    fixed weight width 2..16, or 0 to choose automatically: the smallest width from
 *                      {@code minAutoBits} up to {@code maxAutoBits} whose integer quantized ANN is within
 *                      {@code tolerance} (accuracy fraction, default 0.001 = 0.1 percentage points) of the DJL
 *                      quantized ANN on the test set and agrees with it on at least {@code minAgreement}
 * @param minAutoBits   first width tried
 * @param maxAutoBits   last width tried
 * @param tolerance     allowed |int QANN accuracy − QANN accuracy|
 * @param minAgreement  also required of an automatic width: the fraction of test images on which the integer and
 *                      the DJL quantized ANN predict the same class (default 0.995). Accuracy alone lets rounding flips
 *                      cancel out; the SNN can agree with the DJL network no better than its integer form does.
 * @param name          model name for the metadata (empty: derived from architecture and bits)
 * @param threads       threads for the integer QANN checks
 * @param startShift    fraction f in [0, 0.5) of Θ moved from the bias into the membrane start of every spiking
 *                      layer: V0 = Θ/2 + L·k, bias per step − k, k = floor(f·Θ/L). The drive over T = L steps and so
 *                      every integer-QANN count are unchanged, but neurons fire as soon as their drive allows and
 *                      suppression retracts what later input cancels, instead of lagging behind late input. It
 *                      tunes the model for T = L (at T = m·L the start offset no longer matches the m·L bias steps,
 *                      shifting counts down by up to m − 1/2 levels); 0 keeps the classic Θ/2 start.
 */
public record ConvertOptions(int weightBits, int minAutoBits, int maxAutoBits, double tolerance, String name,
        int threads, double startShift, double minAgreement) {

    public ConvertOptions {
        if (weightBits != 0 && (weightBits < 2 || weightBits > 16)) {
            throw new SpikemeshException("Weight bits must be 2..16 (or 0 for automatic); got " + weightBits + ".");
        }
        if (minAutoBits < 2 || maxAutoBits > 16 || minAutoBits > maxAutoBits) {
            throw new SpikemeshException("Automatic weight widths must satisfy 2 <= min <= max <= 16; got "
                    + minAutoBits + ".." + maxAutoBits + ".");
        }
        if (!(tolerance >= 0)) {
            throw new SpikemeshException("Tolerance must be >= 0; got " + tolerance + ".");
        }
        if (!(startShift >= 0 && startShift < 0.5)) {
            throw new SpikemeshException("The membrane start shift must be in [0, 0.5) of the threshold; got "
                    + startShift + ".");
        }
        if (!(minAgreement >= 0 && minAgreement <= 1)) {
            throw new SpikemeshException("The minimum agreement must be in [0, 1]; got " + minAgreement + ".");
        }
        if (threads < 1) {
            throw new SpikemeshException("Threads must be >= 1; got " + threads + ".");
        }
    }

    /** With the default start shift. */
    public ConvertOptions(int weightBits, int minAutoBits, int maxAutoBits, double tolerance, String name,
            int threads) {
        this(weightBits, minAutoBits, maxAutoBits, tolerance, name, threads, DEFAULT_START_SHIFT,
                DEFAULT_MIN_AGREEMENT);
    }

    public static final double DEFAULT_START_SHIFT = 0.49;
    public static final double DEFAULT_MIN_AGREEMENT = 0.995;

    public static ConvertOptions defaults() {
        return new ConvertOptions(0, 8, 16, 0.001, "", Math.max(1, Runtime.getRuntime().availableProcessors()),
                DEFAULT_START_SHIFT, DEFAULT_MIN_AGREEMENT);
    }

    public ConvertOptions withWeightBits(int bits) {
        return new ConvertOptions(bits, minAutoBits, maxAutoBits, tolerance, name, threads, startShift, minAgreement);
    }

    public ConvertOptions withName(String n) {
        return new ConvertOptions(weightBits, minAutoBits, maxAutoBits, tolerance, n, threads, startShift, minAgreement);
    }

    public ConvertOptions withStartShift(double f) {
        return new ConvertOptions(weightBits, minAutoBits, maxAutoBits, tolerance, name, threads, f, minAgreement);
    }

    public ConvertOptions withMinAgreement(double a) {
        return new ConvertOptions(weightBits, minAutoBits, maxAutoBits, tolerance, name, threads, startShift, a);
    }

    public ConvertOptions withAutoRange(int min, int max) {
        return new ConvertOptions(weightBits, min, max, tolerance, name, threads, startShift, minAgreement);
    }
}
