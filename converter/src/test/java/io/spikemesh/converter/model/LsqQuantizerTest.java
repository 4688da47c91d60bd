package io.spikemesh.converter.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class LsqQuantizerTest {
    @Test
    void shouldQuantizeAndBackpropagateAsTheLsqFormulaSays() {
        int bits = 2;
        int levels = 3;
        float s = 0.5f;
        float[] xs = {-1.0f, 0.1f, 0.3f, 0.74f, 0.76f, 1.2f, 1.49f, 2.0f};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            LsqQuantizer q = new LsqQuantizer(bits);
            q.initialize(m, DataType.FLOAT32, new Shape(1, xs.length));
            q.setStepSize(s);
            q.setMode(LsqQuantizer.Mode.QUANTIZED);
            q.stepParameter().getArray().setRequiresGradient(true);
            NDArray x = m.create(xs, new Shape(1, xs.length));
            x.setRequiresGradient(true);
            float[] upstream = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f};
            float[] y;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = q.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                y = out.toFloatArray();
                gc.backward(out.mul(m.create(upstream, new Shape(1, xs.length))).sum());
            }
            float[] expectY = new float[xs.length];
            float[] expectDx = new float[xs.length];
            double expectDs = 0;
            double g = 1.0 / Math.sqrt(xs.length * levels);
            for (int i = 0; i < xs.length; i++) {
                double v = xs[i] / s;
                double c = Math.min(Math.max(v, 0), levels);
                expectY[i] = (float) (s * Math.rint(c));
                boolean inside = v > 0 && v < levels;
                expectDx[i] = inside ? upstream[i] : 0f;
                double ds = v <= 0 ? 0 : v >= levels ? levels : Math.rint(v) - v;
                expectDs += upstream[i] * ds * g;
            }
            assertArrayEquals(expectY, y, 1e-6f);
            assertArrayEquals(new float[] {0f, 0f, 0.5f, 0.5f, 1f, 1f, 1.5f, 1.5f}, y, 1e-6f);
            assertArrayEquals(expectDx, x.getGradient().toFloatArray(), 1e-5f);
            assertEquals(expectDs, q.stepParameter().getArray().getGradient().toFloatArray()[0], 1e-5);
        }
    }

    @Test
    void shouldCalibrateStepFromMeanAbsoluteActivation() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            LsqQuantizer q = new LsqQuantizer(2);
            q.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            q.setMode(LsqQuantizer.Mode.CALIBRATE);
            NDArray x = m.create(new float[] {-1f, 1f, 2f, 4f}, new Shape(1, 4));
            float[] relu = q.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
            assertArrayEquals(new float[] {0f, 1f, 2f, 4f}, relu, 0f);
            q.applyCalibration();
            assertEquals(2 * 2.0 / Math.sqrt(3), q.stepSize(), 1e-6);
            assertEquals(LsqQuantizer.Mode.QUANTIZED, q.mode());
        }
    }
}
