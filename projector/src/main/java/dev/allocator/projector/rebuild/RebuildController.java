package dev.allocator.projector.rebuild;

import dev.allocator.security.otp.SecondFactor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/read-model/rebuild} reports the last rebuild (auditor role); {@code POST}
 * starts one (operator role, and a one-time code when the key has a second factor enrolled). The
 * roles are the security library's path rules; see {@link ReadModelRebuild} for the rebuild.
 */
@RestController
public class RebuildController {
    private final ReadModelRebuild rebuild;
    private final SecondFactor secondFactor;

    public RebuildController(ReadModelRebuild rebuild, SecondFactor secondFactor) {
        this.rebuild = rebuild;
        this.secondFactor = secondFactor;
    }

    @GetMapping("/admin/read-model/rebuild")
    public RebuildStatus status() {
        return rebuild.status();
    }

    @PostMapping("/admin/read-model/rebuild")
    public RebuildStatus rebuild(@RequestHeader(name = SecondFactor.HEADER, required = false) String otp) {
        secondFactor.require(otp);
        return rebuild.start();
    }
}
