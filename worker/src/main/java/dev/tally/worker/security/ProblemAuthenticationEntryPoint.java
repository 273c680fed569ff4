package dev.tally.worker.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request without a valid bearer token with 401: the {@code WWW-Authenticate} header of RFC 6750 (set by
 * Spring Security's {@link BearerTokenAuthenticationEntryPoint}) and an RFC 9457 problem detail as body, the format
 * of every other error of the read API.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private static final String TYPE = "urn:tally:problem:unauthorized";

    private final AuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final JsonMapper json;

    ProblemAuthenticationEntryPoint(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException, ServletException {
        bearer.commence(request, response, failure);
        // The token's own fault (expired, bad signature, malformed) is what Spring Security already puts in the
        // WWW-Authenticate header; it says nothing about accounts.
        String detail = failure instanceof InvalidBearerTokenException
                ? "the bearer token was refused: " + failure.getMessage()
                : "this request needs a bearer token (Authorization: Bearer <JWT>)";
        // The fields in the order the read API's other problem details have them (alphabetical).
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("status", HttpStatus.UNAUTHORIZED.value());
        problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
        problem.put("type", TYPE);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
