package io.spikemesh.runtime.coordinator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.transport.IdleStrategies;
import io.spikemesh.runtime.transport.TransportKind;
import java.time.Duration;

/**
 * Settings of one actor-runtime session. Defaults come from {@code spikemesh.runtime} in reference.conf, where each
 * is documented; {@link #validate()} checks all values before anything starts.
 *
 * @param transport       inproc, ipc or udp
 * @param partitionSize   most neurons per partition (like neurons per core), >= 1
 * @param window          samples in flight at once, >= 1
 * @param timeSteps       T; 0 takes the model's default
 * @param suppression     whether neurons emit -1 spikes
 * @param frameTimeout    how long the run may make no progress before it fails, naming the missing frame
 * @param idleStrategy    idle strategy of the transport agent (see IdleStrategies)
 * @param aeronDir        directory of a standalone media driver, or empty for an embedded one
 * @param termLength      Aeron term buffer length of the embedded driver (power of two, 64 KiB .. 1 GiB)
 * @param streamId        Aeron stream id of the spike frames
 * @param udpHost         UDP endpoint host
 * @param udpPort         UDP endpoint port, 0 = any free port
 */
public record RunOptions(TransportKind transport, int partitionSize, int window, int timeSteps, boolean suppression,
                         Duration frameTimeout, String idleStrategy, String aeronDir, int termLength, int streamId,
                         String udpHost, int udpPort) {

    /** The defaults of reference.conf (and of any application.conf overriding them). */
    public static RunOptions defaults() {
        return fromConfig(ConfigFactory.load().getConfig("spikemesh.runtime"));
    }

    /** Options from a {@code spikemesh.runtime} config section. */
    public static RunOptions fromConfig(Config c) {
        return new RunOptions(TransportKind.parse(c.getString("transport")), c.getInt("partition-size"),
                c.getInt("window"), c.getInt("time-steps"), c.getBoolean("suppression"),
                c.getDuration("frame-timeout"), c.getString("idle-strategy"), c.getString("aeron.dir"),
                (int) c.getBytes("aeron.term-length").longValue(), c.getInt("aeron.stream-id"),
                c.getString("aeron.udp-host"), c.getInt("aeron.udp-port"));
    }

    /** Checks every value; the message says which option is wrong and what is allowed. */
    public RunOptions validate() {
        if (transport == null) {
            throw new SpikemeshException("no transport given; use inproc, ipc or udp");
        }
        if (partitionSize < 1) {
            throw new SpikemeshException("partition size must be at least 1 neuron, got " + partitionSize
                    + "; it is the number of neurons per partition (like neurons per core)");
        }
        if (window < 1) {
            throw new SpikemeshException("window must be at least 1 sample in flight, got " + window);
        }
        if (timeSteps < 0) {
            throw new SpikemeshException("time steps must be >= 1 (or 0 for the model's default), got " + timeSteps);
        }
        if (frameTimeout == null || frameTimeout.isNegative() || frameTimeout.isZero()) {
            throw new SpikemeshException("frame timeout must be positive, got " + frameTimeout);
        }
        IdleStrategies.parse(idleStrategy);
        if (Integer.bitCount(termLength) != 1 || termLength < 65_536 || termLength > (1 << 30)) {
            throw new SpikemeshException("Aeron term length must be a power of two from 64 KiB to 1 GiB, got "
                    + termLength);
        }
        if (udpPort < 0 || udpPort > 65_535) {
            throw new SpikemeshException("UDP port must be 0 (any free port) to 65535, got " + udpPort);
        }
        return this;
    }

    public RunOptions withTransport(TransportKind value) {
        return new RunOptions(value, partitionSize, window, timeSteps, suppression, frameTimeout, idleStrategy,
                aeronDir, termLength, streamId, udpHost, udpPort);
    }

    /** Transport by name: inproc, ipc or udp. */
    public RunOptions withTransport(String name) {
        return withTransport(TransportKind.parse(name));
    }

    public RunOptions withPartitionSize(int value) {
        return new RunOptions(transport, value, window, timeSteps, suppression, frameTimeout, idleStrategy,
                aeronDir, termLength, streamId, udpHost, udpPort);
    }

    public RunOptions withWindow(int value) {
        return new RunOptions(transport, partitionSize, value, timeSteps, suppression, frameTimeout, idleStrategy,
                aeronDir, termLength, streamId, udpHost, udpPort);
    }

    public RunOptions withTimeSteps(int value) {
        return new RunOptions(transport, partitionSize, window, value, suppression, frameTimeout, idleStrategy,
                aeronDir, termLength, streamId, udpHost, udpPort);
    }

    public RunOptions withSuppression(boolean value) {
        return new RunOptions(transport, partitionSize, window, timeSteps, value, frameTimeout, idleStrategy,
                aeronDir, termLength, streamId, udpHost, udpPort);
    }

    public RunOptions withFrameTimeout(Duration value) {
        return new RunOptions(transport, partitionSize, window, timeSteps, suppression, value, idleStrategy,
                aeronDir, termLength, streamId, udpHost, udpPort);
    }

    public RunOptions withIdleStrategy(String value) {
        return new RunOptions(transport, partitionSize, window, timeSteps, suppression, frameTimeout, value,
                aeronDir, termLength, streamId, udpHost, udpPort);
    }

    public RunOptions withAeronDir(String value) {
        return new RunOptions(transport, partitionSize, window, timeSteps, suppression, frameTimeout, idleStrategy,
                value, termLength, streamId, udpHost, udpPort);
    }

    public RunOptions withUdpEndpoint(String host, int port) {
        return new RunOptions(transport, partitionSize, window, timeSteps, suppression, frameTimeout, idleStrategy,
                aeronDir, termLength, streamId, host, port);
    }
}
