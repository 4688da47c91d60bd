package io.spikemesh.converter.convert;

import io.spikemesh.protocol.SpikemeshException;

/**
 * Settings of {@link Converter#convert}.
 *
 * @param weightBits    fixed weight width 2..16, or 0 to choose automatically: the smallest width from
 *                      {@code minAutoBits} up to {@code maxAutoBits} whose integer quantized ANN is within
 *                      {@code tolerance} (accuracy fraction, default 0.001 = 0.1 percentage points) of the DJL
 *                      quantized ANN on the test set
 * @param minAutoBits   first width tried
 * @param maxAutoBits   last width tried
 * @param tolerance     allowed |int QANN accuracy − QANN accuracy|
 * @param name          model name for the metadata (empty: derived from architecture and bits)
 * @param threads       threads for the integer QANN checks
 */
public record ConvertOptions(int weightBits, int minAutoBits, int maxAutoBits, double tolerance, String name,
        int threads) {

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
        if (threads < 1) {
            throw new SpikemeshException("Threads must be >= 1; got " + threads + ".");
        }
    }

    public static ConvertOptions defaults() {
        return new ConvertOptions(0, 8, 16, 0.001, "", Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public ConvertOptions withWeightBits(int bits) {
        return new ConvertOptions(bits, minAutoBits, maxAutoBits, tolerance, name, threads);
    }

    public ConvertOptions withName(String n) {
        return new ConvertOptions(weightBits, minAutoBits, maxAutoBits, tolerance, n, threads);
    }

    public ConvertOptions withAutoRange(int min, int max) {
        return new ConvertOptions(weightBits, min, max, tolerance, name, threads);
    }
}
