package io.spikemesh.converter.model;

import io.spikemesh.protocol.SpikemeshException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network architecture parsed from a compact spec: {@code c16k5-bn-mp2-c32k5-bn-mp2-fc10} (conv, batch norm,
 * max-pool, dense) or the MLP form {@code 784-500-500-10} (input size, then dense widths), or a named preset.
 *
 * <p>Every projection except the last is followed by its (optional) batch norm and then an LSQ activation quantizer;
 * the last projection is the non-spiking output layer. Shapes are checked against the input by {@link #validate}.
 */
public record Architecture(String spec, List<LayerSpec> layers, int mlpInputSize) {
    /** Named presets; the default Fashion-MNIST network is {@code fashion-cnn}. */
    public static final Map<String, String> PRESETS;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        // 3x3 kernels: as accurate as 5x5 here at a third of the conv work (demo budget: 10 minutes on 2 cores).
        p.put("fashion-cnn", "c32k3-bn-mp2-c64k3-bn-mp2-fc10");
        p.put("fashion-cnn-k5", "c32k5-bn-mp2-c64k5-bn-mp2-fc10");
        p.put("small-cnn", "c16k5-bn-mp2-c32k5-bn-mp2-fc10");
        p.put("mlp", "784-500-500-10");
        PRESETS = Collections.unmodifiableMap(p);
    }

    private static final Pattern CONV = Pattern.compile("c(\\d+)k(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
    private static final Pattern DENSE = Pattern.compile("fc(\\d+)");
    private static final Pattern MAX_POOL = Pattern.compile("mp(\\d+)");
    private static final Pattern AVG_POOL = Pattern.compile("ap(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    public Architecture {
        layers = List.copyOf(layers);
    }

    public static Architecture parse(String specOrPreset) {
        if (specOrPreset == null || specOrPreset.isBlank()) {
            throw bad(String.valueOf(specOrPreset), "it is empty");
        }
        String key = specOrPreset.trim().toLowerCase(Locale.ROOT);
        String spec = PRESETS.getOrDefault(key, key);
        String[] tokens = spec.split("-");
        boolean mlp = true;
        for (String t : tokens) {
            mlp &= NUMBER.matcher(t).matches();
        }
        List<LayerSpec> layers = new ArrayList<>();
        int mlpInput = 0;
        if (mlp) {
            if (tokens.length < 2) {
                throw bad(spec, "the MLP form needs the input size and at least one layer, e.g. 784-500-10");
            }
            mlpInput = positive(spec, tokens[0], "input size");
            for (int i = 1; i < tokens.length; i++) {
                layers.add(new LayerSpec.Dense(positive(spec, tokens[i], "layer width")));
            }
        } else {
            for (String t : tokens) {
                layers.add(token(spec, t));
            }
        }
        checkOrder(spec, layers);
        return new Architecture(spec, layers, mlpInput);
    }

    private static LayerSpec token(String spec, String t) {
        Matcher m;
        if ((m = CONV.matcher(t)).matches()) {
            int kernel = positive(spec, m.group(2), "kernel size");
            int stride = m.group(3) == null ? 1 : positive(spec, m.group(3), "stride");
            int pad = m.group(4) == null ? kernel / 2 : Integer.parseInt(m.group(4));
            if (pad >= kernel) {
                throw bad(spec, "padding " + pad + " in '" + t + "' must be smaller than the kernel " + kernel);
            }
            return new LayerSpec.Conv(positive(spec, m.group(1), "channel count"), kernel, stride, pad);
        }
        if ((m = DENSE.matcher(t)).matches()) {
            return new LayerSpec.Dense(positive(spec, m.group(1), "width"));
        }
        if ((m = MAX_POOL.matcher(t)).matches()) {
            return new LayerSpec.MaxPool(positive(spec, m.group(1), "pool size"));
        }
        if ((m = AVG_POOL.matcher(t)).matches()) {
            return new LayerSpec.AvgPool(positive(spec, m.group(1), "pool size"));
        }
        if (t.equals("bn")) {
            return new LayerSpec.BatchNorm();
        }
        throw bad(spec, "'" + t + "' is not a layer token (c<out>k<kernel>[s<stride>][p<pad>], bn, mp<k>, ap<k>, fc<out>)");
    }

    private static void checkOrder(String spec, List<LayerSpec> layers) {
        boolean seenDense = false;
        LayerSpec prev = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l instanceof LayerSpec.BatchNorm
                    && !(prev instanceof LayerSpec.Conv || prev instanceof LayerSpec.Dense)) {
                throw bad(spec, "bn must follow a conv or fc layer directly (token " + (i + 1) + ")");
            }
            boolean pool = l instanceof LayerSpec.MaxPool || l instanceof LayerSpec.AvgPool;
            if (l instanceof LayerSpec.MaxPool && prev instanceof LayerSpec.AvgPool) {
                throw bad(spec, "mp cannot follow ap: average pooling is folded into the next conv or fc layer");
            }
            if (pool && prev == null) {
                throw bad(spec, "a network cannot start with pooling: the input is not spiking");
            }
            if (l instanceof LayerSpec.Conv && seenDense) {
                throw bad(spec, "a conv layer cannot follow an fc layer");
            }
            if (pool && seenDense) {
                throw bad(spec, "pooling after an fc layer is not supported");
            }
            seenDense |= l instanceof LayerSpec.Dense;
            prev = l;
        }
        if (!(prev instanceof LayerSpec.Dense)) {
            throw bad(spec, "the last layer must be fc<classes> (the output layer)");
        }
    }

    /** Checks shapes against an input of {@code [C, H, W]} and the number of classes; returns the output shapes. */
    public void validate(int[] inputShape, int classes) {
        int size = inputShape[0] * inputShape[1] * inputShape[2];
        if (mlpInputSize != 0 && mlpInputSize != size) {
            throw bad(spec, "the input size " + mlpInputSize + " does not match the dataset's " + size);
        }
        int c = inputShape[0];
        int h = inputShape[1];
        int w = inputShape[2];
        boolean flat = mlpInputSize != 0;
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Conv conv) {
                h = (h + 2 * conv.padding() - conv.kernel()) / conv.stride() + 1;
                w = (w + 2 * conv.padding() - conv.kernel()) / conv.stride() + 1;
                c = conv.outChannels();
                if (h < 1 || w < 1) {
                    throw bad(spec, "'" + conv.token() + "' leaves no output: the feature map is too small");
                }
            } else if (l instanceof LayerSpec.AvgPool ap) {
                if (h % ap.kernel() != 0 || w % ap.kernel() != 0) {
                    throw bad(spec, "'" + ap.token() + "' needs a feature map divisible by " + ap.kernel()
                            + " (got " + h + "x" + w + ") to fold exactly into the next layer");
                }
                h = h / ap.kernel();
                w = w / ap.kernel();
            } else if (l instanceof LayerSpec.MaxPool mp) {
                h = h / mp.kernel();
                w = w / mp.kernel();
                if (h < 1 || w < 1) {
                    throw bad(spec, "'" + mp.token() + "' leaves no output: the feature map is too small");
                }
            } else if (l instanceof LayerSpec.Dense d) {
                flat = true;
                c = d.units();
            }
        }
        if (c != classes) {
            throw bad(spec, "the last layer has " + c + " outputs but the dataset has " + classes + " classes");
        }
    }

    /** Number of activation-quantized (spiking) projections. */
    public int hiddenProjections() {
        int n = 0;
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Conv || l instanceof LayerSpec.Dense) {
                n++;
            }
        }
        return n - 1;
    }

    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (LayerSpec l : layers) {
            if (b.length() > 0) {
                b.append('-');
            }
            b.append(l.token());
        }
        return b.toString();
    }

    public static int checkBits(int bits) {
        if (bits < 1 || bits > 8) {
            throw new SpikemeshException("Activation bits must be in 1..8 (L = 2^b - 1 levels, T = L steps); got "
                    + bits + ".");
        }
        return bits;
    }

    private static int positive(String spec, String number, String what) {
        try {
            int v = Integer.parseInt(number);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw bad(spec, "the " + what + " '" + number + "' must be a positive integer");
    }

    private static SpikemeshException bad(String spec, String why) {
        return new SpikemeshException("Bad architecture '" + spec + "': " + why + ". Examples: "
                + "c16k5-bn-mp2-c32k5-bn-mp2-fc10, 784-500-500-10, or a preset (" + String.join(", ", PRESETS.keySet())
                + ").");
    }
}
