package io.spikemesh.runtime.network;

import static io.spikemesh.runtime.ModelBuilder.conv;
import static io.spikemesh.runtime.ModelBuilder.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.ModelBuilder;
import io.spikemesh.runtime.kernel.Synapses;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void shouldMapModelOrderToChannelLastAndBack() {
        Layout layout = Layout.of(2, 2, 3);
        // (c=1, y=0, x=2): model 1*6 + 0*3 + 2 = 8, internal (0*3 + 2)*2 + 1 = 5
        assertEquals(5, layout.toInternal(8));
        assertEquals(8, layout.toModelOrder(5));
        for (int m = 0; m < layout.size(); m++) {
            assertEquals(m, layout.toModelOrder(layout.toInternal(m)));
        }
        int[] model = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        assertArrayEquals(new int[] {0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11}, layout.toInternal(model));
        assertArrayEquals(model, layout.toModelOrder(layout.toInternal(model)));
        Layout flat = Layout.of(5);
        assertEquals(3, flat.toInternal(3));
        assertEquals(false, flat.isChannelLast());
    }

    @Test
    void shouldCompileConvSoThatChannelLastAccumulationEqualsNaiveConv() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int cin = 1 + random.nextInt(3);
            int cout = 1 + random.nextInt(4);
            int k = 1 + random.nextInt(3);
            int stride = 1 + random.nextInt(2);
            int pad = random.nextInt(k);
            int h = k + random.nextInt(5);
            int w = k + random.nextInt(5);
            int oh = (h + 2 * pad - k) / stride + 1;
            int ow = (w + 2 * pad - k) / stride + 1;
            int[] weights = random.ints(cout * cin * k * k, -8, 8).toArray();
            Model model = new ModelBuilder(9, cin, h, w)
                    .neurons("c", new int[] {cout, oh, ow}, 10, 5, null, conv("input", cin, cout, k, stride, pad,
                            weights))
                    .flatten("f", "c")
                    .output("out", 2, null, dense("f", new int[2 * cout * oh * ow]))
                    .build();
            Network network = Network.compile(model);
            SpikingLayer layer = (SpikingLayer) network.layer("c");
            Synapses synapses = layer.projections().get(0).synapses();
            int[] x = random.ints(cin * h * w, 0, 10).toArray();

            long[] naive = new long[cout * oh * ow];
            long naiveSynapses = 0;
            for (int co = 0; co < cout; co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int ci = 0; ci < cin; ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int y = oy * stride - pad + ky;
                                    int xx = ox * stride - pad + kx;
                                    if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                        naive[(co * oh + oy) * ow + ox] += (long) weights[((co * cin + ci) * k + ky)
                                                * k + kx] * x[(ci * h + y) * w + xx];
                                        naiveSynapses++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            int size = layer.size();
            int[] current = new int[size];
            long touched = 0;
            Layout in = network.inputLayout();
            for (int s = 0; s < x.length; s++) {
                touched += synapses.accumulate(in.toInternal(s), x[s], current, 0, size);
            }
            int[] modelOrder = layer.layout().toModelOrder(current);
            for (int i = 0; i < size; i++) {
                assertEquals(naive[i], modelOrder[i], "trial " + trial + " output " + i);
            }
            assertEquals(naiveSynapses, touched);
            assertEquals(naiveSynapses, synapses.synapseCount());

            // A split of the targets into ranges (partitions) adds up to the whole, and nothing lands outside the hull.
            int cut1 = random.nextInt(size + 1);
            int cut2 = cut1 + random.nextInt(size - cut1 + 1);
            int[][] parts = {new int[cut1], new int[cut2 - cut1], new int[size - cut2]};
            int[] lows = {0, cut1, cut2};
            int[] highs = {cut1, cut2, size};
            long partTouched = 0;
            for (int s = 0; s < x.length; s++) {
                int src = in.toInternal(s);
                for (int p = 0; p < 3; p++) {
                    partTouched += synapses.accumulate(src, x[s], parts[p], lows[p], highs[p]);
                }
                int[] one = new int[size];
                synapses.accumulate(src, 1, one, 0, size);
                for (int t = 0; t < size; t++) {
                    if (one[t] != 0) {
                        assertTrue(t >= synapses.targetLo(src) && t < synapses.targetHi(src));
                    }
                }
            }
            assertEquals(touched, partTouched);
            for (int p = 0; p < 3; p++) {
                for (int t = lows[p]; t < highs[p]; t++) {
                    assertEquals(current[t], parts[p][t - lows[p]]);
                }
            }
        }
    }

    @Test
    void shouldPermuteDenseWeightsAfterFlattenToTheSourceInternalOrder() {
        // a: [2, 2, 3] neurons; out: dense from flatten(a) with weight(o, m) = 100 * o + m in model order.
        int[] outWeights = new int[2 * 12];
        for (int o = 0; o < 2; o++) {
            for (int m = 0; m < 12; m++) {
                outWeights[o * 12 + m] = 100 * o + m;
            }
        }
        Model model = new ModelBuilder(1, 12)
                .neurons("a", new int[] {2, 2, 3}, 4, 2, null, dense("input", new int[144]))
                .flatten("f", "a")
                .output("out", 2, null, dense("f", outWeights))
                .build();
        Network network = Network.compile(model);
        assertEquals(java.util.List.of("a", "out"), network.layerNames());
        CompiledProjection projection = network.output().projections().get(0);
        assertEquals("a", projection.sourceName());
        assertEquals("f", projection.declaredSource());
        assertEquals(0, projection.sourceIndex());
        CompiledLayer a = network.layer("a");
        for (int m = 0; m < 12; m++) {
            int[] current = new int[2];
            assertEquals(2, projection.synapses().accumulate(a.toInternal(m), 1, current, 0, 2));
            assertArrayEquals(new int[] {m, 100 + m}, current, "model neuron " + m);
        }
        assertArrayEquals(new int[] {1}, network.consumersOf(0));
        assertThrows(SpikemeshException.class, () -> network.layer("f"));
    }

    @Test
    void shouldRejectWeightsWhoseInputCurrentCouldOverflow() {
        Model fits = new ModelBuilder(65535, 1)
                .neurons("a", new int[] {1}, 4, 2, null, dense("input", 32767))
                .output("out", 1, null, dense("a", 1))
                .build();
        Network.compile(fits);
        Model overflows = new ModelBuilder(65535, 2)
                .neurons("a", new int[] {1}, 4, 2, null, dense("input", 32767, 32767))
                .output("out", 1, null, dense("a", 1))
                .build();
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> Network.compile(overflows));
        assertTrue(e.getMessage().contains("\"a\"") || e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void shouldStoreBiasInInternalOrder() {
        long[] bias = new long[12];
        for (int m = 0; m < 12; m++) {
            bias[m] = m;
        }
        Model model = new ModelBuilder(1, 2, 2, 3)
                .neurons("a", new int[] {2, 2, 3}, 40, 2, bias, conv("input", 2, 2, 1, 1, 0, 1, 0, 0, 1))
                .flatten("f", "a")
                .output("out", 1, null, dense("f", new int[12]))
                .build();
        SpikingLayer a = (SpikingLayer) Network.compile(model).layer("a");
        for (int m = 0; m < 12; m++) {
            assertEquals(m, a.bias(a.toInternal(m)));
        }
    }
}
