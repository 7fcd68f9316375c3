/**
 * The public API of APE, the Agent Policy Engine: decisions, requests, the policy model,
 * provenance labels, audit events and the exception hierarchy.
 *
 * <p>Everything in this package is an immutable value type or an interface; it depends on the
 * JDK only. Application code and agent-framework integrations program against these types.
 * Internals of the engine live in {@code io.ape.core} and its {@code internal} packages.
 *
 * @since 0.1.0
 */
package io.ape.api;
