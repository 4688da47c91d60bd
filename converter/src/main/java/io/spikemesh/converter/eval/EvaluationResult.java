package io.spikemesh.converter.eval;

import io.spikemesh.converter.convert.LayerScale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything an evaluation measured, for the CLI's table ({@link #table()}) and JSON ({@link #toMap()}).
 *
 * @param model            model name
 * @param dataset          dataset name
 * @param testImages       images evaluated
 * @param activationBits   b; L = 2^b − 1
 * @param weightBits       widest declared weight width in the model
 * @param floatAccuracy    float ANN (when known: measured now or recorded in the model file)
 * @param qannAccuracy     DJL quantized ANN (when known)
 * @param qannMeasured     whether qannAccuracy was measured on these images now (else read from the model file)
 * @param intQannAccuracy  integer quantized ANN (the runtime's oracle) at T = L
 * @param intQannAgreement fraction of images where the integer and the DJL quantized ANN agree (when DJL ran now)
 * @param runs             the SNN runs
 * @param layers           per-layer scales and rounding errors (empty when not converted in this run)
 * @param seconds          wall time of the evaluation
 */
public record EvaluationResult(String model, String dataset, int testImages, int activationBits, int weightBits,
        OptionalDouble floatAccuracy, OptionalDouble qannAccuracy, boolean qannMeasured, double intQannAccuracy,
        OptionalDouble intQannAgreement, List<SnnRun> runs, List<LayerScale> layers, double seconds) {

    public EvaluationResult {
        runs = List.copyOf(runs);
        layers = List.copyOf(layers);
    }

    public int levels() {
        return (1 << activationBits) - 1;
    }

    /** The run at T steps with suppression and without settle, if any. */
    public SnnRun at(int timeSteps) {
        for (SnnRun r : runs) {
            if (r.timeSteps() == timeSteps && r.suppression() && !r.settle()) {
                return r;
            }
        }
        return null;
    }

    /** A JSON-ready tree with the keys of issue 3 (float_accuracy, qann_accuracy, int_qann_accuracy, per T, ...). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("test_images", testImages);
        m.put("activation_bits", activationBits);
        m.put("levels", levels());
        m.put("weight_bits", weightBits);
        m.put("float_accuracy", floatAccuracy.isPresent() ? floatAccuracy.getAsDouble() : null);
        m.put("qann_accuracy", qannAccuracy.isPresent() ? qannAccuracy.getAsDouble() : null);
        m.put("qann_measured_now", qannMeasured);
        m.put("int_qann_accuracy", intQannAccuracy);
        m.put("int_qann_agreement", intQannAgreement.isPresent() ? intQannAgreement.getAsDouble() : null);
        Map<String, Object> perT = new LinkedHashMap<>();
        for (SnnRun r : runs) {
            if (r.suppression() && !r.settle()) {
                perT.put(Integer.toString(r.timeSteps()), runMap(r));
            }
        }
        m.put("per_t", perT);
        SnnRun base = at(levels());
        if (base != null) {
            m.put("spikes_per_neuron", base.spikesPerNeuron());
            m.put("synops_per_inference", base.synopsPerInference());
        }
        List<Object> all = new ArrayList<>();
        for (SnnRun r : runs) {
            all.add(runMap(r));
        }
        m.put("runs", all);
        List<Object> ls = new ArrayList<>();
        for (LayerScale s : layers) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", s.name());
            x.put("weight_bits", s.weightBits());
            x.put("scale", s.scale());
            x.put("step_size", Double.isNaN(s.stepSize()) ? null : s.stepSize());
            x.put("threshold", s.threshold());
            x.put("membrane_start", s.membraneStart());
            x.put("max_abs_weight", s.maxAbsWeight());
            x.put("weight_rms_error", s.weightRmsError());
            x.put("weight_relative_error", s.weightRelError());
            x.put("threshold_relative_error", s.thresholdRelError());
            x.put("bias_max_error", s.biasMaxError());
            ls.add(x);
        }
        m.put("layers", ls);
        m.put("seconds", seconds);
        return m;
    }

    private static Map<String, Object> runMap(SnnRun r) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("images", r.images());
        x.put("time_steps", r.timeSteps());
        x.put("suppression", r.suppression());
        x.put("settle", r.settle());
        x.put("snn_accuracy", r.accuracy());
        x.put("agreement", r.agreement());
        x.put("int_qann_agreement", r.intAgreement());
        x.put("spikes_per_neuron", r.spikesPerNeuron());
        x.put("synops_per_inference", r.synopsPerInference());
        x.put("mean_steps_run", r.meanStepsRun());
        x.put("images_per_second", r.imagesPerSecond());
        return x;
    }

    /** A fixed-width text table of all figures. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s on %s, %d test images, %d-bit activations (L = %d), %d-bit weights%n",
                model, dataset, testImages, activationBits, levels(), weightBits));
        b.append(String.format(Locale.ROOT, "  %-34s %s%n", "float ANN accuracy", pct(floatAccuracy)));
        b.append(String.format(Locale.ROOT, "  %-34s %s%s%n", "quantized ANN accuracy (DJL)", pct(qannAccuracy),
                qannAccuracy.isPresent() && !qannMeasured ? "  (recorded at conversion)" : ""));
        b.append(String.format(Locale.ROOT, "  %-34s %7.2f%%%n", "integer quantized ANN accuracy", 100 * intQannAccuracy));
        if (intQannAgreement.isPresent()) {
            b.append(String.format(Locale.ROOT, "  %-34s %7.2f%%%n", "integer vs DJL quantized ANN agree",
                    100 * intQannAgreement.getAsDouble()));
        }
        b.append(String.format(Locale.ROOT, "%n  %-26s %9s %10s %10s %13s %14s %8s%n", "SNN run (images)", "accuracy",
                "agree QANN", "agree int", "spikes/neuron", "SynOps/image", "steps"));
        for (SnnRun r : runs) {
            b.append(String.format(Locale.ROOT, "  %-26s %8.2f%% %9.2f%% %9.2f%% %13.3f %14.0f %8.2f%n", r.label() + " (" + r.images() + ")",
                    100 * r.accuracy(), 100 * r.agreement(), 100 * r.intAgreement(), r.spikesPerNeuron(),
                    r.synopsPerInference(), r.meanStepsRun()));
        }
        if (!layers.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n  %-8s %5s %12s %10s %10s %10s %7s %11s %11s %9s%n", "layer",
                    "wbits", "scale K", "step s", "threshold", "V start", "max|w|", "w rms err", "w rel err", "Θ rel err"));
            for (LayerScale s : layers) {
                b.append(String.format(Locale.ROOT, "  %-8s %5d %12.4g %10.5f %10d %10d %7d %11.4f %11.2e %9.2e%n",
                        s.name(), s.weightBits(), s.scale(), s.stepSize(), s.threshold(), s.membraneStart(),
                        s.maxAbsWeight(),
                        s.weightRmsError(), s.weightRelError(), s.thresholdRelError()));
            }
        }
        return b.toString();
    }

    private static String pct(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%7.2f%%", 100 * v.getAsDouble()) : "    n/a";
    }
}
