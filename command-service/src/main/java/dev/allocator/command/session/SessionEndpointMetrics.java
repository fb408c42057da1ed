package dev.allocator.command.session;

import dev.allocator.http.Answer;
import dev.allocator.http.AnswerListener;
import dev.allocator.http.SessionMetrics;
import dev.allocator.http.SessionMetrics.Operation;
import org.springframework.stereotype.Component;

/**
 * Records sign-ins (POST /session), refreshes (POST /session/refresh) and sign-outs (DELETE /session) in {@link SessionMetrics} from
 * their answers, as the outermost filter reports them: refusals before the controller count too.
 */
@Component
class SessionEndpointMetrics implements AnswerListener {
    private final SessionMetrics metrics;

    SessionEndpointMetrics(SessionMetrics metrics) {
        this.metrics = metrics.performs(Operation.CREATE, Operation.REVOKE, Operation.REFRESH);
    }

    @Override
    public void answered(Answer answer) {
        if (answer.is("POST", "/session")) {
            metrics.record(Operation.CREATE, answer.outcome(), answer.nanos());
        } else if (answer.is("POST", "/session/refresh")) {
            metrics.record(Operation.REFRESH, answer.outcome(), answer.nanos());
        } else if (answer.is("DELETE", "/session")) {
            metrics.record(Operation.REVOKE, answer.outcome(), answer.nanos());
        }
    }
}
