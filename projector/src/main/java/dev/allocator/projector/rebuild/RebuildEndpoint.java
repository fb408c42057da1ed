package dev.allocator.projector.rebuild;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code GET /actuator/readmodel} reports the last rebuild; {@code POST /actuator/readmodel}
 * starts one (see {@link ReadModelRebuild}).
 */
@Endpoint(id = "readmodel")
public class RebuildEndpoint {
    private final ReadModelRebuild rebuild;

    public RebuildEndpoint(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @ReadOperation
    public RebuildStatus status() {
        return rebuild.status();
    }

    @WriteOperation
    public RebuildStatus rebuild() {
        return rebuild.start();
    }
}
