package io.spikemesh.converter.train;

import io.spikemesh.converter.data.KnownDataset;
import io.spikemesh.converter.model.Architecture;
import io.spikemesh.protocol.SpikemeshException;

/**
 * Settings of {@link QatTrainer#train}. {@link #defaults()} is the demo's 2-bit Fashion-MNIST CNN.
 *
 * @param dataset         which built-in dataset (its name goes into the model's metadata)
 * @param architecture    spec or preset, see {@link Architecture}
 * @param bits            activation bits b (1..8), T = L = 2^b − 1
 * @param floatEpochs     epochs of float pre-training (quantizers act as ReLU)
 * @param qatEpochs       epochs of quantization-aware fine-tuning
 * @param batchSize       mini-batch size
 * @param learningRate    peak learning rate of float pre-training (cosine decay within each phase)
 * @param qatLearningRate peak learning rate of QAT
 * @param optimizer       "adam" or "sgd" (momentum 0.9)
 * @param seed            seeds DJL/PyTorch and the shuffles: the same seed gives the same network
 * @param threads         PyTorch intra-op threads (read once, when the engine first loads)
 * @param trainLimit      use only the first n training images (0 = all), e.g. for quick tests
 */
public record TrainOptions(KnownDataset dataset, String architecture, int bits, int floatEpochs, int qatEpochs,
        int batchSize, float learningRate, float qatLearningRate, String optimizer, long seed, int threads,
        int trainLimit) {

    public TrainOptions {
        Architecture.checkBits(bits);
        Architecture.parse(architecture);
        if (floatEpochs < 0 || qatEpochs < 0 || floatEpochs + qatEpochs == 0) {
            throw new SpikemeshException("Epochs must be >= 0 with at least one in total; got float " + floatEpochs
                    + ", QAT " + qatEpochs + ".");
        }
        if (batchSize < 1) {
            throw new SpikemeshException("Batch size must be >= 1; got " + batchSize + ".");
        }
        if (!(learningRate > 0) || !(qatLearningRate > 0)) {
            throw new SpikemeshException("Learning rates must be positive.");
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new SpikemeshException("Unknown optimizer '" + optimizer + "'; use adam or sgd.");
        }
        if (threads < 1) {
            throw new SpikemeshException("Threads must be >= 1; got " + threads + ".");
        }
    }

    public static TrainOptions defaults() {
        return new TrainOptions(KnownDataset.FASHION_MNIST, "fashion-cnn", 2, 4, 4, 128, 2e-3f, 1e-3f, "adam", 42,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 0);
    }

    public TrainOptions withArchitecture(String spec) {
        return new TrainOptions(dataset, spec, bits, floatEpochs, qatEpochs, batchSize, learningRate, qatLearningRate,
                optimizer, seed, threads, trainLimit);
    }

    public TrainOptions withEpochs(int floatEpochs, int qatEpochs) {
        return new TrainOptions(dataset, architecture, bits, floatEpochs, qatEpochs, batchSize, learningRate,
                qatLearningRate, optimizer, seed, threads, trainLimit);
    }

    public TrainOptions withTrainLimit(int limit) {
        return new TrainOptions(dataset, architecture, bits, floatEpochs, qatEpochs, batchSize, learningRate,
                qatLearningRate, optimizer, seed, threads, limit);
    }

    public TrainOptions withBits(int b) {
        return new TrainOptions(dataset, architecture, b, floatEpochs, qatEpochs, batchSize, learningRate,
                qatLearningRate, optimizer, seed, threads, trainLimit);
    }

    public TrainOptions withDataset(KnownDataset d) {
        return new TrainOptions(d, architecture, bits, floatEpochs, qatEpochs, batchSize, learningRate,
                qatLearningRate, optimizer, seed, threads, trainLimit);
    }

    public TrainOptions withLearningRates(float lr, float qatLr) {
        return new TrainOptions(dataset, architecture, bits, floatEpochs, qatEpochs, batchSize, lr, qatLr, optimizer,
                seed, threads, trainLimit);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(dataset, architecture, bits, floatEpochs, qatEpochs, batchSize, learningRate,
                qatLearningRate, optimizer, s, threads, trainLimit);
    }
}
