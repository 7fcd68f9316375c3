/**
 * The formal model of the authority lifecycle, exported for review and model checking: the
 * runtime state machine, the token life cycle and the invariants the implementation keeps, as
 * JSON, Graphviz DOT and a TLA+ specification ({@link io.ape.core.model.FormalModel}).
 *
 * <p>The state machine and token life cycle are generated from the code's own enums
 * ({@link io.ape.core.runtime.RuntimeState}, {@link io.ape.core.authority.TokenState}), so the
 * export cannot drift from the implementation. The invariants are checked against the
 * implementation by an exhaustive exploration test in ape-core.
 */
package io.ape.core.model;
