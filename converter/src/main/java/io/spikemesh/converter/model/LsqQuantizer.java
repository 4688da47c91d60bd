package io.spikemesh.converter.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * LSQ activation quantizer (Esser et al. 2020) as used by QFFS: {@code y = s · round(clip(x / s, 0, L))}, L = 2^b − 1,
 * with a learned step size {@code s} per layer.
 *
 * <p>Gradients: straight-through for the rounding, so ∂y/∂x = 1 inside [0, L·s] and 0 outside; for s the LSQ
 * gradient {@code round(v) − v} inside, 0 below, L above (v = x/s), multiplied by the LSQ gradient scale
 * {@code g = 1/sqrt(N·L)} with N the number of activations per sample.
 *
 * <p>In {@link Mode#FLOAT} it is a plain ReLU, for float pre-training. {@link Mode#CALIBRATE} is a ReLU that records
 * 2·mean|x|/sqrt(L) of the first batch it sees, the LSQ initial step; {@link #applyCalibration} copies it into s.
 */
public final class LsqQuantizer extends AbstractBlock {
    private static final byte VERSION = 1;

    /** Whether the block quantizes. */
    public enum Mode { FLOAT, CALIBRATE, QUANTIZED }

    private final int levels;
    private final Parameter step;
    private Mode mode = Mode.FLOAT;
    private float calibratedStep = Float.NaN;

    public LsqQuantizer(int bits) {
        super(VERSION);
        this.levels = (1 << Architecture.checkBits(bits)) - 1;
        this.step = addParameter(Parameter.builder().setName("step").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(1f)).build());
    }

    public int levels() {
        return levels;
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
        if (mode == Mode.CALIBRATE) {
            calibratedStep = Float.NaN;
        }
    }

    /** The current step size s (float). */
    public float stepSize() {
        return step.getArray().toFloatArray()[0];
    }

    public Parameter stepParameter() {
        return step;
    }

    /** Sets s; used after calibration and in tests. */
    public void setStepSize(float s) {
        if (!(s > 0) || !Float.isFinite(s)) {
            throw new IllegalArgumentException("step size must be positive and finite: " + s);
        }
        step.getArray().set(new float[] {s});
    }

    /** Writes the calibrated initial step into s and switches to {@link Mode#QUANTIZED}. */
    public void applyCalibration() {
        if (Float.isNaN(calibratedStep)) {
            throw new IllegalStateException("no batch was seen in CALIBRATE mode");
        }
        // A layer whose activations are all zero on the calibration batch still needs a usable positive step.
        setStepSize(Math.max(calibratedStep, 1e-3f));
        setMode(Mode.QUANTIZED);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (mode != Mode.QUANTIZED) {
            NDArray relu = x.maximum(0f);
            if (mode == Mode.CALIBRATE && Float.isNaN(calibratedStep)) {
                float meanAbs = x.abs().mean().toFloatArray()[0];
                calibratedStep = (float) (2.0 * meanAbs / Math.sqrt(levels));
            }
            return new NDList(relu);
        }
        NDArray s = parameterStore.getValue(step, x.getDevice(), training);
        long perSample = x.getShape().size() / Math.max(1, x.getShape().get(0));
        float g = (float) (1.0 / Math.sqrt((double) perSample * levels));
        // Gradient scaling: forward value s, backward gradient g·∂L/∂s.
        NDArray sg = s.mul(g);
        NDArray scaled = sg.add(s.sub(sg).stopGradient());
        NDArray v = x.div(scaled).clip(0f, (float) levels);
        NDArray q = v.add(v.round().sub(v).stopGradient());
        return new NDList(q.mul(scaled));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "LsqQuantizer(L=" + levels + ", " + mode + ")";
    }

}
