package io.spikemesh.converter.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A labelled image set held as raw bytes: {@code size} samples of {@code channels × height × width} unsigned pixels in
 * model order [C, H, W], and one label per sample.
 *
 * <p>Raw pixels are what the runtime consumes (integer inputs 0..255); {@link #floatPixels} gives the ANN's view
 * (pixel / 255, no mean subtraction, so the scaling folds exactly into the first layer's integer weights).
 */
public final class Dataset {
    private final String name;
    private final int[] shape;
    private final byte[] pixels;
    private final byte[] labels;
    private final List<String> classNames;
    private final int sampleSize;

    public Dataset(String name, int[] shape, byte[] pixels, byte[] labels, List<String> classNames) {
        this.name = Objects.requireNonNull(name);
        this.shape = shape.clone();
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        int s = 1;
        for (int d : shape) {
            s *= d;
        }
        this.sampleSize = s;
        if (labels.length == 0 || pixels.length != (long) labels.length * sampleSize) {
            throw new IllegalArgumentException("pixels " + pixels.length + " do not match " + labels.length
                    + " samples of " + sampleSize);
        }
    }

    public String name() {
        return name;
    }

    /** Shape of one sample, [C, H, W]. */
    public int[] shape() {
        return shape.clone();
    }

    public int sampleSize() {
        return sampleSize;
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public int label(int index) {
        return labels[index] & 0xFF;
    }

    /** Raw pixel values 0..255 of one sample in model order, as the runtime takes them. */
    public int[] sample(int index) {
        int[] out = new int[sampleSize];
        int base = index * sampleSize;
        for (int i = 0; i < sampleSize; i++) {
            out[i] = pixels[base + i] & 0xFF;
        }
        return out;
    }

    /** Samples {@code indices} as floats pixel/255, concatenated, for a DJL batch. */
    public float[] floatPixels(int[] indices) {
        float[] out = new float[indices.length * sampleSize];
        for (int k = 0; k < indices.length; k++) {
            int base = indices[k] * sampleSize;
            int o = k * sampleSize;
            for (int i = 0; i < sampleSize; i++) {
                out[o + i] = (pixels[base + i] & 0xFF) / 255f;
            }
        }
        return out;
    }

    public float[] floatLabels(int[] indices) {
        float[] out = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = labels[indices[k]] & 0xFF;
        }
        return out;
    }

    /** The first {@code n} samples (all when n ≤ 0 or n ≥ size). */
    public Dataset head(int n) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        return new Dataset(name, shape, Arrays.copyOf(pixels, n * sampleSize), Arrays.copyOf(labels, n), classNames);
    }

    /** Samples [from, to) as a new dataset. */
    public Dataset slice(int from, int to) {
        return new Dataset(name, shape, Arrays.copyOfRange(pixels, from * sampleSize, to * sampleSize),
                Arrays.copyOfRange(labels, from, to), classNames);
    }

    /**
     * Fraction of {@code predictions} (for samples 0, 1, 2, ... of this dataset) that equal the label; 0 when there
     * are none.
     */
    public double accuracy(int[] predictions) {
        int correct = 0;
        for (int i = 0; i < predictions.length; i++) {
            if (predictions[i] == label(i)) {
                correct++;
            }
        }
        return predictions.length == 0 ? 0.0 : (double) correct / predictions.length;
    }
}
