package io.spikemesh.runtime;

import static io.spikemesh.runtime.ModelBuilder.conv;
import static io.spikemesh.runtime.ModelBuilder.dense;

import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.Projection;
import io.spikemesh.runtime.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small models for property tests: dense and conv stacks with max-pools, flattens and residual joins, with
 * thresholds scaled to the fan-in so that layers are neither silent nor saturated all the time.
 */
public final class RandomNetworks {
    private static final int MAX_WEIGHT = 8;

    private RandomNetworks() {
    }

    /** A dense or a conv model, half and half. */
    public static Model any(Random random) {
        return random.nextBoolean() ? denseModel(random) : convModel(random);
    }

    /** A random raw sample for the network, in model order. */
    public static int[] sample(Random random, Network network) {
        int[] sample = new int[network.inputSize()];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = random.nextInt(network.maxInputValue() + 1);
        }
        return sample;
    }

    /** input [n] → 1..3 dense neuron layers (sometimes with a second projection) → output. */
    public static Model denseModel(Random random) {
        int maxValue = pick(random, 1, 3, 15, 255);
        int inputs = 2 + random.nextInt(7);
        ModelBuilder model = new ModelBuilder(maxValue, inputs);
        List<String> names = new ArrayList<>(List.of("input"));
        List<Integer> sizes = new ArrayList<>(List.of(inputs));
        int hidden = 1 + random.nextInt(3);
        for (int l = 0; l < hidden; l++) {
            String name = "h" + l;
            int size = 1 + random.nextInt(8);
            List<Projection> projections = new ArrayList<>();
            int previous = names.size() - 1;
            projections.add(dense(names.get(previous), weights(random, size * sizes.get(previous))));
            long unit = names.get(previous).equals("input") ? (maxValue + 1) / 2 : 1;
            if (previous > 0 && random.nextInt(3) == 0) {
                int other = random.nextInt(previous);
                projections.add(dense(names.get(other), weights(random, size * sizes.get(other))));
                unit = Math.max(unit, other == 0 ? (maxValue + 1) / 2 : 1);
            }
            long threshold = threshold(random, sizes.get(previous) * unit, unit);
            model.neurons(name, new int[] {size}, threshold, membraneStart(random, threshold),
                    bias(random, size, threshold), projections.toArray(Projection[]::new));
            names.add(name);
            sizes.add(size);
        }
        int outputs = 2 + random.nextInt(4);
        int last = names.size() - 1;
        List<Projection> projections = new ArrayList<>();
        projections.add(dense(names.get(last), weights(random, outputs * sizes.get(last))));
        if (random.nextInt(3) == 0) {
            int other = 1 + random.nextInt(last);
            if (other != last) {
                projections.add(dense(names.get(other), weights(random, outputs * sizes.get(other))));
            }
        }
        model.output("out", outputs, random.nextBoolean() ? bias(random, outputs, 8) : null,
                projections.toArray(Projection[]::new));
        return model.build();
    }

    /** input [C, H, W] → conv → (max-pool) → (conv) → flatten → (dense, sometimes joining two sources) → output. */
    public static Model convModel(Random random) {
        int maxValue = pick(random, 1, 3, 15);
        int cin = 1 + random.nextInt(2);
        int h = 3 + random.nextInt(5);
        int w = 3 + random.nextInt(5);
        ModelBuilder model = new ModelBuilder(maxValue, cin, h, w);

        int c1 = 1 + random.nextInt(3);
        int k1 = 1 + random.nextInt(3);
        int s1 = 1 + random.nextInt(2);
        int p1 = random.nextInt(k1);
        int h1 = (h + 2 * p1 - k1) / s1 + 1;
        int w1 = (w + 2 * p1 - k1) / s1 + 1;
        long t1 = threshold(random, (long) cin * k1 * k1 * ((maxValue + 1) / 2), (maxValue + 1) / 2);
        model.neurons("c1", new int[] {c1, h1, w1}, t1, membraneStart(random, t1), bias(random, c1 * h1 * w1, t1),
                conv("input", cin, c1, k1, s1, p1, weights(random, c1 * cin * k1 * k1)));
        String top = "c1";
        int ch = c1;
        int th = h1;
        int tw = w1;

        if (random.nextBoolean()) {
            int k = 1 + random.nextInt(Math.min(2, Math.min(th, tw)));
            int s = 1 + random.nextInt(2);
            int p = random.nextInt(k);
            model.maxPool("pool", top, k, s, p);
            top = "pool";
            th = (th + 2 * p - k) / s + 1;
            tw = (tw + 2 * p - k) / s + 1;
        }
        if (random.nextBoolean()) {
            int c2 = 1 + random.nextInt(3);
            int k2 = 1 + random.nextInt(Math.min(2, Math.min(th, tw)));
            int p2 = random.nextInt(k2);
            int h2 = th + 2 * p2 - k2 + 1;
            int w2 = tw + 2 * p2 - k2 + 1;
            long t2 = threshold(random, (long) ch * k2 * k2, 1);
            model.neurons("c2", new int[] {c2, h2, w2}, t2, membraneStart(random, t2), bias(random, c2 * h2 * w2, t2),
                    conv(top, ch, c2, k2, 1, p2, weights(random, c2 * ch * k2 * k2)));
            top = "c2";
            ch = c2;
            th = h2;
            tw = w2;
        }
        model.flatten("flat", top);
        int flat = ch * th * tw;
        String last = "flat";
        int lastSize = flat;
        if (random.nextBoolean()) {
            int size = 1 + random.nextInt(6);
            List<Projection> projections = new ArrayList<>();
            projections.add(dense("flat", weights(random, size * flat)));
            if (!top.equals("c1") && random.nextBoolean()) {
                model.flatten("flat1", "c1");
                projections.add(dense("flat1", weights(random, size * c1 * h1 * w1)));
            }
            long t = threshold(random, flat, 1);
            model.neurons("d", new int[] {size}, t, membraneStart(random, t), bias(random, size, t),
                    projections.toArray(Projection[]::new));
            last = "d";
            lastSize = size;
        }
        int outputs = 2 + random.nextInt(4);
        model.output("out", outputs, random.nextBoolean() ? bias(random, outputs, 8) : null,
                dense(last, weights(random, outputs * lastSize)));
        return model.build();
    }

    private static int pick(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static int[] weights(Random random, int count) {
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = random.nextInt(2 * MAX_WEIGHT) - MAX_WEIGHT;
        }
        return w;
    }

    /**
     * Around the typical per-step drive (random-sign weights: about √fan-in × weight × unit), so that many counts fall
     * strictly between 0 and T instead of being silent or saturated.
     */
    private static long threshold(Random random, long fanInUnits, long unit) {
        double typical = Math.sqrt((double) fanInUnits / unit) * MAX_WEIGHT / 2 * unit;
        return 1 + (long) (typical * (0.3 + 1.2 * random.nextDouble()));
    }

    private static long membraneStart(Random random, long threshold) {
        return random.nextInt(4) == 0 ? (long) (random.nextDouble() * threshold) : threshold / 2;
    }

    private static long[] bias(Random random, int size, long threshold) {
        if (random.nextInt(3) == 0) {
            return null;
        }
        long[] bias = new long[size];
        for (int i = 0; i < size; i++) {
            bias[i] = (long) ((random.nextDouble() - 0.25) * 0.75 * threshold);
        }
        return bias;
    }
}
