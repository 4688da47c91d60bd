package io.spikemesh.converter.eval;

import io.spikemesh.protocol.SpikemeshException;
import java.util.List;

/**
 * What {@link Evaluator#evaluate} measures.
 *
 * @param stepMultipliers  T = m·L for each m (default 1, 2, 4)
 * @param withoutSuppression also run every T with suppression off
 * @param withSettle       also run T = L with a settle phase (counts must then equal the integer QANN's)
 * @param limit            evaluate only the first n test images (0 = all)
 * @param sweepLimit       the extra runs (T > L, suppression off) use only the first n of those (0 = all); the
 *                         T = L run and the settle run always use all
 * @param threads          simulator threads (each has its own simulator)
 */
public record EvalOptions(List<Integer> stepMultipliers, boolean withoutSuppression, boolean withSettle, int limit,
        int sweepLimit, int threads) {

    public EvalOptions {
        stepMultipliers = List.copyOf(stepMultipliers);
        if (stepMultipliers.isEmpty() || stepMultipliers.stream().anyMatch(m -> m < 1)) {
            throw new SpikemeshException("Step multipliers must be >= 1; got " + stepMultipliers + ".");
        }
        if (limit < 0 || sweepLimit < 0 || threads < 1) {
            throw new SpikemeshException("Evaluation limit must be >= 0 and threads >= 1.");
        }
    }

    public static EvalOptions defaults() {
        return new EvalOptions(List.of(1, 2, 4), true, true, 0, 0, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public EvalOptions withLimit(int n) {
        return new EvalOptions(stepMultipliers, withoutSuppression, withSettle, n, sweepLimit, threads);
    }

    public EvalOptions withThreads(int n) {
        return new EvalOptions(stepMultipliers, withoutSuppression, withSettle, limit, sweepLimit, n);
    }

    public EvalOptions withStepMultipliers(List<Integer> m) {
        return new EvalOptions(m, withoutSuppression, withSettle, limit, sweepLimit, threads);
    }

    public EvalOptions withoutSuppressionRuns(boolean on) {
        return new EvalOptions(stepMultipliers, on, withSettle, limit, sweepLimit, threads);
    }

    public EvalOptions withSweepLimit(int n) {
        return new EvalOptions(stepMultipliers, withoutSuppression, withSettle, limit, n, threads);
    }
}
