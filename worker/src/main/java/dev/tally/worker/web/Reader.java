package dev.tally.worker.web;

import java.util.Objects;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who reads (contract v1.2): the operator, who sees everything, or a client, named by its token's {@code sub}
 * claim, who sees its own accounts and the commands it sent.
 *
 * @param client the client's name; {@code null} for the operator, and for a token without {@code sub} (which owns
 *               nothing, since {@link #operator} is what grants everything)
 */
record Reader(boolean operator, String client) {

    /**
     * The authority that Spring Security's default JWT conversion makes of scope {@code tally:operator} in the
     * token's {@code scope} or {@code scp} claim.
     */
    static final String OPERATOR_SCOPE = "SCOPE_tally:operator";

    private static final Reader OPERATOR = new Reader(true, null);

    /**
     * The reader of the current request. Without a JWT authentication the read API is open (the security
     * configuration lets no request through to it unauthenticated otherwise), and an open API reads as the operator,
     * as in contract v1.1.
     */
    static Reader current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            return OPERATOR;
        }
        boolean operator = token.getAuthorities().stream()
                .anyMatch(authority -> OPERATOR_SCOPE.equals(authority.getAuthority()));
        return operator ? OPERATOR : new Reader(false, token.getToken().getSubject());
    }

    /** Whether this reader may see an account owned by {@code owner} ({@code null}: the operator's account). */
    boolean owns(String owner) {
        return operator || (client != null && Objects.equals(client, owner));
    }

    /** Whether this reader may see the outcome of a command sent by {@code principal} ({@code null}: the operator). */
    boolean sent(String principal) {
        return owns(principal);
    }
}
