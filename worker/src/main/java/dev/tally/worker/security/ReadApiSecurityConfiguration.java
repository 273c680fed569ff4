package dev.tally.worker.security;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one filter chain of the worker's HTTP port (read API and actuator). Declaring it makes Spring Boot's own
 * chains back off (the resource server's "everything authenticated", the actuator's "everything but health
 * authenticated", and the generated-password login), so that every rule is here:
 * <ul>
 * <li>Open read API ({@link ReadApiAccess#open()}): everything is permitted, as in contract v1.1.</li>
 * <li>JWT: every request needs a valid bearer token, checked by Spring Boot's {@code JwtDecoder}, except health
 * (with its probe groups and any additional probe paths), which orchestrators call without credentials, and the
 * OpenAPI document, which describes the API and how to authenticate, not its data. Which accounts and commands a
 * token may read is decided by the read API itself (a client's own, or all with scope {@code tally:operator}).
 * The other actuator endpoints ({@code prometheus}, {@code info}) need a valid token too: that is Spring Boot's
 * convention for actuator endpoints under Spring Security (ManagementWebSecurityAutoConfiguration: health open,
 * every other endpoint authenticated). Any valid token will do, as there; a Prometheus server scrapes with a token
 * of its own (its {@code authorization} setting).</li>
 * </ul>
 * No sessions and no CSRF protection: every request carries its own token and nothing is changed over HTTP. A
 * worker started without a web server (as tests of the Kafka side do) has no HTTP port to guard, and no chain.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ReadApiSecurityConfiguration {

    @Bean
    SecurityFilterChain readApiFilterChain(HttpSecurity http, ReadApiAccess access, JsonMapper json)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (access.open()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        ProblemAuthenticationEntryPoint unauthorized = new ProblemAuthenticationEntryPoint(json);
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class),
                                EndpointRequest.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class))
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        // A request that got past these rules and failed (an unknown path: 404) is answered by
                        // the error dispatch, which must not ask for the token again.
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(unauthorized)
                        .jwt(Customizer.withDefaults()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized))
                .build();
    }
}
