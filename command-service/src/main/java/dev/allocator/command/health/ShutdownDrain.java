package dev.allocator.command.health;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing a closing instance does after its readiness turned OUT_OF_SERVICE (Spring Boot
 * publishes REFUSING_TRAFFIC as the web context starts closing): keep serving for the drain delay,
 * so that load balancers polling readiness stop sending before the web server stops accepting.
 * Only then does the graceful shutdown of the web server drain the requests in flight, while the
 * command gateway and the sponsor processor (phase 0, stopped later) still answer them. Without
 * it, a request routed between the readiness change and the balancer's next poll would meet a
 * closed port: the in-application form of a Kubernetes preStop sleep.
 */
final class ShutdownDrain implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration delay;
    private volatile boolean running;

    ShutdownDrain(Duration delay) {
        this.delay = delay;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (delay.isZero()) {
            return;
        }
        log.info("Readiness is OUT_OF_SERVICE; serving {} ms more before draining requests", delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before everything else, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
