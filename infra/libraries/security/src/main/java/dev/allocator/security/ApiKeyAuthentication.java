package dev.allocator.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API key: {@link #getName()} is the key id, the one authority is
 * {@code ROLE_<ROLE>}. What the rate limiter and the audit log read.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {
    private final StoredKey key;

    public ApiKeyAuthentication(StoredKey key) {
        super(List.of(new SimpleGrantedAuthority(key.role().authority())));
        this.key = key;
        setAuthenticated(true);
    }

    public StoredKey key() {
        return key;
    }

    public Role role() {
        return key.role();
    }

    @Override
    public String getName() {
        return key.id();
    }

    /** Never the key itself. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return key.id();
    }
}
