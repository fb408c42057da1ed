package dev.allocator.query.session;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** GET /session: the caller's live session. */
@RestController
class SessionController {
    private final SessionAuthenticator sessions;

    SessionController(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/session")
    SessionResponse session(@RequestHeader(value = SessionAuthenticator.HEADER, required = false) String token) {
        AuthenticatedSession session = sessions.authenticate(token);
        return new SessionResponse(new SessionResponse.Session(
                session.token(),
                session.sponsor().checksummed(),
                session.expiresAt().toString()));
    }

    record SessionResponse(Session session) {
        record Session(String id, String address, String expiresAt) {}
    }
}
