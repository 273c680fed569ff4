package dev.tally.worker.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused read API setting into Spring Boot's "APPLICATION FAILED TO START" report (description and
 * action) instead of a stack trace of bean creation. Registered in {@code META-INF/spring.factories}.
 */
class ReadApiAccessFailureAnalyzer extends AbstractFailureAnalyzer<ReadApiAccessException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ReadApiAccessException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
