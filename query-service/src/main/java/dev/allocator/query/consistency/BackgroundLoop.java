package dev.allocator.query.consistency;

/**
 * One daemon thread running a loop until stopped: the loop checks {@link #running()} each round;
 * stopping interrupts it and waits up to five seconds for it to end.
 */
final class BackgroundLoop {
    private final String name;
    private final Runnable body;
    private volatile boolean running;
    private Thread thread;

    BackgroundLoop(String name, Runnable body) {
        this.name = name;
        this.body = body;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    boolean running() {
        return running;
    }
}
