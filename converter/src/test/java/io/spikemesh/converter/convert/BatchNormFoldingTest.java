package io.spikemesh.converter.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.spikemesh.converter.model.Architecture;
import io.spikemesh.converter.model.LsqQuantizer;
import io.spikemesh.converter.model.QffsNetwork;
import io.spikemesh.converter.train.DjlEngine;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {
    @Test
    void shouldLeaveTheNetworkOutputUnchangedAfterFoldingBatchNorm() {
        check("c4k3-bn-mp2-fc6-bn-fc3", List.of("conv1", "pool1", "fc1", "output"));
    }

    @Test
    void shouldFoldAveragePoolingIntoTheNextConvAndDenseLayers() {
        check("c4k3-bn-ap2-c5k3-bn-ap3-fc3", List.of("conv1", "conv2", "output"));
    }

    private static void check(String spec, List<String> names) {
        DjlEngine.get(2);
        QffsNetwork net = new QffsNetwork(Architecture.parse(spec), 2, new int[] {2, 12, 12}, 3);
        Random random = new Random(7);
        try (NDManager m = NDManager.newBaseManager(DjlEngine.NAME)) {
            net.block().initialize(m, DataType.FLOAT32, net.batchShape(5));
            // Non-trivial batch-norm statistics, as after training.
            for (QffsNetwork.Stage s : net.stages()) {
                if (s instanceof QffsNetwork.Projection p && p.batchNorm() != null) {
                    for (String name : List.of("gamma", "beta", "runningMean", "runningVar")) {
                        Parameter param = p.batchNorm().getParameters().get(name);
                        float[] v = new float[(int) param.getArray().size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = name.equals("runningVar") ? 0.2f + random.nextFloat() * 3
                                    : (float) random.nextGaussian();
                        }
                        param.getArray().set(v);
                    }
                }
            }
            net.setQuantizerMode(LsqQuantizer.Mode.FLOAT);
            float[] xs = new float[5 * 2 * 12 * 12];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = random.nextFloat();
            }
            NDArray x = m.create(xs, net.batchShape(5));
            float[] expected = net.block().forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();

            List<FoldedLayer> folded = BatchNormFolding.fold(net);
            assertEquals(names, folded.stream().map(FoldedLayer::name).toList());
            NDArray a = x;
            for (FoldedLayer l : folded) {
                switch (l.kind()) {
                    case CONV -> a = ai.djl.nn.convolutional.Conv2d.conv2d(a,
                            m.create(l.weight(), new Shape(l.outChannels(), l.inChannels(), l.kernel(), l.kernel())),
                            m.create(l.bias()), new Shape(l.stride(), l.stride()), new Shape(l.padding(), l.padding()),
                            new Shape(1, 1), 1).singletonOrThrow();
                    case DENSE -> a = Linear.linear(a.reshape(5, -1),
                            m.create(l.weight(), new Shape(l.outChannels(), l.inChannels())), m.create(l.bias()))
                            .singletonOrThrow();
                    case MAX_POOL -> a = ai.djl.nn.pooling.Pool.maxPool2d(a, new Shape(2, 2), new Shape(2, 2),
                            new Shape(0, 0), false);
                    default -> throw new AssertionError();
                }
                if (l.kind() != FoldedLayer.Kind.MAX_POOL && !l.isOutput()) {
                    a = a.maximum(0f);
                }
            }
            float[] actual = a.toFloatArray();
            assertEquals(expected.length, actual.length);
            double maxDiff = 0;
            double maxAbs = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
                maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            }
            assertTrue(maxAbs > 0.1, "outputs should not be trivially zero");
            assertTrue(maxDiff < 1e-4 * Math.max(1, maxAbs), "max difference " + maxDiff);
        }
    }
}
