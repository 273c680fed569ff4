/**
 * Who may read what over HTTP (contract v1.2): the read API checks a bearer JWT when Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} is set, and otherwise stays open on purpose only.
 */
package dev.tally.worker.security;
